package org.basaltdb.regionserver.server;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import org.basaltdb.regionserver.region.Region;

/**
 * Requests per second of each region, over the last sampling window: each {@link #sample} reads
 * every region's {@link org.basaltdb.regionserver.region.RegionRequests} and divides what they
 * gained since the sample before by the time between them. The region server samples every
 * {@code server.rate.period}; the status pages and the master's heat maps read {@link #of}.
 *
 * <p>A region sampled once has no rate yet (zero). Thread-safe: samples are taken one at a time
 * (the server's chore thread), readers see the last complete set.
 */
public final class RequestRates {
  /** Reads and writes per second. */
  public record Rate(double readsPerSecond, double writesPerSecond) {
    public static final Rate ZERO = new Rate(0, 0);

    public double total() {
      return readsPerSecond + writesPerSecond;
    }
  }

  private record Sample(long reads, long writes, long atMillis) {}

  private volatile long windowMillis;

  private Map<Region, Sample> last = new IdentityHashMap<>(); // guarded by this
  private volatile Map<Region, Rate> rates = new IdentityHashMap<>();

  /** Samples {@code regions} at {@code nowMillis} (from the server's clock). */
  public synchronized void sample(Collection<Region> regions, long nowMillis) {
    Map<Region, Sample> samples = new IdentityHashMap<>();
    Map<Region, Rate> next = new IdentityHashMap<>();
    for (Region r : regions) {
      Sample now = new Sample(r.requests().reads(), r.requests().writes(), nowMillis);
      samples.put(r, now);
      Sample before = last.get(r);
      if (before != null && nowMillis > before.atMillis()) {
        double seconds = (nowMillis - before.atMillis()) / 1000.0;
        next.put(r, new Rate((now.reads() - before.reads()) / seconds,
            (now.writes() - before.writes()) / seconds));
      }
    }
    long before = last.isEmpty() ? 0 : last.values().iterator().next().atMillis();
    windowMillis = before > 0 && nowMillis > before ? nowMillis - before : 0;
    last = samples;
    rates = next;
  }

  /** The length of the last window, in milliseconds; 0 before two samples. */
  public long windowMillis() {
    return windowMillis;
  }

  /** {@code region}'s rates over the last window; zero before it has been sampled twice. */
  public Rate of(Region region) {
    return rates.getOrDefault(region, Rate.ZERO);
  }
}
