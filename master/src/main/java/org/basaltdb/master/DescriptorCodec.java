package org.basaltdb.master;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.TableDescriptor;

/**
 * How table and namespace descriptors are stored in the meta table. Layout in
 * {@code docs/formats/meta.md}; each value starts with a kind byte and a version byte, so the
 * encoding can grow without breaking what is stored.
 */
final class DescriptorCodec {
  /** Written to disk, never renumber. */
  static final int KIND_TABLE = 1;
  static final int KIND_NAMESPACE = 2;
  static final int VERSION = 1;

  private DescriptorCodec() {}

  static byte[] encode(TableDescriptor t) {
    return write(out -> {
      out.writeByte(KIND_TABLE);
      out.writeByte(VERSION);
      out.writeUTF(t.name().namespace());
      out.writeUTF(t.name().qualifier());
      out.writeByte(t.durability().code);
      out.writeInt(t.families().size());
      for (ColumnFamilyDescriptor f : t.families()) {
        out.writeInt(f.name().length);
        out.write(f.name());
        out.writeInt(f.maxVersions());
        out.writeInt(f.minVersions());
        out.writeInt(f.ttlSeconds());
        out.writeByte(f.keepDeletedCells().ordinal());
        out.writeUTF(f.bloomFilter());
        out.writeUTF(f.compression());
        out.writeInt(f.blockSize());
        out.writeBoolean(f.inMemory());
        out.writeBoolean(f.blockCache());
      }
    });
  }

  static TableDescriptor decodeTable(byte[] b) {
    return read(b, KIND_TABLE, in -> {
      TableName name = new TableName(in.readUTF(), in.readUTF());
      Durability d = Durability.ofCode(in.readByte());
      int n = in.readInt();
      if (n < 1 || n > 10_000) {
        throw new IOException("bad family count " + n);
      }
      List<ColumnFamilyDescriptor> fs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int len = in.readInt();
        if (len < 1 || len > 1024) {
          throw new IOException("bad family name length " + len);
        }
        byte[] fam = new byte[len];
        in.readFully(fam);
        ColumnFamilyDescriptor.Builder fb = ColumnFamilyDescriptor.builder(fam)
            .maxVersions(in.readInt()).minVersions(in.readInt());
        int ttl = in.readInt();
        if (ttl != ColumnFamilyDescriptor.FOREVER) {
          fb.ttlSeconds(ttl);
        }
        fb.keepDeletedCells(KeepDeletedCells.values()[in.readByte()])
            .bloomFilter(in.readUTF()).compression(in.readUTF()).blockSize(in.readInt())
            .inMemory(in.readBoolean()).blockCache(in.readBoolean());
        fs.add(fb.build());
      }
      return TableDescriptor.of(name, fs, d);
    });
  }

  static byte[] encode(NamespaceDescriptor ns) {
    return write(out -> {
      out.writeByte(KIND_NAMESPACE);
      out.writeByte(VERSION);
      out.writeUTF(ns.name());
      out.writeInt(ns.configuration().size());
      for (Map.Entry<String, String> e : ns.configuration().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
    });
  }

  static NamespaceDescriptor decodeNamespace(byte[] b) {
    return read(b, KIND_NAMESPACE, in -> {
      String name = in.readUTF();
      int n = in.readInt();
      if (n < 0 || n > 100_000) {
        throw new IOException("bad configuration size " + n);
      }
      Map<String, String> conf = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        conf.put(in.readUTF(), in.readUTF());
      }
      return new NamespaceDescriptor(name, conf);
    });
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer w) {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bos);
      w.write(out);
      out.flush();
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(byte[] b, int kind, Reader<T> r) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
      int k = in.readByte();
      int v = in.readByte();
      if (k != kind || v != VERSION) {
        throw new IOException("kind " + k + " version " + v + ", expected kind " + kind
            + " version " + VERSION);
      }
      return r.read(in);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("undecodable descriptor in the meta table: "
          + e.getMessage(), e);
    }
  }
}
