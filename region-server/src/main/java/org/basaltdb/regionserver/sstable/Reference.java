package org.basaltdb.regionserver.sstable;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.CorruptionException;

/**
 * A reference file: stands in a daughter's (or merged region's) family directory for one half of
 * an SSTable that stays in the parent region's directory, so a split or merge copies no data.
 * Layout, naming and resolution rules are in {@code docs/formats/reference.md}.
 *
 * <p>A reference names the parent region (encoded name), the parent's file name, a split row and
 * a half: {@link Half#BOTTOM} is the rows below the split row, {@link Half#TOP} the rows at or
 * above it. A merge refers to a whole file as the top half at the parent's start row. The file is
 * named {@code <parentFile>.<parentRegion>} ({@link #fileName()}), which SSTable names (hex, no
 * dot) never look like, so stores and the janitor tell references apart by name alone. The
 * referenced SSTable lives at {@code ../../<parentRegion>/<family>/<parentFile>} relative to the
 * reference's family directory ({@link #referencedFile}): paths only, nothing in memory.
 *
 * <p>Immutable and thread-safe.
 */
public final class Reference {
  /** "BREF": written to disk, never change. */
  public static final int MAGIC = 0x42524546;
  /** The only format version; readers reject any other. */
  public static final int VERSION = 1;
  /** magic, version, half, two u16 name lengths, u32 row length, crc. */
  private static final int MIN_SIZE = 4 + 4 + 1 + 2 + 2 + 4 + 4;
  /** Generous bound: rows are at most 32 KiB (Limits), names are short. */
  private static final int MAX_SIZE = 1 << 20;
  /** Encoded region names are 32 lowercase hex digits (MurmurHash3-128). */
  private static final int ENCODED_NAME_LENGTH = 32;

  /** Which rows of the referenced file the reference exposes. */
  public enum Half {
    /** Rows strictly below the split row. Code 0: written to disk, never change. */
    BOTTOM(0),
    /** Rows at or above the split row. Code 1: written to disk, never change. */
    TOP(1);

    public final int code;

    Half(int code) {
      this.code = code;
    }

    static Half ofCode(int code) {
      for (Half h : values()) {
        if (h.code == code) {
          return h;
        }
      }
      return null;
    }
  }

  private final String parentRegion;
  private final String parentFile;
  private final Half half;
  private final byte[] splitRow;

  /**
   * A reference to {@code half} of SSTable {@code parentFile} of region {@code parentRegion}
   * (its encoded name). IllegalArgumentException if a name could not round-trip through the
   * file name (a dot or slash in it, or a region name that is not an encoded name), or for a
   * bottom half at the empty row (it would be empty).
   */
  public Reference(String parentRegion, String parentFile, Half half, byte[] splitRow) {
    if (!isEncodedName(parentRegion)) {
      throw new IllegalArgumentException("parent region '" + parentRegion
          + "' is not an encoded region name (32 hex digits)");
    }
    if (parentFile.isEmpty() || parentFile.startsWith(".") || parentFile.contains(".")
        || parentFile.contains("/")) {
      throw new IllegalArgumentException("'" + parentFile + "' cannot be referenced: only "
          + "SSTables (names without a dot) can, never another reference");
    }
    if (half == Half.BOTTOM && splitRow.length == 0) {
      throw new IllegalArgumentException("a bottom reference at the empty row would be empty");
    }
    this.parentRegion = parentRegion;
    this.parentFile = parentFile;
    this.half = java.util.Objects.requireNonNull(half, "half");
    this.splitRow = splitRow.clone();
  }

  /** The rows of {@code parentFile} below {@code splitRow}. */
  public static Reference bottom(String parentRegion, String parentFile, byte[] splitRow) {
    return new Reference(parentRegion, parentFile, Half.BOTTOM, splitRow);
  }

  /** The rows of {@code parentFile} at or above {@code splitRow}. */
  public static Reference top(String parentRegion, String parentFile, byte[] splitRow) {
    return new Reference(parentRegion, parentFile, Half.TOP, splitRow);
  }

  public String parentRegion() {
    return parentRegion;
  }

  public String parentFile() {
    return parentFile;
  }

  public Half half() {
    return half;
  }

  public byte[] splitRow() {
    return splitRow.clone();
  }

  /** Whether {@code row} is in the referenced half. */
  public boolean containsRow(byte[] row) {
    int c = Bytes.compare(row, splitRow);
    return half == Half.TOP ? c >= 0 : c < 0;
  }

  /** The reference's own file name: {@code <parentFile>.<parentRegion>}. */
  public String fileName() {
    return parentFile + "." + parentRegion;
  }

  /** Whether a file name in a family directory is a reference's (not an SSTable's). */
  public static boolean isReferenceName(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && !name.startsWith(".") && isEncodedName(name.substring(dot + 1));
  }

  /** Whether {@code name} is the name of a reference into region {@code encodedRegion}. */
  public static boolean refersTo(String name, String encodedRegion) {
    return isReferenceName(name) && name.endsWith("." + encodedRegion);
  }

  private static boolean isEncodedName(String s) {
    if (s.length() != ENCODED_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where the referenced SSTable is, given where this reference is: a reference at
   * {@code <table>/<region>/<family>/<ref>} refers to
   * {@code <table>/<parentRegion>/<family>/<parentFile>}.
   */
  public Path referencedFile(Path referencePath) {
    Path familyDir = referencePath.getParent();
    Path tableDir = familyDir.getParent().getParent();
    return new Path(new Path(new Path(tableDir, parentRegion), familyDir.getName()), parentFile);
  }

  /** {@code whole}, an iterator over the referenced file, narrowed to this reference's half. */
  public CellIterator halfOf(CellIterator whole) {
    return new HalfIterator(whole, half == Half.TOP, splitRow);
  }

  /**
   * The key (value empty) of the first cell of the half in {@code r}, the referenced file, or
   * null if the half holds no cell. Reads at most one data block.
   */
  public Cell firstKeyIn(SSTableReader r) throws IOException {
    Cell first = r.info().firstKey();
    if (first == null || containsRow(first.row())) {
      return first;
    }
    if (half == Half.BOTTOM) {
      return null; // every row of the file is at or above the split row
    }
    try (CellIterator it = halfOf(r.iterator())) {
      it.seek(Cell.firstOnRow(splitRow));
      return it.valid() ? it.cell().withValue(Bytes.EMPTY) : null;
    }
  }

  /**
   * The key (value empty) of the last cell of the half in {@code r}, the referenced file, or
   * null if the half holds no cell. Reads at most a few data blocks.
   */
  public Cell lastKeyIn(SSTableReader r) throws IOException {
    Cell last = r.info().lastKey();
    if (last == null || containsRow(last.row())) {
      return last;
    }
    if (half == Half.TOP) {
      return null; // every row of the file is below the split row
    }
    try (CellIterator it = halfOf(r.iterator())) {
      if (!it.seekToPreviousRow(splitRow)) {
        return null;
      }
      Cell c = it.cell();
      for (it.next(); it.valid(); it.next()) {
        c = it.cell();
      }
      return c.withValue(Bytes.EMPTY);
    }
  }

  // ------------------------------------------------------------------ format

  /** The file's bytes (see the format document). */
  public byte[] encode() {
    byte[] region = parentRegion.getBytes(StandardCharsets.UTF_8);
    byte[] file = parentFile.getBytes(StandardCharsets.UTF_8);
    if (file.length > 0xFFFF) {
      throw new IllegalArgumentException("parent file name of " + file.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.allocate(MIN_SIZE + region.length + file.length + splitRow.length);
    b.putInt(MAGIC).putInt(VERSION).put((byte) half.code);
    b.putShort((short) region.length).put(region);
    b.putShort((short) file.length).put(file);
    b.putInt(splitRow.length).put(splitRow);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /**
   * Parses a reference file's bytes. Every failed check (length, CRC, magic, version, half code,
   * field lengths, names) is a {@link CorruptionException} naming {@code file} and the offset.
   */
  public static Reference decode(String file, byte[] data) throws CorruptionException {
    if (data.length < MIN_SIZE) {
      throw new CorruptionException(file, 0, "reference file is " + data.length
          + " bytes, shorter than the smallest possible (" + MIN_SIZE + "): truncated");
    }
    CRC32C crc = new CRC32C();
    crc.update(data, 0, data.length - 4);
    ByteBuffer b = ByteBuffer.wrap(data);
    int stored = b.getInt(data.length - 4);
    if ((int) crc.getValue() != stored) {
      throw new CorruptionException(file, data.length - 4, "reference checksum mismatch");
    }
    int magic = b.getInt();
    if (magic != MAGIC) {
      throw new CorruptionException(file, 0, String.format("bad magic 0x%08X, not a reference "
          + "file (0x%08X)", magic, MAGIC));
    }
    int version = b.getInt();
    if (version != VERSION) {
      throw new CorruptionException(file, 4, "unsupported reference format version " + version);
    }
    int halfCode = b.get() & 0xFF;
    Half half = Half.ofCode(halfCode);
    if (half == null) {
      throw new CorruptionException(file, 8, "unknown half code " + halfCode);
    }
    int end = data.length - 4;
    String region = new String(field(file, b, b.getShort() & 0xFFFF, end, 2, "parent region"),
        StandardCharsets.UTF_8);
    String parentFile = new String(field(file, b, b.getShort() & 0xFFFF, end, 2, "parent file"),
        StandardCharsets.UTF_8);
    if (b.position() + 4 > end) {
      throw new CorruptionException(file, b.position(), "no room for the split row length");
    }
    byte[] row = field(file, b, b.getInt(), end, 4, "split row");
    if (b.position() != end) {
      throw new CorruptionException(file, b.position(), (end - b.position())
          + " unexpected bytes before the checksum");
    }
    try {
      return new Reference(region, parentFile, half, row);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException(file, 9, "invalid reference: " + e.getMessage(), e);
    }
  }

  /** Reads a length-prefixed field whose length ({@code lenBytes} wide) was just read. */
  private static byte[] field(String file, ByteBuffer b, int len, int end, int lenBytes,
      String what) throws CorruptionException {
    int lenAt = b.position() - lenBytes;
    if (len < 0 || len > end - b.position()) {
      throw new CorruptionException(file, lenAt, what + " length " + len
          + " runs past the end of the reference");
    }
    byte[] out = new byte[len];
    b.get(out);
    return out;
  }

  /**
   * Reads and checks the reference at {@code p}, including that its name is the one its
   * content gives (a renamed reference would hide from the janitor).
   */
  public static Reference read(FileSystem fs, Path p) throws IOException {
    String file = p.toString();
    long len = fs.getFileStatus(p).getLen();
    if (len > MAX_SIZE) {
      throw new CorruptionException(file, 0, "reference file is " + len + " bytes, more than "
          + MAX_SIZE);
    }
    byte[] data = new byte[(int) len];
    try (FSDataInputStream in = fs.open(p)) {
      in.readFully(0, data);
    } catch (EOFException e) {
      throw new CorruptionException(file, 0, "unexpected end of file", e);
    }
    Reference r = decode(file, data);
    if (!p.getName().equals(r.fileName())) {
      throw new CorruptionException(file, 0, "reference to " + r.parentFile + " of region "
          + r.parentRegion + " must be named " + r.fileName());
    }
    return r;
  }

  /**
   * Writes this reference into {@code familyDir} under its {@link #fileName()}: first to
   * {@code tmpDir}, synced, then renamed, so a reference is whole or absent. Returns its path.
   */
  public Path write(FileSystem fs, Path familyDir, Path tmpDir) throws IOException {
    Path tmp = new Path(tmpDir, fileName());
    Path dst = new Path(familyDir, fileName());
    fs.mkdirs(tmpDir);
    fs.mkdirs(familyDir);
    try (FSDataOutputStream out = fs.create(tmp, true)) {
      out.write(encode());
      out.hsync();
    }
    if (!fs.rename(tmp, dst)) {
      fs.delete(tmp, false);
      throw new IOException("could not move " + tmp + " to " + dst);
    }
    return dst;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reference r && parentRegion.equals(r.parentRegion)
        && parentFile.equals(r.parentFile) && half == r.half
        && Arrays.equals(splitRow, r.splitRow);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * parentRegion.hashCode() + parentFile.hashCode()) + half.hashCode();
  }

  /** E.g. {@code bottom half (rows < 'm') of 3f2a... in region 9c01...}. */
  @Override
  public String toString() {
    return (half == Half.BOTTOM ? "bottom half (rows < '" : "top half (rows >= '")
        + Bytes.toStringBinary(splitRow) + "') of " + parentFile + " in region " + parentRegion;
  }
}
