package org.basaltdb.server.layout;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.CorruptionException;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;

/**
 * The {@code .regioninfo} file: which table and key range a region directory holds. Layout in
 * {@code docs/formats/region-info.md}. Written to a temporary name and renamed, so it is either
 * whole or absent.
 */
public final class RegionInfoFile {
  /** "BRGI": written to disk, never change. */
  static final int MAGIC = 0x42524749;
  static final int VERSION = 1;
  private static final int MAX_SIZE = 1 << 20;

  private RegionInfoFile() {}

  public static byte[] encode(RegionInfo r) {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bos);
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeUTF(r.table().namespace());
      out.writeUTF(r.table().qualifier());
      out.writeInt(r.startKey().length);
      out.write(r.startKey());
      out.writeInt(r.endKey().length);
      out.write(r.endKey());
      out.writeLong(r.regionId());
      out.flush();
      byte[] body = bos.toByteArray();
      CRC32C crc = new CRC32C();
      crc.update(body);
      return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static RegionInfo decode(String file, byte[] data) throws CorruptionException {
    if (data == null) {
      // A meta row written only in part (e.g. a data directory removed under a running server)
      throw new CorruptionException(file, 0, "region info is missing");
    }
    if (data.length < 12) {
      throw new CorruptionException(file, 0, "region info is " + data.length + " bytes, too short");
    }
    CRC32C crc = new CRC32C();
    crc.update(data, 0, data.length - 4);
    int stored = ByteBuffer.wrap(data, data.length - 4, 4).getInt();
    if ((int) crc.getValue() != stored) {
      throw new CorruptionException(file, data.length - 4, "region info checksum mismatch");
    }
    try {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data, 0,
          data.length - 4));
      int magic = in.readInt();
      if (magic != MAGIC) {
        throw new CorruptionException(file, 0, String.format("bad magic 0x%08X", magic));
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new CorruptionException(file, 4, "unsupported region info version " + version);
      }
      TableName t = new TableName(in.readUTF(), in.readUTF());
      byte[] start = readBytes(file, in, data.length);
      byte[] end = readBytes(file, in, data.length);
      return new RegionInfo(t, start, end, in.readLong());
    } catch (EOFException | IllegalArgumentException e) {
      throw new CorruptionException(file, 0, "undecodable region info: " + e.getMessage(), e);
    } catch (CorruptionException e) {
      throw e;
    } catch (IOException e) {
      throw new CorruptionException(file, 0, "undecodable region info", e);
    }
  }

  private static byte[] readBytes(String file, DataInputStream in, int max) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > max) {
      throw new CorruptionException(file, 0, "key length " + n + " out of range");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  public static void write(FileSystem fs, Path regionDir, RegionInfo r) throws IOException {
    Path tmp = new Path(RegionLayout.tmpDir(regionDir), RegionLayout.REGION_INFO_FILE);
    Path dst = new Path(regionDir, RegionLayout.REGION_INFO_FILE);
    fs.mkdirs(tmp.getParent());
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(encode(r));
      out.hsync();
    }
    fs.delete(dst, false);
    if (!fs.rename(tmp, dst)) {
      throw new IOException("could not move " + tmp + " to " + dst);
    }
  }

  /** Reads the region info, or returns null when the file does not exist. */
  public static RegionInfo read(FileSystem fs, Path regionDir) throws IOException {
    Path p = new Path(regionDir, RegionLayout.REGION_INFO_FILE);
    if (!fs.exists(p)) {
      return null;
    }
    long len = fs.getFileStatus(p).getLen();
    if (len > MAX_SIZE) {
      throw new CorruptionException(p.toString(), 0, "region info is " + len + " bytes");
    }
    byte[] data = new byte[(int) len];
    try (FSDataInputStream in = fs.open(p)) {
      in.readFully(0, data);
    }
    return decode(p.toString(), data);
  }
}
