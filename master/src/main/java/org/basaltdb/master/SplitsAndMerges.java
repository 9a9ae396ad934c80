package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.master.AssignmentManager.Assignment;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.basaltdb.master.MetaTable.RegionState;
import org.basaltdb.master.MetaTable.TableState;
import org.basaltdb.server.layout.SplitFiles;
import org.basaltdb.server.rpc.StaleEpochException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Region splits and merges, by reference (the file work is {@link SplitFiles}'s): closes the
 * parents, writes the daughters (or the merged region), swaps them in meta and opens them;
 * and the janitor's job, deleting a retired parent once nothing refers to its files.
 *
 * <p>Thread safety: none of its own; every method requires the master's lock (the
 * {@link Master}'s monitor), which {@link Master} holds when it calls in, the janitor's chore
 * included.
 */
final class SplitsAndMerges {
  private static final Logger LOG = LoggerFactory.getLogger(SplitsAndMerges.class);

  private final FileSystem fs;
  private final Path root;
  private final Clock clock;
  private final RegionServers servers;
  private final AssignmentManager assignments;
  private final SplitFiles files;

  SplitsAndMerges(FileSystem fs, Path root, Clock clock, RegionServers servers,
      AssignmentManager assignments, SplitFiles files) {
    this.files = files;
    this.fs = fs;
    this.root = root;
    this.clock = clock;
    this.servers = servers;
    this.assignments = assignments;
  }

  /** The meta table, where meta is open now. */
  private MetaTable meta() {
    return assignments.meta();
  }

  /** Splits and merges completed (the master's meters). */
  private final java.util.concurrent.atomic.LongAdder splits =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder merges =
      new java.util.concurrent.atomic.LongAdder();

  long splitsDone() {
    return splits.sum();
  }

  long mergesDone() {
    return merges.sum();
  }

  /**
   * Splits the region of {@code t} holding {@code splitKey} at that key, or with no key the
   * region named {@code encodedRegion} (every region when that is null too) at its middle row.
   */
  void split(TableName t, byte[] splitKey, String encodedRegion) throws IOException {
    TableDdl.checkUserTable(t);
    meta().requireTable(t);
    if (meta().state(t) != TableState.ENABLED) {
      throw new IllegalStateException("table " + t + " must be enabled to split it");
    }
    List<RegionRecord> chosen = new ArrayList<>();
    for (RegionRecord r : meta().regions(t)) {
      boolean named = encodedRegion == null || r.info().encodedName().equals(encodedRegion);
      boolean holds = splitKey == null || r.info().containsRow(splitKey);
      if (named && holds) {
        chosen.add(r);
      }
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(encodedRegion != null
          ? "table " + t + " has no region " + encodedRegion
          : "no region of table " + t + " holds the split key");
    }
    for (RegionRecord r : chosen) {
      splitOne(t, r.info(), splitKey);
    }
  }

  /** A region server asks for a region that grew too big to be split at its middle. */
  void requestSplit(String encodedRegion) throws IOException {
    Assignment a = assignments.get(encodedRegion);
    if (a == null) {
      throw new IllegalArgumentException("region " + encodedRegion + " is not open");
    }
    splitOne(a.info().table(), a.info(), null);
  }

  private void splitOne(TableName t, RegionInfo parent, byte[] splitKey) throws IOException {
    TableDescriptor desc = meta().requireTable(t);
    Assignment a = assignments.get(parent.encodedName());
    if (a == null) {
      throw new IOException("region " + parent + " is not open; cannot split it");
    }
    byte[] at = splitKey != null ? splitKey : servers.splitPoint(a.server(), parent.encodedName());
    if (splitKey == null && (at == null || Bytes.equals(at, parent.startKey()))) {
      LOG.info("not splitting {}: too few rows", parent);
      return;
    }
    rewriteReferences(a, "split");
    List<RegionInfo> daughters = SplitFiles.daughters(parent, at, clock.currentTimeMillis());
    assignments.startTransition(parent.encodedName());
    try {
      meta().setAssignment(parent, a.server(), RegionState.SPLITTING, a.epoch());
      close(a); // flushes; writers retry
      assignments.forget(parent.encodedName());
      try {
        files.writeDaughters(fs, root, parent, desc, daughters);
      } catch (IOException | RuntimeException e) {
        LOG.error("split of {} failed before meta changed; reopening the parent", parent, e);
        assignments.assign(parent, desc, a.server());
        throw e;
      }
      meta().replaceRegions(List.of(parent), daughters, RegionState.SPLIT);
    } finally {
      assignments.endTransition(parent.encodedName());
    }
    cleanRetired(parent, t);
    splits.increment();
    openAll(daughters, desc, a.server());
    LOG.info("split {} at '{}' into {} and {}", parent, Bytes.toStringBinary(at),
        daughters.get(0).encodedName(), daughters.get(1).encodedName());
  }

  /**
   * Opens each of {@code regions} ({@code server} preferred), every one tried even when an
   * earlier one fails (a daughter left unopened would wait for some server to join or die);
   * then throws the first failure. A region whose open got no answer stays with its server
   * until the repair chore settles it (see {@link UnconfirmedTransitions}).
   */
  private void openAll(List<RegionInfo> regions, TableDescriptor desc, String server)
      throws IOException {
    IOException first = null;
    for (RegionInfo r : regions) {
      try {
        assignments.assign(r, desc, server);
      } catch (IOException e) {
        LOG.warn("opening {} failed: {}", r.encodedName(), e.getMessage());
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * Merges two adjacent open regions of one table into one that refers to both parents' files
   * until a compaction rewrites them; the parents stay on disk until then.
   */
  void merge(String encodedA, String encodedB) throws IOException {
    if (encodedA.equals(encodedB)) {
      throw new IllegalArgumentException("cannot merge region " + encodedA + " with itself");
    }
    Assignment a = assignments.requireOpen(encodedA);
    Assignment b = assignments.requireOpen(encodedB);
    if (Bytes.equals(b.info().endKey(), a.info().startKey()) && b.info().endKey().length > 0) {
      Assignment swap = a; // merge in key order
      a = b;
      b = swap;
    }
    RegionInfo merged = SplitFiles.merged(a.info(), b.info(), clock.currentTimeMillis());
    TableDescriptor desc = meta().requireTable(a.info().table());
    rewriteReferences(a, "merge");
    rewriteReferences(b, "merge");
    List<RegionInfo> parents = List.of(a.info(), b.info());
    for (RegionInfo p : parents) {
      assignments.startTransition(p.encodedName());
    }
    try {
      meta().setAssignment(a.info(), a.server(), RegionState.MERGING, a.epoch());
      close(a);
      assignments.forget(a.info().encodedName());
      meta().setAssignment(b.info(), b.server(), RegionState.MERGING, b.epoch());
      try {
        close(b);
      } catch (IOException | RuntimeException e) {
        // a is closed and forgotten: open it again, or it would serve nobody.
        LOG.error("merge of {} and {} failed closing the second; reopening the first", a.info(),
            b.info(), e);
        assignments.assign(a.info(), desc, a.server());
        throw e;
      }
      assignments.forget(b.info().encodedName());
      try {
        files.writeMerged(fs, root, a.info(), b.info(), desc, merged);
      } catch (IOException | RuntimeException e) {
        LOG.error("merge of {} and {} failed before meta changed; reopening them", a.info(),
            b.info(), e);
        try {
          openAll(List.of(a.info()), desc, a.server());
        } finally {
          openAll(List.of(b.info()), desc, b.server());
        }
        throw e;
      }
      meta().replaceRegions(parents, List.of(merged), RegionState.MERGED);
    } finally {
      for (RegionInfo p : parents) {
        assignments.endTransition(p.encodedName());
      }
    }
    assignments.assign(merged, desc, a.server());
    merges.increment();
    LOG.info("merged {} and {} into {}", a.info().encodedName(), b.info().encodedName(),
        merged.encodedName());
  }

  /**
   * Closes a region before it is split or merged. A close that is not confirmed leaves the
   * region with its assignment, for the assignment manager to close again and reopen
   * ({@link UnconfirmedTransitions#repairCloses}).
   */
  private void close(Assignment a) throws IOException {
    try {
      servers.close(a.server(), a.info().encodedName(), a.epoch());
    } catch (StaleEpochException e) {
      throw e;
    } catch (IOException e) {
      assignments.unconfirmed().addClose(a, e);
      throw e;
    }
  }

  /**
   * A region that still refers to its parent's files cannot split or merge: compact it first
   * (it was asked to when it opened; this waits for it), or refuse if references remain.
   */
  private void rewriteReferences(Assignment a, String what) throws IOException {
    if (!files.holdsReferences(fs, root, a.info())) {
      return;
    }
    LOG.info("compacting {} before the {}: it still refers to its parent's files",
        a.info().encodedName(), what);
    servers.compact(a.server(), a.info().encodedName(), true);
    if (files.holdsReferences(fs, root, a.info())) {
      throw new IllegalStateException("region " + a.info().encodedName() + " still refers to "
          + "the files of the region it came from (a scanner may be reading them); try the "
          + what + " again shortly");
    }
  }

  /**
   * Deletes a retired (split or merged) parent's files and its meta record once no region
   * refers to its files any more; until then, does nothing.
   */
  private void cleanRetired(RegionInfo parent, TableName t) throws IOException {
    TableDescriptor desc = meta().table(t);
    if (desc == null) {
      meta().deleteRegion(parent); // the table is gone, and its files with it
      return;
    }
    if (files.deleteIfUnreferenced(fs, root, parent, desc)) {
      meta().deleteRegion(parent);
      LOG.info("deleted {}: nothing refers to its files any more", parent);
    }
  }

  /** Deletes every retired parent nothing refers to any more (the janitor's periodic job). */
  void cleanRetired() throws IOException {
    for (RegionRecord r : meta().retiredRegions()) {
      cleanRetired(r.info(), r.info().table());
    }
  }
}
