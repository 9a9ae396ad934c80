package org.basaltdb.regionserver.region;

import java.util.concurrent.atomic.LongAdder;

/**
 * A region's client requests since it opened, as HBase counts them: reads (each get, and each row
 * a scanner returns) and writes (each mutation of a batch; an increment, append,
 * check-and-mutate or row mutation counts one, and the read it makes of the row counts too). The region server turns them into rates per
 * region ({@code RequestRates}): the status pages' heat maps of hot key ranges.
 *
 * <p>Thread-safe; an increment is a {@link LongAdder}'s, uncontended on most requests.
 */
public final class RegionRequests {
  private final LongAdder reads = new LongAdder();
  private final LongAdder writes = new LongAdder();

  void read() {
    reads.increment();
  }

  /** Where scanners count the rows they return. */
  LongAdder readCounter() {
    return reads;
  }

  void wrote(int mutations) {
    writes.add(mutations);
  }

  /** Reads since the region opened. */
  public long reads() {
    return reads.sum();
  }

  /** Writes since the region opened. */
  public long writes() {
    return writes.sum();
  }
}
