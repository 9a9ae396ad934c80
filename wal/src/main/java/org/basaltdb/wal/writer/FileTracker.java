package org.basaltdb.wal.writer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;

/**
 * Which regions have edits in which live log file, and how far each region has flushed: decides
 * when a file may be archived and which regions to ask to flush.
 *
 * <p>For each live file and region it keeps the lowest and highest sequence id the region
 * wrote there. A file other than the current one is archivable when, for every region in it,
 * the highest id is at or below the region's flushed sequence id.
 *
 * <p>Thread safety: every method is synchronized; the consumer thread notes appends and the
 * regions' flushers report flushes.
 */
final class FileTracker {
  /** Live files, oldest first (file names sort in creation order); region → {lowest, highest}. */
  private final TreeMap<Path, Map<String, long[]>> live = new TreeMap<>();
  private final Map<String, Long> flushed = new HashMap<>();
  private final Set<String> flushing = new HashSet<>();
  private Path current;

  synchronized void newFile(Path p) {
    live.put(p, new HashMap<>());
    current = p;
  }

  synchronized void noteAppend(Path file, String region, long seq) {
    long[] range = live.get(file).get(region);
    if (range == null) {
      live.get(file).put(region, new long[] {seq, seq});
    } else {
      range[1] = Math.max(range[1], seq);
    }
  }

  synchronized void flushStarted(String region) {
    flushing.add(region);
  }

  synchronized void flushCompleted(String region, long seq) {
    flushing.remove(region);
    flushed.merge(region, seq, Math::max);
  }

  synchronized void regionClosed(String region) {
    for (Map<String, long[]> m : live.values()) {
      m.remove(region);
    }
    flushed.remove(region);
    flushing.remove(region);
  }

  /** Removes and returns the files (never the current one) every region has flushed. */
  synchronized List<Path> takeArchivable() {
    List<Path> out = new ArrayList<>();
    for (Map.Entry<Path, Map<String, long[]>> f : live.entrySet()) {
      if (f.getKey().equals(current)) {
        continue;
      }
      boolean done = true;
      for (Map.Entry<String, long[]> r : f.getValue().entrySet()) {
        if (r.getValue()[1] > flushed.getOrDefault(r.getKey(), Long.MIN_VALUE)) {
          done = false;
          break;
        }
      }
      if (done) {
        out.add(f.getKey());
      }
    }
    out.forEach(live::remove);
    return out;
  }

  /** Puts back a file whose archiving failed, to be tried again later. */
  synchronized void restore(Path p, Map<String, long[]> regions) {
    live.put(p, regions == null ? new HashMap<>() : regions);
  }

  /**
   * Past {@code maxFiles} live files: the regions with unflushed edits in the oldest file that
   * are not flushing already.
   */
  synchronized List<String> regionsToFlush(int maxFiles) {
    if (live.size() <= maxFiles) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, long[]> r : live.firstEntry().getValue().entrySet()) {
      if (r.getValue()[1] > flushed.getOrDefault(r.getKey(), Long.MIN_VALUE)
          && !flushing.contains(r.getKey())) {
        out.add(r.getKey());
      }
    }
    out.sort(null);
    return out;
  }

  /** The lowest sequence id {@code region} has in a live file above its flushed id, or -1. */
  synchronized long lowestUnflushedSequenceId(String region) {
    long f = flushed.getOrDefault(region, Long.MIN_VALUE);
    for (Map<String, long[]> m : live.values()) {
      long[] r = m.get(region);
      if (r != null && r[1] > f) {
        return Math.max(r[0], f + 1);
      }
    }
    return -1;
  }

  synchronized List<Path> liveFiles() {
    return new ArrayList<>(live.keySet());
  }
}
