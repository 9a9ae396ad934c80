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
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.regionserver.compaction.CompactionReport;
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

  /**
   * {@link Region#majorCompact} compacts only the stores its predicate picks, each whole, and
   * judges TTL by the region's clock: f's cells, a minute old on the manual clock (a day ahead
   * of the wall clock) with a TTL of 30 s, are dropped; g (not picked) keeps its two files.
   */
  @Test
  void aMajorCompactionOfPickedStoresUsesTheRegionsClock() throws Exception {
    ColumnFamilyDescriptor f = ColumnFamilyDescriptor.builder("f").ttlSeconds(30).build();
    ColumnFamilyDescriptor g = ColumnFamilyDescriptor.of("g");
    try (RegionHarness h = new RegionHarness(dir, f, g)) {
      // Ahead of the wall clock: by System.currentTimeMillis() f's cells would be alive.
      h.clock.set(System.currentTimeMillis() + 86_400_000L);
      for (int file = 0; file < 2; file++) {
        h.region.put(new Put(toBytes("r" + file))
            .addColumn(toBytes("f"), toBytes("q"), h.clock.currentTimeMillis(), toBytes("v"))
            .addColumn(toBytes("g"), toBytes("q"), toBytes("v")));
        h.region.flush();
      }
      h.clock.advance(60_000);
      CompactionReport report =
          h.region.majorCompact(s -> s.family().nameAsString().equals("f"));
      assertEquals(java.util.Set.of("f"), report.majorCompactedFamilies());
      List<StoreFile> fFiles = h.region.store(toBytes("f")).files();
      assertEquals(1, fFiles.size(), "f compacted into one file");
      assertTrue(fFiles.get(0).isMajorCompacted());
      assertEquals(0, fFiles.get(0).maxCellCount(),
          "every cell of f expired by the region's clock and was dropped");
      assertEquals(2, h.region.store(toBytes("g")).files().size(), "g was not picked");
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
