package org.basaltdb.master;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.ManualClock;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.layout.SplitFiles;

/**
 * The master's collaborators wired as {@link Master} wires them for a cluster (epochs on), over
 * {@link FakeRegionServers}, a {@link ManualClock}, split and merge file work that only records
 * what it was asked ({@link Files}), and a recovery executor that runs each task in the caller:
 * no ZooKeeper, no threads, no region server.
 */
final class MasterParts {
  /** Records the file work of splits and merges; regions in {@link #referencing} hold references. */
  static final class Files implements SplitFiles {
    final List<String> written = new ArrayList<>();
    final Set<String> referencing = new HashSet<>();
    final Set<String> referenced = new HashSet<>();
    final Set<String> deleted = new HashSet<>();
    boolean failNextWrite;

    private void maybeFail(String what) throws IOException {
      if (failNextWrite) {
        failNextWrite = false;
        throw new IOException("injected failure writing " + what);
      }
    }

    @Override
    public void writeDaughters(FileSystem fs, Path root, RegionInfo parent, TableDescriptor t,
        List<RegionInfo> daughters) throws IOException {
      maybeFail("the daughters of " + parent.encodedName());
      written.add("split " + parent.encodedName());
    }

    @Override
    public void writeMerged(FileSystem fs, Path root, RegionInfo a, RegionInfo b,
        TableDescriptor t, RegionInfo merged) throws IOException {
      maybeFail("the merge of " + a.encodedName() + " and " + b.encodedName());
      written.add("merge " + a.encodedName() + " " + b.encodedName());
    }

    @Override
    public boolean holdsReferences(FileSystem fs, Path root, RegionInfo region) {
      return referencing.contains(region.encodedName());
    }

    @Override
    public boolean isReferenced(FileSystem fs, Path root, org.basaltdb.common.TableName table,
        String encodedRegion) {
      return referenced.contains(encodedRegion);
    }

    @Override
    public boolean deleteIfUnreferenced(FileSystem fs, Path root, RegionInfo parent,
        TableDescriptor t) {
      if (referenced.contains(parent.encodedName())) {
        return false;
      }
      deleted.add(parent.encodedName());
      return true;
    }
  }

  /** Runs each task at once in the calling thread. */
  static final class InCaller extends AbstractExecutorService {
    private boolean shutdown;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  final FakeRegionServers servers;
  final ManualClock clock = new ManualClock(1_000_000);
  final Files files = new Files();
  final Object lock = new Object();
  final AssignmentManager assignments;
  final ServerRecovery recovery;
  final Balancer balancer;
  final TableDdl ddl;
  final SplitsAndMerges splits;

  MasterParts(FakeRegionServers servers, java.nio.file.Path dir) throws IOException {
    this(servers, dir, FileSystem.getLocal(new Configuration()).getRawFileSystem(),
        new InCaller());
  }

  /** Over {@code fs}, splitting logs on {@code splitters}. */
  MasterParts(FakeRegionServers servers, java.nio.file.Path dir, FileSystem fs,
      java.util.concurrent.ExecutorService splitters) throws IOException {
    this.servers = servers;
    Configuration conf = new Configuration(false);
    Path root = new Path(dir.toUri());
    assignments = new AssignmentManager(servers, null, true, clock, 1_000);
    recovery = new ServerRecovery(conf, fs, root, clock, servers, true, assignments, lock,
        new InCaller(), new InCaller(), splitters);
    assignments.splitLogsWith(recovery::splitLogsOf);
    balancer = new Balancer(servers, assignments, lock);
    ddl = new TableDdl(fs, root, clock, assignments);
    splits = new SplitsAndMerges(fs, root, clock, servers, assignments, files);
  }

  /** What {@link Master#start} does first: meta open, default namespace, regions reconciled. */
  MasterParts start() throws IOException {
    recovery.openMeta();
    List<String> live = servers.live();
    if (meta().namespace(NamespaceDescriptor.DEFAULT.name()) == null) {
      meta().putNamespace(NamespaceDescriptor.DEFAULT);
    }
    assignments.reconcile(live, new InCaller());
    return this;
  }

  MetaTable meta() {
    return assignments.meta();
  }
}
