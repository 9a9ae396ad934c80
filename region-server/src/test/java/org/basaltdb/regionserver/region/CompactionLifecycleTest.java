package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.regionserver.scan.RowScanner;
import org.basaltdb.regionserver.store.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A compaction swaps files under open scanners without pulling files from under them. */
class CompactionLifecycleTest {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void aCompactedFileLivesUntilTheLastScannerUsingItCloses() throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      for (int file = 0; file < 3; file++) {
        for (int i = 0; i < 100; i++) {
          h.region.put(new Put(toBytes(String.format("r%03d", file * 100 + i)))
              .addColumn(toBytes("f"), toBytes("q"), toBytes("v" + file)));
        }
        h.region.flush();
      }
      List<Path> before = new ArrayList<>();
      for (StoreFile f : h.region.store(toBytes("f")).files()) {
        before.add(f.path());
      }
      assertEquals(3, before.size());

      RowScanner open = h.region.scanner(new Scan());
      Result first = open.next();
      assertEquals("r000", org.basaltdb.common.Bytes.toString(first.row()));

      h.region.compact(true);
      assertEquals(1, h.region.store(toBytes("f")).files().size(), "compacted into one file");
      for (Path p : before) {
        assertTrue(h.fs.exists(p), "still used by the open scanner: " + p);
      }

      int rows = 1;
      while (open.next() != null) {
        rows++;
      }
      assertEquals(300, rows, "the scanner reads on across the swap");
      open.close();
      for (Path p : before) {
        assertFalse(h.fs.exists(p), "deleted once no scanner uses it: " + p);
      }
      assertEquals(300, h.region.scanAll(new Scan()).size());
    }
  }

  @Test
  void scansThatDoNotCacheBlocksLeaveTheCacheAlone() throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      byte[] big = new byte[2000];
      for (int i = 0; i < 500; i++) {
        h.region.put(new Put(toBytes(String.format("r%03d", i)))
            .addColumn(toBytes("f"), toBytes("q"), big));
      }
      h.region.flush(); // about 1 MB: sixteen 64 KiB data blocks
      long before = h.cache.stats().blockCount();
      assertEquals(500, h.region.scanAll(new Scan().setCacheBlocks(false)).size());
      assertEquals(before, h.cache.stats().blockCount(), "an uncached scan adds no block");
      assertEquals(500, h.region.scanAll(new Scan()).size());
      long cached = h.cache.stats().blockCount();
      assertTrue(cached >= before + 10, "a normal scan caches its data blocks: " + cached);
      long hits = h.cache.stats().hits();
      assertEquals(500, h.region.scanAll(new Scan().setCacheBlocks(false)).size());
      assertTrue(h.cache.stats().hits() > hits, "cached blocks still serve an uncached scan");
    }
  }
}
