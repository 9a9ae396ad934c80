package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dump-sstable} pointed at a reference prints the reference, then its half's cells. */
class ReferenceDumpTest {
  private static final String PARENT = "dcf7e733e62bb59214bc84eb0d6da6e0";
  private static final String FILE = "0f3c9a7e5b2d4c1e8a6f0b9d7c5e3a1f";

  @TempDir
  java.nio.file.Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return DumpSSTable.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsTheReferenceAndOnlyItsHalf() throws Exception {
    FileSystem fs = SSTableTestUtil.localFs();
    Path table = new Path(dir.toUri().toString(), "data/default/t");
    List<Cell> cells = SSTableTestUtil.variedCells(new Random(5), 30, 100);
    SSTableTestUtil.write(fs, new Path(table, PARENT + "/cf/" + FILE),
        SSTableOptions.defaults(), cells);
    byte[] split = Bytes.toBytes("user");
    Reference ref = Reference.bottom(PARENT, FILE, split);
    Path p = ref.write(fs, new Path(table, "child/cf"), new Path(table, "child/.tmp"));
    long below = cells.stream().filter(c -> ref.containsRow(c.row())).count();
    assertTrue(below > 0 && below < cells.size());

    assertEquals(0, run(p.toString()), err.toString(StandardCharsets.UTF_8));
    String s = out.toString(StandardCharsets.UTF_8);
    assertTrue(s.contains("== reference") && s.contains("parentRegion=" + PARENT)
        && s.contains("parentFile=" + FILE) && s.contains("half=BOTTOM (rows < 'user')"), s);
    assertTrue(s.contains("referencedFile=") && s.contains(PARENT + "/cf/" + FILE), s);
    assertTrue(s.contains("== cells of the bottom half"), s);
    assertTrue(s.contains("== " + below + " cells printed"), s);

    out.reset();
    assertEquals(0, run("--meta", p.toString()));
    assertTrue(!out.toString(StandardCharsets.UTF_8).contains("== cells"));

    // A copy under another name is still recognized by its magic.
    java.nio.file.Path copy = dir.resolve("copy");
    Files.copy(java.nio.file.Path.of(p.toUri()), copy);
    out.reset();
    assertEquals(1, run(copy.toString()), "its SSTable is not beside the copy");
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("must be named"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not exist"));
  }

  @Test
  void aDamagedReferenceIsOneLineAndExitTwo() throws Exception {
    FileSystem fs = SSTableTestUtil.localFs();
    Path p = Reference.top(PARENT, FILE, Bytes.toBytes("m"))
        .write(fs, new Path(dir.toUri().toString(), "c/cf"), new Path(dir.toUri().toString(), "t"));
    java.nio.file.Path local = java.nio.file.Path.of(p.toUri());
    byte[] b = Files.readAllBytes(local);
    b[30] ^= 1;
    Files.write(local, b);
    assertEquals(2, run(p.toString()));
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.startsWith("DumpSSTable: corrupt reference: " + p), e);
    assertEquals(1, e.strip().lines().count(), e);
  }
}
