package org.basaltdb.regionserver.region;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import org.basaltdb.server.layout.RegionLayout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ManualClock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.scan.RowScanner;
import org.basaltdb.wal.DisabledWal;

/**
 * Regions of one table side by side under one root on the raw local filesystem, for split and
 * merge tests: a manual clock, services that only count compaction requests, a workload that
 * leaves data in several files with versions and every kind of delete, and a snapshot of
 * everything a region answers (forward, reversed and raw scans, gets) to compare children with.
 */
final class SplitMergeFixture implements AutoCloseable {
  static final byte[] A = toBytes("a");
  static final byte[] B = toBytes("b");
  static final byte[] Q1 = toBytes("q1");
  static final byte[] Q2 = toBytes("q2");
  static final byte[] Q3 = toBytes("q3");
  static final byte[] X = toBytes("x");
  static final long NOW = 1_700_000_000_000L;

  final FileSystem fs;
  final Path root;
  final ManualClock clock = new ManualClock(NOW);
  final Configuration conf = new Configuration(false);
  final BlockCache cache = new BlockCache(64L << 20);
  final TableDescriptor table;
  final DisabledWal wal = new DisabledWal(0);
  final AtomicInteger compactionRequests = new AtomicInteger();
  final RegionServices services;
  private final List<Region> opened = new ArrayList<>();

  /** Family {@code a} keeps 3 versions, {@code b} one; both use {@code bloom}. */
  SplitMergeFixture(java.nio.file.Path dir, String bloom) throws IOException {
    this.fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    this.root = new Path(dir.toUri());
    this.table = TableDescriptor.of(TableName.valueOf("t"),
        ColumnFamilyDescriptor.builder("a").maxVersions(3).bloomFilter(bloom).blockSize(1024)
            .build(),
        ColumnFamilyDescriptor.builder("b").bloomFilter(bloom).blockSize(1024).build());
    MemoryBudget budget = new MemoryBudget(1L << 30);
    RegionServices manual = RegionServices.manual(budget);
    this.services = new RegionServices() {
      @Override
      public void requestFlush(Region region) {}

      @Override
      public void requestCompaction(Region region) {
        compactionRequests.incrementAndGet();
      }

      @Override
      public MemoryBudget memoryBudget() {
        return manual.memoryBudget();
      }
    };
  }

  static RegionInfo region(String start, String end, long id) {
    return new RegionInfo(TableName.valueOf("t"), toBytes(start), toBytes(end), id);
  }

  Region open(RegionInfo info) throws IOException {
    Region r = Region.open(fs, root, info, table, wal, cache, clock, conf, services);
    opened.add(r);
    return r;
  }

  Region reopen(Region r) throws IOException {
    r.close();
    return open(r.info());
  }

  Path dir(RegionInfo r) {
    return RegionLayout.regionDir(root, r);
  }

  static String row(int i) {
    return String.format("r%03d", i);
  }

  /**
   * Writes rows {@code from..to-1} in four flushed rounds: first versions, more versions of
   * every third row, every kind of delete on scattered rows, then puts newer than the deletes.
   * Rows outside the region are skipped.
   */
  static void load(Region r, int from, int to) throws IOException {
    List<Integer> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (r.info().containsRow(toBytes(row(i)))) {
        rows.add(i);
      }
    }
    for (int i : rows) {
      r.put(new Put(toBytes(row(i))).addColumn(A, Q1, 100, toBytes("a1-" + i))
          .addColumn(A, Q2, 100, toBytes("a2-" + i)).addColumn(B, X, 100, toBytes("b-" + i)));
    }
    r.flush();
    for (int i : rows) {
      if (i % 3 == 0) {
        r.put(new Put(toBytes(row(i))).addColumn(A, Q1, 200, toBytes("a1@200-" + i))
            .addColumn(A, Q1, 300, toBytes("a1@300-" + i)).addColumn(B, X, 200, toBytes("b2")));
      }
    }
    r.flush();
    for (int i : rows) {
      byte[] k = toBytes(row(i));
      if (i % 7 == 0) {
        r.delete(new Delete(k));
      } else if (i % 11 == 0) {
        r.delete(new Delete(k).addColumns(A, Q1));
      } else if (i % 13 == 0) {
        r.delete(new Delete(k).addColumn(A, Q1, 200));
      } else if (i % 17 == 0) {
        r.delete(new Delete(k).addFamily(B));
      } else if (i % 19 == 0) {
        r.delete(new Delete(k).addFamilyVersion(A, 100));
      }
    }
    r.flush();
    for (int i : rows) {
      if (i % 7 == 0 || i % 5 == 0) {
        r.put(new Put(toBytes(row(i))).addColumn(A, Q3, NOW + 1000, toBytes("late-" + i)));
      }
    }
    // left in the memstore: the close before a split or merge flushes it into a fourth file
  }

  /** Everything a region answers, to compare another region's answers with. */
  record Snapshot(List<List<Cell>> forward, List<List<Cell>> reversed, List<List<Cell>> raw,
      List<List<Cell>> gets, List<List<Cell>> columnGets, List<List<Cell>> bounded,
      List<String> probeRows) {}

  /** Rows probed by gets: every row of the workload and a few between and around them. */
  static List<String> probeRows(int from, int to) {
    List<String> out = new ArrayList<>(List.of("0", "a", "r", "zz"));
    for (int i = from; i < to; i++) {
      out.add(row(i));
      if (i % 10 == 0) {
        out.add(row(i) + "x");
      }
    }
    return out;
  }

  static Snapshot snapshot(Region r, List<String> probes) throws IOException {
    List<List<Cell>> gets = new ArrayList<>();
    List<List<Cell>> columnGets = new ArrayList<>();
    for (String p : probes) {
      gets.add(r.get(new Get(toBytes(p)).readAllVersions()).cells());
      columnGets.add(r.get(new Get(toBytes(p)).addColumn(A, Q1).addColumn(B, X)).cells());
    }
    return new Snapshot(cells(r.scanAll(new Scan().readAllVersions())),
        cells(r.scanAll(new Scan().readAllVersions().setReversed(true))),
        cells(r.scanAll(new Scan().setRaw(true).readAllVersions())), gets, columnGets,
        cells(r.scanAll(new Scan().withStartRow(toBytes("r045")).withStopRow(toBytes("r155"))
            .addFamily(A))),
        probes);
  }

  static List<List<Cell>> cells(List<Result> results) {
    List<List<Cell>> out = new ArrayList<>();
    for (Result res : results) {
      out.add(res.cells());
    }
    return out;
  }

  /**
   * Asserts {@code r} answers exactly what the snapshot holds for the rows {@code range} keeps
   * (and nothing for probed rows outside it), raw scans (delete markers and what they mask)
   * included.
   */
  static void assertReadsLike(Region r, Snapshot s, Predicate<byte[]> range) throws IOException {
    assertReadsLike(r, s, range, true);
  }

  /**
   * As {@link #assertReadsLike(Region, Snapshot, Predicate)}, but raw scans only if
   * {@code raw}: a major compaction drops markers and masked cells, which raw scans show.
   */
  static void assertReadsLike(Region r, Snapshot s, Predicate<byte[]> range, boolean raw)
      throws IOException {
    Snapshot got = snapshot(r, s.probeRows());
    String name = r.info().toString();
    assertEquals(keep(s.forward(), range), got.forward(), "forward scan of " + name);
    assertEquals(keep(s.reversed(), range), got.reversed(), "reversed scan of " + name);
    if (raw) {
      assertEquals(keep(s.raw(), range), got.raw(), "raw scan (markers) of " + name);
    }
    assertEquals(keep(s.bounded(), range), got.bounded(), "bounded scan of " + name);
    for (int i = 0; i < s.probeRows().size(); i++) {
      boolean in = range.test(toBytes(s.probeRows().get(i)));
      assertEquals(in ? s.gets().get(i) : List.of(), got.gets().get(i),
          "get of '" + s.probeRows().get(i) + "' from " + name);
      assertEquals(in ? s.columnGets().get(i) : List.of(), got.columnGets().get(i),
          "column get of '" + s.probeRows().get(i) + "' from " + name);
    }
  }

  private static List<List<Cell>> keep(List<List<Cell>> rows, Predicate<byte[]> range) {
    List<List<Cell>> out = new ArrayList<>();
    for (List<Cell> row : rows) {
      if (range.test(row.get(0).row())) {
        out.add(row);
      }
    }
    return out;
  }

  /** The remaining rows of an open scanner. */
  static List<List<Cell>> drain(RowScanner s) throws IOException {
    List<List<Cell>> out = new ArrayList<>();
    for (Result res = s.next(); res != null; res = s.next()) {
      out.add(res.cells());
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    for (Region r : opened) {
      if (!r.isClosed()) {
        r.close();
      }
    }
  }
}
