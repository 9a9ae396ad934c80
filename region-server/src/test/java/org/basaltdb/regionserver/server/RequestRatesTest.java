package org.basaltdb.regionserver.server;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Increment;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A region's requests as HBase counts them, and the rates two samples make of them. */
class RequestRatesTest {
  @TempDir
  Path dir;

  private static final byte[] F = toBytes("f");

  private static Put put(String row) {
    return new Put(toBytes(row)).addColumn(F, toBytes("q"), toBytes("v"));
  }

  @Test
  void readsAndWritesAreCountedAndTwoSamplesMakeARate() throws Exception {
    try (RegionHarness h = RegionHarness.of(dir, "f")) {
      Region r = h.region;
      RequestRates rates = new RequestRates();
      rates.sample(List.of(r), 10_000);
      assertEquals(RequestRates.Rate.ZERO, rates.of(r), "one sample: no rate yet");

      for (int i = 0; i < 10; i++) {
        r.put(put("r" + i));
      }
      r.mutate(List.of(put("a"), put("b"), new Delete(toBytes("a")))); // three writes
      r.increment(new Increment(toBytes("n")).addColumn(F, toBytes("c"), 1)); // one
      r.get(new Get(toBytes("r1")));
      r.get(new Get(toBytes("missing"))); // a get counts, found or not
      assertEquals(4, r.scanAll(new Scan().withStartRow(toBytes("r0")).withStopRow(toBytes("r4")))
          .size()); // a row a scanner returns counts
      assertEquals(14, r.requests().writes());
      assertEquals(7, r.requests().reads(), "and the increment's read of its cell, as in HBase");

      rates.sample(List.of(r), 12_000);
      assertEquals(new RequestRates.Rate(3.5, 7.0), rates.of(r), "over 2 s");
      rates.sample(List.of(r), 14_000);
      assertEquals(RequestRates.Rate.ZERO.total(), rates.of(r).total(), "a quiet window");
      rates.sample(List.of(), 16_000);
      assertEquals(RequestRates.Rate.ZERO, rates.of(r), "a region gone has no rate");
    }
  }
}
