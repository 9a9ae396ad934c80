package org.basaltdb.regionserver.sstable;

import java.util.zip.CRC32C;
import org.basaltdb.common.CorruptionException;

/**
 * The fixed-size trailer at the end of every SSTable (all integers big-endian):
 *
 * <pre>
 *  0  bloomOffset:u64   bloomSize:u64 at 8     (size 0: no bloom block)
 * 16  indexOffset:u64   indexSize:u64 at 24
 * 32  infoOffset:u64    infoSize:u64  at 40
 * 48  maxRawBlockSize:u32
 * 52  version:u32
 * 56  crc32c:u32        of bytes [0, 56)
 * 60  magic:u64         "BasaltST"
 * </pre>
 *
 * Sizes exclude the 5-byte block trailers, like every {@link BlockHandle}.
 */
record Trailer(long bloomOffset, long bloomSize, long indexOffset, long indexSize,
    long infoOffset, long infoSize, int maxRawBlockSize, int version) {
  static final int SIZE = 68;

  byte[] encode() {
    byte[] b = new byte[SIZE];
    ByteWriter.putI64(b, 0, bloomOffset);
    ByteWriter.putI64(b, 8, bloomSize);
    ByteWriter.putI64(b, 16, indexOffset);
    ByteWriter.putI64(b, 24, indexSize);
    ByteWriter.putI64(b, 32, infoOffset);
    ByteWriter.putI64(b, 40, infoSize);
    ByteWriter.putU32(b, 48, maxRawBlockSize);
    ByteWriter.putU32(b, 52, version);
    ByteWriter.putU32(b, 56, crc(b));
    ByteWriter.putI64(b, 60, SSTableFormat.MAGIC);
    return b;
  }

  private static int crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b, 0, 56);
    return (int) c.getValue();
  }

  /**
   * Decodes and checks a trailer read from {@code [fileSize - SIZE, fileSize)}: magic, version,
   * checksum, and that the three meta blocks lie back to back, in order, just before it.
   */
  static Trailer decode(byte[] b, String file, long fileSize) throws CorruptionException {
    long at = fileSize - SIZE;
    long magic = ByteReader.getI64(b, 60);
    if (magic != SSTableFormat.MAGIC) {
      throw new CorruptionException(file, at, String.format(
          "bad magic %016x, expected %016x: not an SSTable or truncated", magic,
          SSTableFormat.MAGIC));
    }
    int version = ByteReader.getU32(b, 52);
    int stored = ByteReader.getU32(b, 56);
    if (stored != crc(b)) {
      throw new CorruptionException(file, at, "trailer checksum mismatch");
    }
    if (version != SSTableFormat.VERSION) {
      throw new CorruptionException(file, at, "unsupported format version " + version
          + " (this reader knows " + SSTableFormat.VERSION + ")");
    }
    Trailer t = new Trailer(ByteReader.getI64(b, 0), ByteReader.getI64(b, 8),
        ByteReader.getI64(b, 16), ByteReader.getI64(b, 24), ByteReader.getI64(b, 32),
        ByteReader.getI64(b, 40), ByteReader.getU32(b, 48), version);
    int bt = SSTableFormat.BLOCK_TRAILER_SIZE;
    boolean ok = t.infoSize >= 0 && t.indexSize >= 0 && t.bloomSize >= 0
        && t.infoSize <= Integer.MAX_VALUE && t.indexSize <= Integer.MAX_VALUE
        && t.bloomSize <= Integer.MAX_VALUE && t.maxRawBlockSize >= 0
        && t.infoOffset + t.infoSize + bt == at
        && t.indexOffset + t.indexSize + bt == t.infoOffset
        && (t.bloomSize == 0 ? t.bloomOffset == t.indexOffset
            : t.bloomOffset + t.bloomSize + bt == t.indexOffset)
        && t.bloomOffset >= 0;
    if (!ok) {
      throw new CorruptionException(file, at, "trailer block offsets out of range: " + t);
    }
    return t;
  }

  /** Where the data blocks end. */
  long dataEnd() {
    return bloomOffset;
  }

  BlockHandle bloomHandle() {
    return new BlockHandle(bloomOffset, (int) bloomSize, (int) bloomSize);
  }

  BlockHandle indexHandle() {
    return new BlockHandle(indexOffset, (int) indexSize, (int) indexSize);
  }

  BlockHandle infoHandle() {
    return new BlockHandle(infoOffset, (int) infoSize, (int) infoSize);
  }
}
