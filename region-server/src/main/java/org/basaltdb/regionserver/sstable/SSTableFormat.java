package org.basaltdb.regionserver.sstable;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;
import org.basaltdb.common.CorruptionException;

/**
 * Constants and block-level encoding of the SSTable format. The format is specified in
 * {@code docs/formats/sstable.md}; change both together.
 *
 * <pre>
 * file          := dataBlock* bloomBlock? indexBlock infoBlock trailer
 * block         := payload[size] blockTrailer
 * blockTrailer  := compression:u8 crc32c:u32      // crc32c of payload[] and compression
 * </pre>
 */
final class SSTableFormat {
  /** "BasaltST" in ASCII: the last 8 bytes of every SSTable. */
  static final long MAGIC = 0x42617361_6C745354L;

  /** The only version so far. Readers reject any other. */
  static final int VERSION = 1;

  static final int BLOCK_TRAILER_SIZE = 5;

  /** A data block gets a restart point (a full key) every this many cells: LevelDB's default. */
  static final int RESTART_INTERVAL = 16;

  /**
   * A compressed block is stored only if it saves at least 1/8 of the raw size (LevelDB's
   * rule); otherwise the raw bytes are stored with code NONE, which decodes faster.
   */
  static final int MIN_SAVING_DIVISOR = 8;

  private SSTableFormat() {}

  static int crc(byte[] b, int off, int len, int code) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, len);
    crc.update(code);
    return (int) crc.getValue();
  }

  static byte[] blockTrailer(byte[] payload, int code) {
    return blockTrailer(payload, payload.length, code);
  }

  /** The trailer of the block whose payload is {@code payload[0, len)}. */
  static byte[] blockTrailer(byte[] payload, int len, int code) {
    byte[] t = new byte[BLOCK_TRAILER_SIZE];
    t[0] = (byte) code;
    ByteWriter.putU32(t, 1, crc(payload, 0, len, code));
    return t;
  }

  /**
   * Reads one block with a positional read, verifies its checksum and decompresses it to exactly
   * {@code handle.rawSize()} bytes. {@code allowed} is the one compression besides NONE the
   * block may use.
   */
  static byte[] readBlock(FSDataInputStream in, String file, BlockHandle h, Compression allowed)
      throws IOException {
    byte[] stored = new byte[h.size() + BLOCK_TRAILER_SIZE];
    try {
      in.readFully(h.offset(), stored, 0, stored.length);
    } catch (EOFException e) {
      throw new CorruptionException(file, h.offset(), "block of " + stored.length
          + " bytes runs past the end of the file", e);
    }
    int code = stored[h.size()] & 0xFF;
    int expected = ByteReader.getU32(stored, h.size() + 1);
    int actual = crc(stored, 0, h.size(), code);
    if (expected != actual) {
      throw new CorruptionException(file, h.offset(), String.format(
          "block checksum mismatch: stored crc32c %08x, computed %08x", expected, actual));
    }
    Compression c = Compression.ofCode(code);
    if (c == null || (c != Compression.NONE && c != allowed)) {
      throw new CorruptionException(file, h.offset(), "block compression code " + code
          + " is not NONE or the file's " + allowed);
    }
    if (c == Compression.NONE) {
      if (h.size() != h.rawSize()) {
        throw new CorruptionException(file, h.offset(), "uncompressed block of " + h.size()
            + " bytes but the index says " + h.rawSize());
      }
      return h.size() == stored.length ? stored : java.util.Arrays.copyOf(stored, h.size());
    }
    byte[] raw = new byte[h.rawSize()];
    try {
      c.decompress(stored, 0, h.size(), raw);
    } catch (IOException | RuntimeException e) {
      // Codecs signal damage with their own runtime exceptions (LZ4Exception, ZstdException...).
      throw new CorruptionException(file, h.offset(), c + " decompression failed: " + e, e);
    }
    return raw;
  }
}
