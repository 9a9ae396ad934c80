package org.basaltdb.wal.format;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.wal.BulkLoadMarker;
import org.basaltdb.wal.WalEntry;

/**
 * Encodes and decodes records: the framing (length, CRC32C, type) and the entry and trailer
 * payloads. Stateless and thread-safe.
 *
 * <pre>
 * entry   := sequenceId:i64 writeTime:i64 regionLen:u16 region tableLen:u16 table
 *            cellCount:u32 cell*
 * cell    := rowLen:u16 row famLen:u8 family qualLen:u32 qualifier timestamp:i64 type:u8
 *            valueLen:u32 value          (type = Cell.Type.code)
 * trailer := entries:i64 firstSequenceId:i64 lastSequenceId:i64
 * bulkLoad := sequenceId:i64 writeTime:i64 regionLen:u16 region tableLen:u16 table
 *            familyCount:u32 (famLen:u8 family fileCount:u32 (nameLen:u16 name)*)*
 * </pre>
 */
public final class RecordCodec {
  private RecordCodec() {}

  /** The whole framed record for an entry; cells' own sequence ids are not written. */
  public static byte[] encodeEntry(String region, TableName table, long sequenceId,
      long writeTime, List<Cell> cells) {
    byte[] regionBytes = region.getBytes(StandardCharsets.UTF_8);
    byte[] tableBytes = (table.namespace() + ":" + table.qualifier())
        .getBytes(StandardCharsets.UTF_8);
    int size = WalFormat.MIN_ENTRY_PAYLOAD + regionBytes.length + tableBytes.length;
    for (Cell c : cells) {
      size += 2 + c.row().length + 1 + c.family().length + 4 + c.qualifier().length + 8 + 1 + 4
          + c.valueLength();
    }
    ByteBuffer b = ByteBuffer.allocate(WalFormat.RECORD_HEADER + size);
    b.position(WalFormat.RECORD_HEADER);
    b.putLong(sequenceId).putLong(writeTime);
    putShortBytes(b, regionBytes, "region name");
    putShortBytes(b, tableBytes, "table name");
    b.putInt(cells.size());
    for (Cell c : cells) {
      putShortBytes(b, c.row(), "row");
      if (c.family().length > 255) {
        throw new IllegalArgumentException("family longer than 255 bytes");
      }
      b.put((byte) c.family().length).put(c.family());
      b.putInt(c.qualifier().length).put(c.qualifier());
      b.putLong(c.timestamp()).put((byte) c.type().code);
      b.putInt(c.valueLength()).put(c.valueArray(), c.valueOffset(), c.valueLength());
    }
    return frame(b, WalFormat.TYPE_ENTRY);
  }

  /** The whole framed record of a bulk-load marker. */
  public static byte[] encodeBulkLoad(String region, TableName table, long sequenceId,
      long writeTime, BulkLoadMarker marker) {
    byte[] regionBytes = region.getBytes(StandardCharsets.UTF_8);
    byte[] tableBytes = (table.namespace() + ":" + table.qualifier())
        .getBytes(StandardCharsets.UTF_8);
    List<byte[]> names = new ArrayList<>();
    int size = WalFormat.MIN_ENTRY_PAYLOAD + regionBytes.length + tableBytes.length;
    for (BulkLoadMarker.Family f : marker.families()) {
      if (f.family().length > 255) {
        throw new IllegalArgumentException("family longer than 255 bytes");
      }
      size += 1 + f.family().length + 4;
      for (String n : f.files()) {
        byte[] b = n.getBytes(StandardCharsets.UTF_8);
        names.add(b);
        size += 2 + b.length;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(WalFormat.RECORD_HEADER + size);
    b.position(WalFormat.RECORD_HEADER);
    b.putLong(sequenceId).putLong(writeTime);
    putShortBytes(b, regionBytes, "region name");
    putShortBytes(b, tableBytes, "table name");
    b.putInt(marker.families().size());
    int i = 0;
    for (BulkLoadMarker.Family f : marker.families()) {
      b.put((byte) f.family().length).put(f.family());
      b.putInt(f.files().size());
      for (int j = 0; j < f.files().size(); j++) {
        putShortBytes(b, names.get(i++), "file name");
      }
    }
    return frame(b, WalFormat.TYPE_BULK_LOAD);
  }

  /** Decodes a bulk-load payload; a malformed payload is an IllegalArgumentException. */
  public static WalEntry decodeBulkLoad(byte[] payload) {
    try {
      ByteBuffer b = ByteBuffer.wrap(payload);
      Header h = Header.read(b);
      int n = count(b, 5, "family");
      List<BulkLoadMarker.Family> families = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] family = getBytes(b, b.get() & 0xFF);
        int files = b.getInt();
        if (files < 0 || files > b.remaining() / 2) {
          throw new IllegalArgumentException("bad file count " + files);
        }
        List<String> names = new ArrayList<>(files);
        for (int j = 0; j < files; j++) {
          names.add(new String(getShortBytes(b), StandardCharsets.UTF_8));
        }
        families.add(new BulkLoadMarker.Family(family, names));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " bytes after the last file name");
      }
      return new WalEntry(h.region(), h.table(), h.seq(), h.writeTime(), List.of(),
          new BulkLoadMarker(families));
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("bulk-load payload ends inside a field", e);
    }
  }

  /** The record of any entry, an edit or a marker (the splitter copies both). */
  public static byte[] encode(WalEntry e) {
    return e.isBulkLoad()
        ? encodeBulkLoad(e.region(), e.table(), e.sequenceId(), e.writeTime(), e.bulkLoad())
        : encodeEntry(e.region(), e.table(), e.sequenceId(), e.writeTime(), e.cells());
  }

  public static byte[] encodeTrailer(Trailer t) {
    ByteBuffer b = ByteBuffer.allocate(WalFormat.RECORD_HEADER + WalFormat.TRAILER_PAYLOAD);
    b.position(WalFormat.RECORD_HEADER);
    b.putLong(t.entries()).putLong(t.firstSequenceId()).putLong(t.lastSequenceId());
    return frame(b, WalFormat.TYPE_TRAILER);
  }

  /** Fills in length, type and checksum of a buffer whose payload follows the frame header. */
  private static byte[] frame(ByteBuffer b, int type) {
    byte[] a = b.array();
    int payload = a.length - WalFormat.RECORD_HEADER;
    a[8] = (byte) type;
    ByteBuffer.wrap(a).putInt(0, payload).putInt(4, crc(a, 8, payload + 1));
    return a;
  }

  public static int crc(byte[] a, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(a, off, len);
    return (int) crc.getValue();
  }

  private static void putShortBytes(ByteBuffer b, byte[] v, String what) {
    if (v.length > 0xFFFF) {
      throw new IllegalArgumentException(what + " longer than 65535 bytes");
    }
    b.putShort((short) v.length).put(v);
  }

  /** Decodes an entry payload; a malformed payload is an IllegalArgumentException. */
  public static WalEntry decodeEntry(byte[] payload) {
    try {
      ByteBuffer b = ByteBuffer.wrap(payload);
      Header h = Header.read(b);
      int n = count(b, 20, "cell");
      List<Cell> cells = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] row = getShortBytes(b);
        byte[] family = getBytes(b, b.get() & 0xFF);
        byte[] qualifier = getBytes(b, b.getInt());
        long ts = b.getLong();
        Cell.Type type = Cell.Type.ofCode(b.get() & 0xFF);
        byte[] value = getBytes(b, b.getInt());
        cells.add(new Cell(row, family, qualifier, ts, type, h.seq(), value));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " bytes after the last cell");
      }
      return new WalEntry(h.region(), h.table(), h.seq(), h.writeTime(), cells);
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("entry payload ends inside a field", e);
    }
  }

  public static Trailer decodeTrailer(byte[] payload) {
    if (payload.length != WalFormat.TRAILER_PAYLOAD) {
      throw new IllegalArgumentException("trailer of " + payload.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    return new Trailer(b.getLong(), b.getLong(), b.getLong());
  }

  /** What an entry and a bulk-load marker begin with. */
  private record Header(long seq, long writeTime, String region, TableName table) {
    static Header read(ByteBuffer b) {
      long seq = b.getLong();
      long writeTime = b.getLong();
      String region = new String(getShortBytes(b), StandardCharsets.UTF_8);
      TableName table = TableName.valueOf(new String(getShortBytes(b), StandardCharsets.UTF_8));
      return new Header(seq, writeTime, region, table);
    }
  }

  /**
   * Reads a count of items that take at least {@code minBytes} each; a count the rest of the
   * payload cannot hold is an IllegalArgumentException naming {@code what}.
   */
  private static int count(ByteBuffer b, int minBytes, String what) {
    int n = b.getInt();
    if (n < 0 || n > b.remaining() / minBytes) {
      throw new IllegalArgumentException("bad " + what + " count " + n);
    }
    return n;
  }

  private static byte[] getShortBytes(ByteBuffer b) {
    return getBytes(b, b.getShort() & 0xFFFF);
  }

  private static byte[] getBytes(ByteBuffer b, int n) {
    if (n < 0 || n > b.remaining()) {
      throw new IllegalArgumentException("field length " + n + " past the payload end");
    }
    byte[] v = new byte[n];
    b.get(v);
    return v;
  }

  /** The encoded file header. */
  public static byte[] encodeHeader(int kind, long createdAt, String writer) {
    byte[] w = writer.getBytes(StandardCharsets.UTF_8);
    if (w.length > 0xFFFF) {
      throw new IllegalArgumentException("writer name longer than 65535 bytes");
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(WalFormat.MAGIC);
      out.writeShort(WalFormat.VERSION);
      out.writeByte(kind);
      out.writeLong(createdAt);
      out.writeShort(w.length);
      out.write(w);
      byte[] a = bytes.toByteArray();
      out.writeInt(crc(a, 0, a.length));
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
