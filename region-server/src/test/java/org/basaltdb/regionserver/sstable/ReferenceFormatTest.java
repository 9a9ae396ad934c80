package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.CorruptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference file format byte by byte: the worked example of docs/formats/reference.md, round
 * trips, names, and damage (every flipped byte and every truncation is a CorruptionException
 * naming the file and an offset inside it).
 */
class ReferenceFormatTest {
  private static final String PARENT = "dcf7e733e62bb59214bc84eb0d6da6e0";
  private static final String FILE = "0f3c9a7e5b2d4c1e8a6f0b9d7c5e3a1f";

  @TempDir
  java.nio.file.Path dir;

  @Test
  void encodesTheWorkedExampleOfTheFormatDocument() {
    String hex = "42524546" + "00000001" + "00" + "0020"
        + HexFormat.of().formatHex(Bytes.toBytes(PARENT)) + "0020"
        + HexFormat.of().formatHex(Bytes.toBytes(FILE)) + "00000001" + "6d" + "da82bf3a";
    Reference r = Reference.bottom(PARENT, FILE, Bytes.toBytes("m"));
    assertEquals(hex, HexFormat.of().formatHex(r.encode()));
    assertEquals(86, r.encode().length);
    assertEquals(FILE + "." + PARENT, r.fileName());
  }

  @Test
  void roundTripsBothHalvesAndBinaryRows() throws Exception {
    for (Reference r : new Reference[] {
        Reference.bottom(PARENT, FILE, new byte[] {0, (byte) 0xFF, 7}),
        Reference.top(PARENT, FILE, Bytes.toBytes("row-050")),
        Reference.top(PARENT, FILE, Bytes.EMPTY)}) {
      Reference back = Reference.decode("x", r.encode());
      assertEquals(r, back);
      assertArrayEquals(r.splitRow(), back.splitRow());
      assertEquals(r.half(), back.half());
    }
  }

  @Test
  void halvesSplitRowsAtTheSplitRow() {
    Reference bottom = Reference.bottom(PARENT, FILE, Bytes.toBytes("m"));
    Reference top = Reference.top(PARENT, FILE, Bytes.toBytes("m"));
    for (String row : new String[] {"", "a", "l\u00ff", "m", "m\u0000", "z"}) {
      byte[] b = Bytes.toBytes(row);
      assertTrue(bottom.containsRow(b) != top.containsRow(b), "exactly one half holds " + row);
    }
    assertTrue(top.containsRow(Bytes.toBytes("m")));
    assertFalse(bottom.containsRow(Bytes.toBytes("m")));
    assertTrue(Reference.top(PARENT, FILE, Bytes.EMPTY).containsRow(Bytes.EMPTY),
        "a merge's top half at the empty row is the whole file");
  }

  @Test
  void namesTellReferencesFromSSTables() {
    assertTrue(Reference.isReferenceName(FILE + "." + PARENT));
    assertTrue(Reference.refersTo(FILE + "." + PARENT, PARENT));
    assertFalse(Reference.refersTo(FILE + "." + PARENT, FILE));
    assertFalse(Reference.isReferenceName(FILE), "an SSTable name");
    assertFalse(Reference.isReferenceName("dump.sst"));
    assertFalse(Reference.isReferenceName("." + PARENT));
    assertFalse(Reference.isReferenceName(FILE + "." + PARENT.toUpperCase()));
    assertFalse(Reference.isReferenceName(FILE + "." + PARENT.substring(1)));
  }

  @Test
  void refusesWhatCouldNotRoundTripThroughItsName() {
    assertThrows(IllegalArgumentException.class,
        () -> Reference.top(PARENT, FILE + "." + PARENT, Bytes.toBytes("m")),
        "a reference to a reference");
    assertThrows(IllegalArgumentException.class,
        () -> Reference.top("not-a-region", FILE, Bytes.toBytes("m")));
    assertThrows(IllegalArgumentException.class, () -> Reference.top(PARENT, "", Bytes.EMPTY));
    assertThrows(IllegalArgumentException.class,
        () -> Reference.bottom(PARENT, FILE, Bytes.EMPTY), "an empty bottom half");
  }

  @Test
  void resolvesTheReferencedFileFromPathsAlone() {
    Reference r = Reference.top(PARENT, FILE, Bytes.toBytes("m"));
    Path ref = new Path("/root/data/default/t/daughter/f/" + r.fileName());
    assertEquals(new Path("/root/data/default/t/" + PARENT + "/f/" + FILE),
        r.referencedFile(ref));
  }

  @Test
  void writesWholeUnderItsNameAndReadsBack() throws Exception {
    FileSystem fs = SSTableTestUtil.localFs();
    Path fam = new Path(dir.toUri().toString(), "d/f");
    Path tmp = new Path(dir.toUri().toString(), "d/.tmp");
    Reference r = Reference.top(PARENT, FILE, Bytes.toBytes("m"));
    Path p = r.write(fs, fam, tmp);
    assertEquals(r.fileName(), p.getName());
    assertEquals(r, Reference.read(fs, p));
    assertEquals(0, fs.listStatus(tmp).length, "nothing left in .tmp");

    Path renamed = new Path(fam, FILE + "." + "0".repeat(32));
    assertTrue(fs.rename(p, renamed));
    CorruptionException e = assertThrows(CorruptionException.class,
        () -> Reference.read(fs, renamed));
    assertTrue(e.getMessage().contains(renamed.toString()) && e.getMessage().contains("named"),
        e.getMessage());
  }

  @Test
  void everyFlippedByteIsACorruptionNamingFileAndOffset() {
    byte[] good = Reference.bottom(PARENT, FILE, Bytes.toBytes("row-5")).encode();
    for (int i = 0; i < good.length; i++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) bit;
        CorruptionException e = assertThrows(CorruptionException.class,
            () -> Reference.decode("the-file", bad), "flip at " + i);
        assertEquals("the-file", e.file());
        assertTrue(e.offset() >= 0 && e.offset() < good.length, "offset " + e.offset());
      }
    }
  }

  @Test
  void everyTruncationIsACorruption() {
    byte[] good = Reference.top(PARENT, FILE, Bytes.toBytes("row-5")).encode();
    for (int n = 0; n < good.length; n++) {
      byte[] cut = Arrays.copyOf(good, n);
      CorruptionException e = assertThrows(CorruptionException.class,
          () -> Reference.decode("the-file", cut), "cut to " + n);
      assertTrue(e.getMessage().startsWith("the-file at offset "), e.getMessage());
    }
  }

  @Test
  void checksummedButInvalidContentIsStillACorruption() throws Exception {
    // A valid CRC over a bad version and over an unknown half code.
    byte[] good = Reference.top(PARENT, FILE, Bytes.toBytes("m")).encode();
    byte[] badVersion = good.clone();
    badVersion[7] = 2;
    fixCrc(badVersion);
    CorruptionException v = assertThrows(CorruptionException.class,
        () -> Reference.decode("f", badVersion));
    assertEquals(4, v.offset());
    assertTrue(v.getMessage().contains("version 2"), v.getMessage());
    byte[] badHalf = good.clone();
    badHalf[8] = 9;
    fixCrc(badHalf);
    assertEquals(8, assertThrows(CorruptionException.class,
        () -> Reference.decode("f", badHalf)).offset());
  }

  @Test
  void aDamagedFileOnDiskNamesItsPath() throws Exception {
    FileSystem fs = SSTableTestUtil.localFs();
    Reference r = Reference.top(PARENT, FILE, Bytes.toBytes("m"));
    Path p = r.write(fs, new Path(dir.toUri().toString(), "f"),
        new Path(dir.toUri().toString(), ".tmp"));
    java.nio.file.Path local = java.nio.file.Path.of(p.toUri());
    byte[] b = Files.readAllBytes(local);
    b[20] ^= 0x10;
    Files.write(local, b);
    CorruptionException e = assertThrows(CorruptionException.class, () -> Reference.read(fs, p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
  }

  private static void fixCrc(byte[] b) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(b, 0, b.length - 4);
    java.nio.ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
  }
}
