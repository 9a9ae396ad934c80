package org.basaltdb.regionserver.sstable;

import java.util.Arrays;
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
    int qualOff = qualifierOffset(key, len, file, blockOffset);
    int rowLen = rowLength(key);
    int famOff = 3 + rowLen;
    int tail = len - 17;
    byte[] row = Arrays.copyOfRange(key, 2, 2 + rowLen);
    byte[] fam = family != null && sameBytes(key, famOff, qualOff, family)
        ? family : Arrays.copyOfRange(key, famOff, qualOff);
    byte[] qual = Arrays.copyOfRange(key, qualOff, tail);
    Cell.Type type = type(key[tail + 8] & 0xFF, allowSearchTypes, file, blockOffset);
    return new Cell(row, fam, qual, ByteReader.getI64(key, tail), type,
        ByteReader.getI64(key, tail + 9), value);
  }

  /**
   * Decodes a data block's key {@code key[0, len)} into a cell whose value is {@code
   * valueArray[valueOffset, valueOffset + valueLength)}, not copied (null: an empty value).
   *
   * <p>{@code prev} is the cell decoded before from the same key buffer (or null), and the
   * buffer's first {@code sameAsPrev} bytes are still that cell's key of {@code prevLen} bytes:
   * whatever lies within them (row, family, qualifier) is shared with {@code prev} instead of
   * copied, so the cells of one row share one row array (and its prefixes, read once). A row or
   * family equal to {@code prev}'s outside them is shared too.
   */
  static Cell decodeData(byte[] key, int len, Cell prev, int sameAsPrev, int prevLen,
      byte[] valueArray, int valueOffset, int valueLength, String file, long blockOffset)
      throws CorruptionException {
    int qualOff = qualifierOffset(key, len, file, blockOffset);
    int rowLen = rowLength(key);
    int famOff = 3 + rowLen;
    int tail = len - 17;
    Cell.Type type = type(key[tail + 8] & 0xFF, false, file, blockOffset);
    long ts = ByteReader.getI64(key, tail);
    long seq = ByteReader.getI64(key, tail + 9);
    byte[] fam;
    byte[] qual;
    if (prev != null && sameAsPrev >= qualOff) {
      fam = prev.family();
      qual = sameAsPrev >= tail && prevLen == len ? prev.qualifier()
          : Arrays.copyOfRange(key, qualOff, tail);
    } else {
      fam = prev != null && sameBytes(key, famOff, qualOff, prev.family())
          ? prev.family() : Arrays.copyOfRange(key, famOff, qualOff);
      qual = Arrays.copyOfRange(key, qualOff, tail);
    }
    if (valueArray == null || valueLength == 0) {
      valueArray = Bytes.EMPTY;
      valueOffset = 0;
      valueLength = 0;
    }
    if (prev != null && (sameAsPrev >= 2 + rowLen || sameBytes(key, 2, 2 + rowLen, prev.row()))) {
      // The same row (a restart point stores its whole key, so compare when not shared).
      return Cell.onRowOf(prev, fam, qual, ts, type, seq, valueArray, valueOffset, valueLength);
    }
    return Cell.ofValueSlice(Arrays.copyOfRange(key, 2, 2 + rowLen), fam, qual, ts, type, seq,
        valueArray, valueOffset, valueLength);
  }

  /**
   * Compares the data block key {@code key[0, len)} with {@code target} in {@link
   * org.basaltdb.common.CellComparator} order, without building a cell: a seek steps over most
   * keys it reads.
   */
  static int compare(byte[] key, int len, Cell target, String file, long blockOffset)
      throws CorruptionException {
    int qualOff = qualifierOffset(key, len, file, blockOffset);
    int rowLen = rowLength(key);
    byte[] row = target.row();
    int c = Arrays.compareUnsigned(key, 2, 2 + rowLen, row, 0, row.length);
    if (c != 0) {
      return c;
    }
    byte[] fam = target.family();
    c = Arrays.compareUnsigned(key, 3 + rowLen, qualOff, fam, 0, fam.length);
    if (c != 0) {
      return c;
    }
    int tail = len - 17;
    byte[] qual = target.qualifier();
    c = Arrays.compareUnsigned(key, qualOff, tail, qual, 0, qual.length);
    if (c != 0) {
      return c;
    }
    c = Long.compare(target.timestamp(), ByteReader.getI64(key, tail));
    if (c != 0) {
      return c;
    }
    c = Integer.compare(target.type().code, type(key[tail + 8] & 0xFF, false, file, blockOffset)
        .code);
    if (c != 0) {
      return c;
    }
    return Long.compare(target.sequenceId(), ByteReader.getI64(key, tail + 9));
  }

  private static int rowLength(byte[] key) {
    return ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
  }

  /** Checks the key's layout (row and family inside it); returns the qualifier's offset. */
  private static int qualifierOffset(byte[] key, int len, String file, long blockOffset)
      throws CorruptionException {
    if (len < FIXED) {
      throw new CorruptionException(file, blockOffset, "cell key of " + len + " bytes < " + FIXED);
    }
    int rowLen = rowLength(key);
    if (2 + rowLen + 1 > len - (FIXED - 3)) {
      throw new CorruptionException(file, blockOffset,
          "row length " + rowLen + " exceeds cell key of " + len + " bytes");
    }
    int famLen = key[2 + rowLen] & 0xFF;
    int qualOff = 3 + rowLen + famLen;
    if (qualOff > len - 17) {
      throw new CorruptionException(file, blockOffset,
          "family length " + famLen + " exceeds cell key of " + len + " bytes");
    }
    return qualOff;
  }

  private static Cell.Type type(int code, boolean allowSearchTypes, String file, long blockOffset)
      throws CorruptionException {
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
    return type;
  }

  /** Whether {@code key[from, to)} holds the bytes of {@code b} (families: a byte or a few). */
  private static boolean sameBytes(byte[] key, int from, int to, byte[] b) {
    if (to - from != b.length) {
      return false;
    }
    for (int i = 0; i < b.length; i++) {
      if (key[from + i] != b[i]) {
        return false;
      }
    }
    return true;
  }
}
