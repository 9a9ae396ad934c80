package org.basaltdb.regionserver.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SSTableDumpTest {
  @TempDir
  java.nio.file.Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return DumpSSTable.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path writeFile() throws Exception {
    List<Cell> cells = SSTableTestUtil.variedCells(new Random(3), 20, 100);
    Path p = new Path(dir.toUri().toString(), "dump.sst");
    SSTableTestUtil.write(SSTableTestUtil.localFs(), p, SSTableOptions.defaults()
        .withBlockSize(512).withCompression(Compression.ZSTD), cells);
    return p;
  }

  @Test
  void printsTrailerInfoIndexAndCells() throws Exception {
    Path p = writeFile();
    assertEquals(0, run("--values", java.nio.file.Path.of(p.toUri()).toString()));
    String s = out.toString(StandardCharsets.UTF_8);
    assertTrue(s.contains("== trailer") && s.contains("version=1"), s);
    assertTrue(s.contains("compression=ZSTD"), s);
    assertTrue(s.contains("MAJOR_COMPACTION=\\x01"), s);
    assertTrue(s.contains("== block index"), s);
    assertTrue(s.contains("\\xFF\\x00"), "binary rows printed escaped");
    assertTrue(s.contains(" value="), s);
  }

  @Test
  void metaOnlyAndLimit() throws Exception {
    Path p = writeFile();
    assertEquals(0, run("--meta", p.toString()));
    assertFalse(out.toString(StandardCharsets.UTF_8).contains("== cells"));
    out.reset();
    assertEquals(0, run("--limit", "3", p.toString()));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("== 3 cells printed"));
  }

  @Test
  void corruptFileIsOneLineAndNonZero() throws Exception {
    Path p = writeFile();
    java.nio.file.Path f = java.nio.file.Path.of(p.toUri());
    byte[] b = Files.readAllBytes(f);
    b[10] ^= 0x40;
    Files.write(f, b);
    int rc = run(p.toString());
    assertEquals(2, rc);
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.startsWith("DumpSSTable: corrupt SSTable: ") && e.contains("at offset 0"), e);
    assertEquals(1, e.strip().lines().count(), e);
    assertEquals(1, run("--bogus"));
  }
}
