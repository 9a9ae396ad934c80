package org.basaltdb.regionserver.sstable;

import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CorruptionException;

/**
 * The encoded form of a cell key inside data and index blocks:
 *
 * <pre>
 * key := rowLen:u16 row[rowLen] famLen:u8 family[famLen] qualifier[*]
 *        timestamp:i64 type:u8 sequenceId:i64          (integers big-endian)
 * </pre>
 *
 * The qualifier's length is what is left: keyLen - 20 - rowLen - famLen. Rows of one file share
 * long prefixes, which the block's prefix compression removes.
 */
final class KeyCodec {
  /** rowLen (2) + famLen (1) + timestamp (8) + type (1) + sequence id (8). */
  static final int FIXED = 20;
  static final int MAX_ROW = 0xFFFF;
  static final int MAX_FAMILY = 0xFF;

  private KeyCodec() {}

  static int length(Cell c) {
    return FIXED + c.row().length + c.family().length + c.qualifier().length;
  }

  static void write(ByteWriter w, Cell c) {
    w.u16(c.row().length);
    w.bytes(c.row());
    w.u8(c.family().length);
    w.bytes(c.family());
    w.bytes(c.qualifier());
    w.i64(c.timestamp());
    w.u8(c.type().code);
    w.i64(c.sequenceId());
  }

  static byte[] encode(Cell c) {
    ByteWriter w = new ByteWriter(length(c));
    write(w, c);
    return w.toByteArray();
  }

  /**
   * Decodes {@code key[0, len)}. {@code family} is reused when equal to the decoded family (every
   * cell of a file has the same one). Search-only types are legal only in index separators.
   */
  static Cell decode(byte[] key, int len, byte[] value, byte[] family, boolean allowSearchTypes,
      String file, long blockOffset) throws CorruptionException {
    if (len < FIXED) {
      throw new CorruptionException(file, blockOffset, "cell key of " + len + " bytes < " + FIXED);
    }
    int rowLen = ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
    if (2 + rowLen + 1 > len - (FIXED - 3)) {
      throw new CorruptionException(file, blockOffset,
          "row length " + rowLen + " exceeds cell key of " + len + " bytes");
    }
    int famLen = key[2 + rowLen] & 0xFF;
    int famOff = 3 + rowLen;
    int qualOff = famOff + famLen;
    int tail = len - 17;
    if (qualOff > tail) {
      throw new CorruptionException(file, blockOffset,
          "family length " + famLen + " exceeds cell key of " + len + " bytes");
    }
    byte[] row = java.util.Arrays.copyOfRange(key, 2, 2 + rowLen);
    byte[] fam = family != null && Bytes.compare(family, 0, family.length, key, famOff, famLen) == 0
        ? family : java.util.Arrays.copyOfRange(key, famOff, qualOff);
    byte[] qual = java.util.Arrays.copyOfRange(key, qualOff, tail);
    long ts = ByteReader.getI64(key, tail);
    int code = key[tail + 8] & 0xFF;
    long seq = ByteReader.getI64(key, tail + 9);
    Cell.Type type;
    try {
      type = Cell.Type.ofCode(code);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException(file, blockOffset, "unknown cell type code " + code);
    }
    if (!allowSearchTypes && (type == Cell.Type.MINIMUM || type == Cell.Type.MAXIMUM)) {
      throw new CorruptionException(file, blockOffset, "search-only cell type " + type
          + " stored in a data block");
    }
    return new Cell(row, fam, qual, ts, type, seq, value);
  }
}
