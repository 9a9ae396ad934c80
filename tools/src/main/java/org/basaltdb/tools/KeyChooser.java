package org.basaltdb.tools;

import java.util.SplittableRandom;

/** Picks row indexes in {@code [0, n)}: uniformly, or YCSB's scrambled Zipfian (theta 0.99). */
abstract class KeyChooser {
  abstract long next(SplittableRandom rnd);

  static KeyChooser uniform(long n) {
    return new KeyChooser() {
      @Override
      long next(SplittableRandom rnd) {
        return rnd.nextLong(n);
      }
    };
  }

  /**
   * YCSB's ScrambledZipfianGenerator: a Zipfian rank (Gray et al., "Quickly generating
   * billion-record synthetic databases") hashed with FNV-1a 64 so the hot items spread over the
   * key space instead of clustering at its start.
   */
  static KeyChooser scrambledZipfian(long n) {
    KeyChooser rank = zipfian(n);
    return new KeyChooser() {
      @Override
      long next(SplittableRandom rnd) {
        return Math.floorMod(fnv1a64(rank.next(rnd)), n);
      }
    };
  }

  /**
   * YCSB's SkewedLatestGenerator for workload D: the most recently inserted rows are the most
   * popular. Row indexes below {@code count} exist; {@link #insertNext} hands out the next new
   * one. Reads only pick rows below the oldest insert still in flight (YCSB's acknowledged
   * counter), so every read finds its row. The Zipfian ranks are drawn over the {@code n} loaded
   * rows (YCSB redraws its constants as the count grows; a run inserts a few percent).
   */
  static final class Latest extends KeyChooser {
    private final java.util.concurrent.atomic.AtomicLong count;
    private final java.util.concurrent.ConcurrentSkipListSet<Long> inFlight =
        new java.util.concurrent.ConcurrentSkipListSet<>();
    private final KeyChooser rank;

    Latest(long n) {
      this.count = new java.util.concurrent.atomic.AtomicLong(n);
      this.rank = zipfian(n);
    }

    /** The index of a row to insert now; REQUIRES: {@link #inserted} once it is written. */
    synchronized long insertNext() {
      long i = count.getAndIncrement();
      inFlight.add(i);
      return i;
    }

    /** Row {@code i} is written (or failed): reads may pick it. */
    void inserted(long i) {
      inFlight.remove(i);
    }

    @Override
    long next(SplittableRandom rnd) {
      long limit;
      synchronized (this) { // count and the in-flight set move together in insertNext
        Long oldest = inFlight.ceiling(Long.MIN_VALUE); // null once empty, even if just emptied
        limit = oldest == null ? count.get() : oldest;
      }
      return Math.max(0, limit - 1 - rank.next(rnd));
    }
  }

  /** Zipfian ranks in {@code [0, n)}, 0 the most popular (theta 0.99), not scrambled. */
  static KeyChooser zipfian(long n) {
    final double theta = 0.99;
    double zetan = 0;
    for (long i = 1; i <= n; i++) {
      zetan += 1 / Math.pow(i, theta);
    }
    final double zeta = zetan;
    final double zeta2 = 1 + 1 / Math.pow(2, theta);
    final double alpha = 1 / (1 - theta);
    final double eta = (1 - Math.pow(2.0 / n, 1 - theta)) / (1 - zeta2 / zeta);
    final double half = 1 + Math.pow(0.5, theta);
    return new KeyChooser() {
      @Override
      long next(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double uz = u * zeta;
        long rank;
        if (uz < 1) {
          rank = 0;
        } else if (uz < half) {
          rank = 1;
        } else {
          rank = Math.min(n - 1, (long) (n * Math.pow(eta * u - eta + 1, alpha)));
        }
        return rank;
      }
    };
  }

  static long fnv1a64(long v) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < 8; i++) {
      h ^= v & 0xFF;
      h *= 0x100000001B3L;
      v >>>= 8;
    }
    return h;
  }
}
