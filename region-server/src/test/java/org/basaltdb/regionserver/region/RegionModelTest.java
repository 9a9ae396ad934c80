package org.basaltdb.regionserver.region;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The region against {@link HBaseModel}: random puts, all five delete kinds, gets and scans,
 * interleaved with flushes, minor and major compactions, reopenings and a moving clock, over a
 * matrix of family options. Seeded: the seed is printed, and {@code -Dseed=N} replays a run.
 *
 * <p>Where HBase's own answer depends on when a flush or compaction ran (deleting one version of
 * a column that holds more versions than the family keeps uncovers an older version only while
 * that version still exists), the configuration avoids the case: families keeping few versions
 * get no single-version deletes.
 */
class RegionModelTest {
  private static final int OPS = Integer.getInteger("model.ops", 15_000);
  private static final String[] FAMILIES = {"a", "b"};

  @TempDir
  Path dir;

  static Stream<Arguments> options() {
    return Stream.of(
        Arguments.of("NONE", "ROW", 65536, 1000, false),
        Arguments.of("LZ4", "ROWCOL", 1024, 1000, false),
        Arguments.of("ZSTD", "NONE", 4096, 1000, true),
        Arguments.of("SNAPPY", "ROW", 1024, 1, false),
        Arguments.of("NONE", "ROWCOL", 2048, 3, true),
        Arguments.of("LZ4", "ROW", 65536, 2, false),
        Arguments.of("ZSTD", "ROWCOL", 1024, 1000, false),
        Arguments.of("NONE", "NONE", 1024, 1, true));
  }

  @ParameterizedTest(name = "{0} bloom={1} block={2} versions={3} ttl={4}")
  @MethodSource("options")
  void regionMatchesModel(String compression, String bloom, int blockSize, int versions,
      boolean ttl) throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("RegionModelTest seed=" + seed + " (" + compression + ", " + bloom + ", "
        + blockSize + ", versions " + versions + ", ttl " + ttl + "); replay with -Dseed=" + seed);
    Random rnd = new Random(seed);
    long ttlSeconds = 3600;
    List<ColumnFamilyDescriptor> fams = new ArrayList<>();
    for (String f : FAMILIES) {
      ColumnFamilyDescriptor.Builder b = ColumnFamilyDescriptor.builder(f).compression(compression)
          .bloomFilter(bloom).blockSize(blockSize).maxVersions(versions);
      if (ttl) {
        b.ttlSeconds((int) ttlSeconds);
      }
      fams.add(b.build());
    }
    // Single-version deletes and time-range reads see versions beyond VERSIONS only until a
    // flush drops them (HBase's behaviour too), so only families keeping every version get them.
    boolean versionDeletes = versions >= 1000;
    HBaseModel model = new HBaseModel(Map.of("a", versions, "b", versions),
        ttl ? ttlSeconds * 1000 : Long.MAX_VALUE);
    try (RegionHarness h = new RegionHarness(dir, fams.toArray(new ColumnFamilyDescriptor[0]))) {
      h.conf.setInt("compaction.min.files", 2);
      // Prune memstore rows at nearly every write, so the model checks in-memory pruning too.
      h.conf.setInt(RegionServerConfig.MEMSTORE_PRUNE_CELLS.name(), 2);
      h.reopen();
      for (int op = 0; op < OPS; op++) {
        try {
          step(h, model, rnd, versionDeletes);
        } catch (AssertionError | Exception e) {
          throw new AssertionError("seed " + seed + ", operation " + op + ": " + e.getMessage(), e);
        }
      }
    }
  }

  private static byte[] row(Random rnd) {
    return Bytes.toBytes(String.format("r%03d", rnd.nextInt(60)));
  }

  private static byte[] qualifier(Random rnd) {
    return Bytes.toBytes("q" + rnd.nextInt(4));
  }

  private static long ts(Random rnd, RegionHarness h) {
    // Mostly explicit timestamps in a narrow band (collisions on purpose), some server time.
    return rnd.nextInt(4) == 0 ? Cell.LATEST_TIMESTAMP
        : h.clock.currentTimeMillis() - 1000L * rnd.nextInt(5000);
  }

  private void step(RegionHarness h, HBaseModel model, Random rnd, boolean versionDeletes)
      throws Exception {
    int dice = rnd.nextInt(1000);
    long now = h.clock.currentTimeMillis();
    Region r = h.region;
    if (dice < 400) {
      Put p = new Put(row(rnd));
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        byte[] v = Bytes.toBytes("v" + rnd.nextInt(1_000_000));
        p.addColumn(Bytes.toBytes(FAMILIES[rnd.nextInt(2)]), qualifier(rnd), ts(rnd, h), v);
      }
      r.put(p);
      model.write(stamp(p.cells(), now, model));
    } else if (dice < 500) {
      Delete d = randomDelete(rnd, h, versionDeletes);
      List<Cell> expanded = expandForModel(d, now, model);
      r.delete(d);
      model.write(expanded);
    } else if (dice < 800) {
      byte[] row = row(rnd);
      Get g = new Get(row);
      TreeSet<String> fams = null;
      if (rnd.nextBoolean()) {
        String f = FAMILIES[rnd.nextInt(2)];
        g.addFamily(Bytes.toBytes(f));
        fams = new TreeSet<>(List.of(f));
      }
      int mv = 1 + rnd.nextInt(3);
      g.readVersions(mv);
      TimeRange tr = TimeRange.ALL;
      if (versionDeletes && rnd.nextInt(4) == 0) {
        long lo = now - 1000L * rnd.nextInt(5000);
        tr = new TimeRange(lo, lo + 1000L * (1 + rnd.nextInt(3000)));
        g.setTimeRange(tr);
      }
      String exp = render(model.get(row, fams, mv, tr, now));
      String act = render(r.get(g).cells());
      if (!exp.equals(act)) {
        System.out.println("MODEL RAW " + model.raw(row));
        System.out.println("REGION RAW " + r.scanAll(new Scan().withStartRow(row)
            .withStopRow(row, true).setRaw(true).readAllVersions()));
      }
      assertEquals(exp, act,
          "get " + Bytes.toString(row) + " versions " + mv + " families " + fams + " " + tr);
    } else if (dice < 880) {
      byte[] a = row(rnd);
      byte[] b = row(rnd);
      boolean reversed = rnd.nextBoolean();
      if ((Bytes.compare(a, b) > 0) != reversed) {
        byte[] t = a;
        a = b;
        b = t;
      }
      int limit = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(5) : 0;
      Scan s = new Scan().withStartRow(a).withStopRow(b).setReversed(reversed).setLimit(limit);
      List<String> expected = new ArrayList<>();
      for (List<Cell> row : model.scan(a, b, reversed, limit, now)) {
        expected.add(render(row));
      }
      List<String> actual = new ArrayList<>();
      for (Result res : r.scanAll(s)) {
        actual.add(render(res.cells()));
      }
      if (!expected.equals(actual)) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
          String e = i < expected.size() ? expected.get(i) : "";
          String a2 = i < actual.size() ? actual.get(i) : "";
          if (!e.equals(a2)) {
            String rowName = (e.isEmpty() ? a2 : e.compareTo(a2) < 0 && !a2.isEmpty() ? e : a2)
                .substring(0, 4);
            byte[] rr = Bytes.toBytes(rowName);
            System.out.println("FIRST DIFF " + rowName + "\n expected " + e + "\n actual   " + a2);
            System.out.println("MODEL RAW " + model.raw(rr));
            System.out.println("REGION RAW " + r.scanAll(new Scan().withStartRow(rr)
                .withStopRow(rr, true).setRaw(true).readAllVersions()));
            break;
          }
        }
      }
      assertEquals(expected, actual, "scan " + Bytes.toString(a) + ".." + Bytes.toString(b)
          + (reversed ? " reversed" : "") + " limit " + limit);
    } else if (dice < 930) {
      h.clock.advance(rnd.nextInt(600_000));
    } else if (dice < 960) {
      r.flush();
      model.flushed(seq);
    } else if (dice < 980) {
      model.majorCompact(r.compact(false).majorCompactedFamilies(), h.clock.currentTimeMillis());
    } else if (dice < 992) {
      r.flush();
      model.flushed(seq);
      model.majorCompact(r.compact(true).majorCompactedFamilies(), h.clock.currentTimeMillis());
    } else {
      h.reopen();
      model.flushed(seq);
    }
  }

  private static Delete randomDelete(Random rnd, RegionHarness h, boolean versionDeletes) {
    Delete d = new Delete(row(rnd));
    byte[] f = Bytes.toBytes(FAMILIES[rnd.nextInt(2)]);
    int kind = rnd.nextInt(versionDeletes ? 6 : 3);
    switch (kind) {
      case 0 -> {
        return new Delete(d.row(), rnd.nextBoolean() ? Cell.LATEST_TIMESTAMP : ts(rnd, h) == Cell.LATEST_TIMESTAMP ? h.clock.currentTimeMillis() : ts(rnd, h));
      }
      case 1 -> d.addFamily(f, explicit(ts(rnd, h), h));
      case 2 -> d.addColumns(f, qualifier(rnd), explicit(ts(rnd, h), h));
      case 3 -> d.addColumn(f, qualifier(rnd), explicit(ts(rnd, h), h));
      case 4 -> d.addFamilyVersion(f, explicit(ts(rnd, h), h));
      default -> d.addColumn(f, qualifier(rnd)); // the latest version
    }
    return d;
  }

  private static long explicit(long ts, RegionHarness h) {
    return ts == Cell.LATEST_TIMESTAMP ? h.clock.currentTimeMillis() : ts;
  }

  private static long seq;

  private static List<Cell> stamp(List<Cell> cells, long now, HBaseModel model) {
    List<Cell> out = new ArrayList<>();
    seq++;
    for (Cell c : cells) {
      Cell x = c.timestamp() == Cell.LATEST_TIMESTAMP ? c.withTimestamp(now) : c;
      out.add(x.withSequenceId(seq));
    }
    return out;
  }

  /** Mirrors the region's expansion of row deletes and "latest version" deletes. */
  private static List<Cell> expandForModel(Delete d, long now, HBaseModel model) {
    List<Cell> out = new ArrayList<>();
    seq++;
    if (d.isEmpty()) {
      long ts = d.timestamp() == Cell.LATEST_TIMESTAMP ? now : d.timestamp();
      for (String f : FAMILIES) {
        out.add(new Cell(d.row(), Bytes.toBytes(f), Bytes.EMPTY, ts, Cell.Type.DELETE_FAMILY,
            seq, Bytes.EMPTY));
      }
      return out;
    }
    for (Cell c : d.cells()) {
      Cell x = c;
      if (c.timestamp() == Cell.LATEST_TIMESTAMP) {
        if (c.type() == Cell.Type.DELETE) {
          Cell cur = model.latest(c.row(), Bytes.toString(c.family()), c.qualifier(), now);
          x = c.withTimestamp(cur == null ? now : cur.timestamp());
        } else {
          x = c.withTimestamp(now);
        }
      }
      out.add(x.withSequenceId(seq));
    }
    return out;
  }

  private static String render(List<Cell> cells) {
    StringBuilder sb = new StringBuilder();
    for (Cell c : cells) {
      sb.append(Bytes.toString(c.row())).append('/').append(Bytes.toString(c.family()))
          .append(':').append(Bytes.toString(c.qualifier())).append('@').append(c.timestamp())
          .append('=').append(Bytes.toString(c.value())).append(' ');
    }
    return sb.toString();
  }
}
