package org.basaltdb.tools.compare;

/**
 * A server's background backlog at one moment: regions waiting for (or in) a compaction, regions
 * waiting for a flush, and the store files it holds (the files a compaction would merge). For
 * Basalt from its {@code /metrics}; for HBase from its region server's compaction queue, flush
 * queue and store file count.
 */
record Backlog(long compactionQueue, long flushQueue, long storeFiles) {

  /** What the samples of one run showed. Thread safety: {@link #add} from one sampler thread. */
  static final class Summary {
    private long samples;
    private long maxCompactionQueue;
    private long sumCompactionQueue;
    private long maxFlushQueue;
    private long maxStoreFiles;
    private long lastStoreFiles = -1;

    synchronized void add(Backlog b) {
      samples++;
      maxCompactionQueue = Math.max(maxCompactionQueue, b.compactionQueue());
      sumCompactionQueue += b.compactionQueue();
      maxFlushQueue = Math.max(maxFlushQueue, b.flushQueue());
      maxStoreFiles = Math.max(maxStoreFiles, b.storeFiles());
      lastStoreFiles = b.storeFiles();
    }

    synchronized long samples() {
      return samples;
    }

    /** "compaction queue max/mean, flush queue max, store files max/last". */
    synchronized String text() {
      if (samples == 0) {
        return "no samples";
      }
      return String.format(java.util.Locale.ROOT, "cq %d/%.1f fq %d files %d/%d",
          maxCompactionQueue, (double) sumCompactionQueue / samples, maxFlushQueue,
          maxStoreFiles, lastStoreFiles);
    }

    synchronized String json() {
      return String.format(java.util.Locale.ROOT, "\"backlogSamples\":%d,\"compactionQueueMax\":%d,"
          + "\"compactionQueueMean\":%.2f,\"flushQueueMax\":%d,\"storeFilesMax\":%d,"
          + "\"storeFilesLast\":%d", samples, maxCompactionQueue,
          samples == 0 ? 0.0 : (double) sumCompactionQueue / samples, maxFlushQueue,
          maxStoreFiles, lastStoreFiles);
    }
  }
}
