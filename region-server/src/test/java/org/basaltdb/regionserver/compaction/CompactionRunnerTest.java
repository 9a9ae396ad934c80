package org.basaltdb.regionserver.compaction;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.regionserver.store.StoreFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A region's compactions over real stores on the local filesystem: minor compactions wait for
 * enough files, one that takes every file counts as major, a requested major compaction always
 * runs, and the periodic one leaves a store that is already one major-compacted file alone
 * unless a TTL may have expired cells in it.
 */
class CompactionRunnerTest {
  private static final long PERIOD = 60_000;

  @TempDir
  java.nio.file.Path dir;

  private static CompactionRunner runner() {
    return new CompactionRunner(new CompactionSelector(new CompactionPolicy(3, 10, 1.2), PERIOD),
        CompactionThrottle.of(0));
  }

  private Store open(String family, int ttlSeconds) throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    Path root = new Path(dir.toUri());
    ColumnFamilyDescriptor.Builder b = ColumnFamilyDescriptor.builder(family).maxVersions(3);
    if (ttlSeconds > 0) {
      b.ttlSeconds(ttlSeconds);
    }
    return Store.open(fs, new Path(root, family), new Path(root, ".tmp"), b.build(),
        new BlockCache(1 << 20));
  }

  private static long seq = 1;

  /** Flushes one small file holding one cell of {@code row}; ts well in the future (no TTL). */
  private static void flushFile(Store s, String row) throws Exception {
    s.memstore().add(new Cell(toBytes(row), s.family().name(), toBytes("q"), Long.MAX_VALUE / 2,
        Cell.Type.PUT, seq, toBytes("v")));
    s.flush(s.memstore().snapshot(), seq++, 0);
  }

  /** A "now" past the compaction period of every file of {@code s}. */
  private static long afterPeriod(Store s) {
    long newest = 0;
    for (StoreFile f : s.files()) {
      newest = Math.max(newest, f.modificationTime());
    }
    return newest + PERIOD + 1;
  }

  @Test
  void aMinorCompactionWaitsForEnoughFilesAndTakingThemAllIsMajor() throws Exception {
    CompactionRunner r = runner();
    try (Store s = open("f", 0)) {
      flushFile(s, "a");
      flushFile(s, "b");
      assertFalse(r.worthChecking(List.of(s)));
      CompactionReport none = r.compact(List.of(s), false, 0);
      assertEquals(0, none.bytesRead());
      assertEquals(2, s.files().size());
      flushFile(s, "c");
      assertTrue(r.worthChecking(List.of(s)));
      CompactionReport report = r.compact(List.of(s), false, 0);
      assertTrue(report.bytesRead() > 0);
      assertEquals(Set.of("f"), report.majorCompactedFamilies());
      assertEquals(1, s.files().size());
      assertTrue(s.files().get(0).isMajorCompacted());
    }
  }

  @Test
  void aRequestedMajorCompactionRunsOnAnyStoreWithFiles() throws Exception {
    try (Store s = open("f", 0); Store empty = open("g", 0)) {
      flushFile(s, "a");
      CompactionReport report = runner().compact(List.of(s, empty), true, 0);
      assertEquals(Set.of("f"), report.majorCompactedFamilies());
      assertTrue(s.files().get(0).isMajorCompacted());
      assertEquals(0, empty.files().size());
    }
  }

  @Test
  void thePeriodicMajorCompactionSkipsOneMajorCompactedFileUnlessATtlApplies()
      throws Exception {
    CompactionRunner r = runner();
    try (Store plain = open("f", 0); Store ttl = open("t", 3600)) {
      for (Store s : List.of(plain, ttl)) {
        flushFile(s, "a");
        flushFile(s, "b");
        assertEquals(0, r.compact(List.of(s), false, 0).bytesRead(), "not due yet");
        CompactionReport due = r.compact(List.of(s), false, afterPeriod(s));
        assertEquals(Set.of(s.family().nameAsString()), due.majorCompactedFamilies(),
            "two files older than the period: a major compaction");
      }
      assertEquals(0, r.compact(List.of(plain), false, afterPeriod(plain)).bytesRead(),
          "one major-compacted file without TTL: nothing can have changed");
      assertEquals(Set.of("t"),
          r.compact(List.of(ttl), false, afterPeriod(ttl)).majorCompactedFamilies(),
          "with a TTL, cells may have expired since");
    }
  }
}
