package org.basaltdb.regionserver.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.basaltdb.regionserver.scan.RowScanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Memstore pruning ({@code region.memstore.prune.cells}) changes no answer: two regions take the
 * same writes, one pruning every row at every write and one keeping every version until its
 * flush, and every read of the two must agree, including reads by scanners opened long before
 * (whose read points pruning must respect). Seeded; {@code -Dseed=N} replays a run.
 *
 * <p>Deletes are whole-column, whole-family and whole-row only: deleting one version can uncover
 * an older version only while that version still exists, so there HBase's own answer depends on
 * when a flush ran (see {@link RegionModelTest}).
 */
class RegionPruneTest {
  private static final byte[][] FAMILIES = {Bytes.toBytes("a"), Bytes.toBytes("b")};

  @TempDir
  Path dir;

  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of(1, 0, 0, KeepDeletedCells.FALSE),
        Arguments.of(3, 0, 0, KeepDeletedCells.FALSE),
        Arguments.of(2, 0, 0, KeepDeletedCells.TRUE),
        Arguments.of(3, 1, 3600, KeepDeletedCells.FALSE),
        Arguments.of(2, 1, 3600, KeepDeletedCells.TTL));
  }

  private static ColumnFamilyDescriptor[] families(int versions, int minVersions, int ttlSeconds,
      KeepDeletedCells keep) {
    ColumnFamilyDescriptor[] out = new ColumnFamilyDescriptor[FAMILIES.length];
    for (int i = 0; i < out.length; i++) {
      ColumnFamilyDescriptor.Builder b = ColumnFamilyDescriptor.builder(Bytes.toString(FAMILIES[i]))
          .maxVersions(versions).minVersions(minVersions).keepDeletedCells(keep);
      if (ttlSeconds > 0) {
        b.ttlSeconds(ttlSeconds);
      }
      out[i] = b.build();
    }
    return out;
  }

  private static RegionHarness harness(Path dir, int pruneCells, ColumnFamilyDescriptor[] fams)
      throws Exception {
    RegionHarness h = new RegionHarness(dir, fams);
    h.conf.setInt(RegionServerConfig.MEMSTORE_PRUNE_CELLS.name(), pruneCells);
    h.reopen();
    return h;
  }

  private static String render(Result r) {
    StringBuilder sb = new StringBuilder();
    for (Cell c : r.cells()) {
      sb.append(Bytes.toString(c.row())).append('/').append(Bytes.toString(c.family()))
          .append(':').append(Bytes.toString(c.qualifier())).append('@').append(c.timestamp())
          .append('=').append(Bytes.toString(c.value())).append(' ');
    }
    return sb.toString();
  }

  /** A scanner opened on both regions at the same point, read later. */
  private record Held(RowScanner pruned, RowScanner kept, int opIndex) {}

  @ParameterizedTest(name = "versions={0} min={1} ttl={2} keepDeleted={3}")
  @MethodSource("families")
  void pruningChangesNoAnswer(int versions, int minVersions, int ttl, KeepDeletedCells keep)
      throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("RegionPruneTest seed=" + seed + " versions=" + versions + " min="
        + minVersions + " ttl=" + ttl + " keepDeleted=" + keep + "; replay with -Dseed=" + seed);
    Random rnd = new Random(seed);
    ColumnFamilyDescriptor[] fams = families(versions, minVersions, ttl, keep);
    List<Held> held = new ArrayList<>();
    try (RegionHarness p = harness(dir.resolve("pruned"), 1, fams);
        RegionHarness k = harness(dir.resolve("kept"), 0, fams)) {
      long mostSaved = 0;
      for (int op = 0; op < 4000; op++) {
        try {
          step(rnd, p, k, held, op);
        } catch (AssertionError | Exception e) {
          throw new AssertionError("seed " + seed + ", operation " + op + ": " + e.getMessage(),
              e);
        }
        mostSaved = Math.max(mostSaved, cells(k) - cells(p));
      }
      for (Held h : held) {
        drain(h);
      }
      System.out.println("memstore cells at the end: pruned " + cells(p) + ", kept " + cells(k)
          + "; most saved at once " + mostSaved);
      assertTrue(mostSaved > 0, "pruning never dropped a cell");
    }
  }

  private static long cells(RegionHarness h) {
    long n = 0;
    for (byte[] f : FAMILIES) {
      n += h.region.store(f).memstore().activeCellCount();
    }
    return n;
  }

  private static byte[] row(Random rnd) {
    return Bytes.toBytes("r" + rnd.nextInt(6));
  }

  private static void step(Random rnd, RegionHarness p, RegionHarness k, List<Held> held, int op)
      throws Exception {
    for (int i = held.size() - 1; i >= 0; i--) {
      if (op - held.get(i).opIndex() > 150) {
        drain(held.remove(i));
      }
    }
    int dice = rnd.nextInt(1000);
    long now = p.clock.currentTimeMillis();
    if (dice < 550) {
      Put put = new Put(row(rnd));
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) {
        long ts = rnd.nextInt(3) == 0 ? now : now - 1000L * rnd.nextInt(7200);
        put.addColumn(FAMILIES[rnd.nextInt(2)], Bytes.toBytes("q" + rnd.nextInt(3)), ts,
            Bytes.toBytes("v" + op + "." + i));
      }
      p.region.put(put);
      k.region.put(put);
    } else if (dice < 620) {
      long ts = now - 1000L * rnd.nextInt(7200);
      byte[] row = row(rnd);
      byte[] f = FAMILIES[rnd.nextInt(2)];
      Delete d = switch (rnd.nextInt(3)) {
        case 0 -> new Delete(row, ts);
        case 1 -> new Delete(row).addFamily(f, ts);
        default -> new Delete(row).addColumns(f, Bytes.toBytes("q" + rnd.nextInt(3)), ts);
      };
      p.region.delete(d);
      k.region.delete(d);
    } else if (dice < 900) {
      Get g = new Get(row(rnd)).readVersions(1 + rnd.nextInt(4));
      assertEquals(render(k.region.get(g)), render(p.region.get(g)), "get");
    } else if (dice < 910) {
      // Scanners stay open for a stretch of writes, then are read to the end.
      Scan s = new Scan().readVersions(1 + rnd.nextInt(3));
      held.add(new Held(p.region.scanner(s), k.region.scanner(s), op));
    } else if (dice < 980) {
      long step = rnd.nextInt(900_000);
      p.clock.advance(step);
      k.clock.advance(step);
    } else if (dice < 985) {
      p.region.flush();
      k.region.flush();
    } else {
      Scan s = new Scan().readVersions(1 + rnd.nextInt(3));
      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      p.region.scanAll(s).forEach(r -> a.add(render(r)));
      k.region.scanAll(s).forEach(r -> b.add(render(r)));
      assertEquals(b, a, "scan");
    }
  }

  private static void drain(Held h) throws Exception {
    try (RowScanner a = h.pruned(); RowScanner b = h.kept()) {
      for (int i = 0; ; i++) {
        Result rb = b.next();
        Result ra = a.next();
        String eb = rb == null ? "<end>" : render(rb);
        String ea = ra == null ? "<end>" : render(ra);
        assertEquals(eb, ea, "row " + i + " of a scanner opened at operation " + h.opIndex());
        if (rb == null) {
          return;
        }
      }
    }
  }

  @Test
  void aHotRowStaysSmallWhileAnOpenScannerKeepsItsVersion() throws Exception {
    ColumnFamilyDescriptor[] fams = families(1, 0, 0, KeepDeletedCells.FALSE);
    try (RegionHarness h = harness(dir.resolve("hot"), 8, fams)) {
      byte[] row = Bytes.toBytes("hot");
      byte[] q = Bytes.toBytes("q");
      h.region.put(new Put(row).addColumn(FAMILIES[0], q, 1, Bytes.toBytes("v1")));
      RowScanner old = h.region.scanner(new Scan());
      for (int ts = 2; ts <= 200; ts++) {
        h.region.put(new Put(row).addColumn(FAMILIES[0], q, ts, Bytes.toBytes("v" + ts)));
      }
      // The open scanner's read point keeps every version written after it (none hides v1).
      assertTrue(h.region.store(FAMILIES[0]).memstore().activeCellCount() >= 200);
      Result r = old.next();
      assertEquals("v1", Bytes.toString(r.cells().get(0).value()));
      old.close();
      for (int ts = 201; ts <= 400; ts++) {
        h.region.put(new Put(row).addColumn(FAMILIES[0], q, ts, Bytes.toBytes("v" + ts)));
      }
      long cells = h.region.store(FAMILIES[0]).memstore().activeCellCount();
      assertTrue(cells <= 9, "cells " + cells);
      assertEquals("v400", Bytes.toString(h.region.get(new Get(row)).cells().get(0).value()));
    }
  }
}
