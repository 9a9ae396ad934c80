package org.basaltdb.it;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.basaltdb.client.Admin;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.ClusterStatus;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.Table;
import org.basaltdb.common.Await;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.master.MasterConfig;
import org.basaltdb.server.ServerConfig;
import org.basaltdb.standalone.EmbeddedZooKeeper;
import org.basaltdb.tools.chaos.AdminActions;
import org.basaltdb.tools.chaos.ChaosAction;
import org.basaltdb.tools.chaos.ChaosMonkey;
import org.basaltdb.tools.chaos.LinkedListGenerator;
import org.basaltdb.tools.chaos.LinkedListVerifier;
import org.basaltdb.tools.chaos.RegisterChecker;
import org.basaltdb.tools.chaos.RegisterWorkload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A short chaos run with a fixed seed: linked lists written into a cluster of three region
 * servers and two masters, each its own JVM, while the chaos monkey kills region servers and
 * the active master with SIGKILL (starting a fresh one each time) and moves, splits, merges,
 * flushes, compacts and balances; then every region must serve again and the verifier must find
 * no UNDEFINED node (no acknowledged write lost). Meanwhile threads call get, put and
 * checkAndPut on a few rows of a second table, which the monkey's admin actions pick too, and
 * every row's history must be linearizable. The monkey's log, printed with the seed, is the
 * replay script of a failure.
 *
 * <p>Two runs: the cluster's root on the local filesystem, and on a MiniDFSCluster in this JVM,
 * where the monkey also stops a datanode and restarts it ({@link #restartDatanode}).
 */
class ChaosTest {
  /**
   * CI's seed kills region servers during a master failover, the server holding meta among
   * them; 16, 17 and 20261207 (master kills only) are replays (docs/operations.md, "Chaos").
   */
  private static final long SEED = Long.getLong("chaos.seed", 15L);
  /**
   * The HDFS run's CI seed: restart-datanode first (at +4 s), then kill -9 of a region server
   * and of the active master, a flush and a split; -Dchaos.seed replaces it too.
   */
  private static final long HDFS_SEED = Long.getLong("chaos.seed", 1269L);
  /** How long the generator writes under the monkey; -Dchaos.seconds=600 for a longer run. */
  private static final long SECONDS = Long.getLong("chaos.seconds", 50);
  /** The HDFS run writes for less: its cluster takes longer to start and to verify. */
  private static final long HDFS_SECONDS = Long.getLong("chaos.seconds", 40);
  /**
   * Datanodes, and the replication of every file: with one datanode down, a pipeline that
   * loses it still has a live datanode to take its place (HDFS's default replacement policy
   * replaces a lost member when floor(replication / 2) >= the members left, here 1 of 2), and
   * new files find two live datanodes, so no block stays at one replica. Three nodes at
   * replication 2 give that with a third less writing than four at 3 on a two-core machine.
   */
  private static final int DATANODES = 3;
  private static final int REPLICATION = 2;
  /** The HDFS client's socket timeout: how long a writer waits on a silent pipeline. */
  private static final int DFS_SOCKET_TIMEOUT_MS = 10_000;
  /**
   * How long restart-datanode keeps a datanode down: past the socket timeout, so a pipeline
   * through it must be recovered rather than waited out.
   */
  private static final long DATANODE_DOWN_MS = Long.getLong("chaos.datanode.down.ms", 15_000);
  private static final long PERIOD_MS = Long.getLong("chaos.period.ms", 4_000);
  /**
   * The chance that a fault comes while another is under way: that a kill of a region server
   * lands in a split or merge of one of its regions, a kill of the active master in a split or
   * merge of any region, and that a datanode's outage has a region server killed in it. Drawn
   * after the action's other choices, so a seed's schedule and victims are those it had
   * without overlaps; -Dchaos.overlap=0 turns them off.
   */
  private static final double OVERLAP = Double.parseDouble(
      System.getProperty("chaos.overlap", "0.5"));
  /**
   * How far into a split or merge an overlapping kill comes (from the admin call, a seeded point
   * below this): a split's or merge's close, file work and meta swap take 0.5 to 3 s here.
   */
  private static final long OVERLAP_WITHIN_MS = Long.getLong("chaos.overlap.within.ms", 1_500);
  /** The single-key verifier: rows, threads calling them, calls a second per thread. */
  private static final int REGISTER_KEYS = Integer.getInteger("chaos.register.keys", 8);
  private static final int REGISTER_THREADS = Integer.getInteger("chaos.register.threads", 6);
  private static final int REGISTER_RATE = Integer.getInteger("chaos.register.rate", 200);
  /**
   * -Dchaos.mttr=true: after each action, time until every region of both tables serves again
   * (the long run; it delays each next action, so CI's seed runs without it).
   */
  private static final boolean MTTR = Boolean.getBoolean("chaos.mttr");
  private static final TableName T = TableName.valueOf("chaos_linked_list");
  private static final TableName R = TableName.valueOf(RegisterWorkload.DEFAULT_TABLE);
  private static final String RS_READY =
      "region server (\\S+) ready: Thrift on port (\\d+), RPC on port (\\d+), admin on port (\\d+)";

  @RegisterExtension final ScratchDir scratch = new ScratchDir("basalt-it-chaos");
  private File dir;
  private EmbeddedZooKeeper zk;
  /** The HDFS run's filesystem; null when the root is on the local filesystem. */
  private MiniDFSCluster dfs;
  private final List<ChildProcess> children = new CopyOnWriteArrayList<>();
  private int started;

  @AfterEach
  void stopAll() throws Exception {
    for (ChildProcess c : children) {
      try {
        c.close();
      } catch (Exception e) {
        // already gone
      }
    }
    if (zk != null) {
      zk.close();
    }
    if (dfs != null) {
      dfs.shutdown(true);
    }
  }

  private Configuration conf() {
    Configuration c = new Configuration(false);
    if (dfs == null) {
      c.set(ServerConfig.ROOT_DIR.name(), new File(dir, "root").toURI().toString());
    } else {
      c.set(ServerConfig.ROOT_DIR.name(), dfs.getURI() + "/basalt");
      c.setInt("dfs.replication", REPLICATION);
      c.setInt("dfs.client.socket-timeout", DFS_SOCKET_TIMEOUT_MS);
      c.setInt("ipc.client.connect.max.retries", 1);
    }
    c.set(ServerConfig.ZK_QUORUM.name(), zk.connectString());
    ServerConfig.ZK_SESSION_TIMEOUT.set(c, 10_000L);
    c.set(ServerConfig.HOST.name(), "127.0.0.1");
    c.set(ServerConfig.THRIFT_BIND.name(), "127.0.0.1");
    c.set(MasterConfig.MASTER_HOST.name(), "127.0.0.1");
    ServerConfig.THRIFT_PORT.set(c, 0);
    ServerConfig.THRIFT1_PORT.set(c, 0);
    ServerConfig.ADMIN_PORT.set(c, 0);
    ServerConfig.RPC_PORT.set(c, 0);
    ServerConfig.INFO_PORT.set(c, 0);
    MasterConfig.MASTER_PORT.set(c, 0);
    return c;
  }

  /** A region server in its own JVM: the process, its server name, Thrift and admin ports. */
  private record Server(ChildProcess process, String name, int thriftPort, int adminPort) {}

  private final List<Server> servers = new CopyOnWriteArrayList<>();
  private final List<ChildProcess> masters = new CopyOnWriteArrayList<>();

  private ChildProcess launch(String role) throws Exception {
    ChildProcess p = ChildProcess.start(role + (++started), role, conf(), dir);
    children.add(p);
    return p;
  }

  private Server startRegionServer() throws Exception {
    ChildProcess p = launch("regionserver");
    Matcher m = p.awaitLine(RS_READY, 90_000);
    Server s = new Server(p, m.group(1), Integer.parseInt(m.group(2)),
        Integer.parseInt(m.group(4)));
    servers.add(s);
    return s;
  }

  private ChildProcess startMaster() throws Exception {
    ChildProcess p = launch("master");
    p.awaitLine("Basalt master starting", 90_000);
    masters.add(p);
    return p;
  }

  /** What a process fault does; like {@link ChaosAction#perform}. */
  private interface Fault {
    String perform(SplittableRandom random) throws Exception;
  }

  private static ChaosAction action(String name, Fault fault) {
    return new ChaosAction() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String perform(SplittableRandom random) throws Exception {
        return fault.perform(random);
      }
    };
  }

  /**
   * kill -9 of a region server other than the clients' entry, and a fresh one started; with
   * {@link #OVERLAP}'s chance, during a split or merge of one of the victim's regions.
   */
  private ChaosAction killRegionServer(Server entry, Admin admin) {
    return action("kill-regionserver", random -> {
      Server victim = pickVictim(entry, random);
      Overlap during = Overlap.start(admin, random, victim.name());
      String into = during == null ? "" : during.awaitSeededPoint(random);
      victim.process().kill();
      servers.remove(victim);
      Server fresh = startRegionServer();
      return "kill -9 " + victim.name() + into + "; started " + fresh.name()
          + (during == null ? "" : "; " + during.outcome());
    });
  }

  private Server pickVictim(Server entry, SplittableRandom random) {
    List<Server> victims = servers.stream().filter(s -> s != entry && s.process().isAlive())
        .toList();
    return victims.get(random.nextInt(victims.size()));
  }

  /**
   * kill -9 of the active master (the backup takes over), and a fresh backup started; with
   * {@link #OVERLAP}'s chance, during a split or merge.
   */
  private ChaosAction killActiveMaster(Admin admin) {
    return action("kill-active-master", random -> {
      ChildProcess active = masters.stream().filter(m -> m.isAlive()
          && m.printed("Basalt master active")).findFirst().orElse(null);
      if (active == null) {
        return "no active master yet (a backup is taking over)";
      }
      Overlap during = Overlap.start(admin, random, null);
      String into = during == null ? "" : during.awaitSeededPoint(random);
      active.kill();
      masters.remove(active);
      ChildProcess fresh = startMaster();
      return "kill -9 " + active.name() + into + "; started " + fresh.name() + " as a backup"
          + (during == null ? "" : "; " + during.outcome());
    });
  }

  /**
   * A split or merge running in its own thread for a kill to land in. {@link #start} draws
   * whether there is one and of which region; {@link #awaitSeededPoint} waits a seeded time
   * into it; {@link #outcome} waits for it to end, which a kill often makes it do with an error
   * (the point is what the cluster does afterwards: every region must serve again, nothing
   * acknowledged lost).
   */
  private static final class Overlap {
    private final String what;
    private final long startNanos = System.nanoTime();
    private final java.util.concurrent.FutureTask<String> task;

    private interface AdminCall {
      void call() throws Exception;
    }

    private Overlap(String what, AdminCall call) {
      this.what = what;
      this.task = new java.util.concurrent.FutureTask<>(() -> {
        try {
          call.call();
          return "it succeeded in " + String.format("%,d ms", sinceStart());
        } catch (Exception e) {
          return "it FAILED after " + String.format("%,d ms", sinceStart()) + ": "
              + e.toString().lines().findFirst().orElse("");
        }
      });
      Thread t = new Thread(task, "chaos-overlap");
      t.setDaemon(true);
      t.start();
    }

    private long sinceStart() {
      return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /**
     * With {@link #OVERLAP}'s chance, starts a split or a merge (even odds) of a region of
     * either table on {@code server} (any server when null), a merge with its right-hand
     * neighbour (the left-hand one for the last region); null if none was drawn or none fits.
     */
    static Overlap start(Admin admin, SplittableRandom random, String server) throws Exception {
      if (random.nextDouble() >= OVERLAP) {
        return null;
      }
      boolean split = random.nextBoolean();
      TableName table = random.nextBoolean() ? T : R;
      List<RegionLocation> rs = new ArrayList<>(admin.getRegions(table));
      rs.sort(Comparator.comparing(l -> l.region().startKey(), Arrays::compareUnsigned));
      List<Integer> on = new ArrayList<>();
      for (int i = 0; i < rs.size(); i++) {
        if (server == null || server.equals(rs.get(i).server())) {
          on.add(i);
        }
      }
      if (on.isEmpty() || !split && rs.size() < 2) {
        return null;
      }
      int i = on.get(random.nextInt(on.size()));
      String region = rs.get(i).region().encodedName();
      if (split) {
        byte[] mid = AdminActions.middle(rs.get(i).region().startKey(),
            rs.get(i).region().endKey());
        return mid == null ? null : new Overlap("split of " + table + " " + region,
            () -> admin.splitRegion(table, region, mid));
      }
      String other = rs.get(i + 1 < rs.size() ? i + 1 : i - 1).region().encodedName();
      return new Overlap("merge of " + table + " " + region + " and " + other,
          () -> admin.mergeRegions(region, other));
    }

    /** Waits a seeded time below {@link #OVERLAP_WITHIN_MS}; says how far into it that was. */
    String awaitSeededPoint(SplittableRandom random) throws InterruptedException {
      long at = random.nextLong(OVERLAP_WITHIN_MS);
      Thread.sleep(at); // the seeded point of the fault, not a wait for another thread
      return String.format(" %,d ms into a %s%s", sinceStart(), what,
          task.isDone() ? " (which had already ended)" : "");
    }

    /** Waits for the split or merge to end and says how it did. */
    String outcome() throws Exception {
      return "of the " + what + ", " + task.get(180, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /**
   * Stops one datanode, keeps it down for {@link #DATANODE_DOWN_MS} and restarts it on its
   * ports. Writers whose pipeline went through it must recover (HDFS replaces the datanode, or
   * the WAL rolls to a new file); readers of its blocks go to other replicas. With
   * {@link #OVERLAP}'s chance a region server other than the clients' entry is killed at a
   * seeded point in the first half of the outage, so that its log is split and its regions
   * reopened, their recovered edits written, while the datanode is down; a fresh one starts
   * after the restart. The action holds the monkey for the whole outage, so the next action
   * comes after the restart.
   */
  private ChaosAction restartDatanode(Server entry) {
    return action("restart-datanode", random -> {
      int i = random.nextInt(dfs.getDataNodes().size());
      long killAt = random.nextDouble() < OVERLAP ? random.nextLong(DATANODE_DOWN_MS / 2) : -1;
      String addr = dfs.getDataNodes().get(i).getXferAddress().getPort() + "";
      int[] through = openWalsThrough(addr);
      MiniDFSCluster.DataNodeProperties stopped = dfs.stopDataNode(i);
      long s = System.nanoTime();
      long down;
      String killed = "";
      try {
        if (killAt >= 0) {
          Thread.sleep(killAt); // the seeded point of the kill, not a wait for another thread
          Server victim = pickVictim(entry, random);
          victim.process().kill();
          servers.remove(victim);
          killed = String.format("; kill -9 %s %,d ms into the outage", victim.name(),
              (System.nanoTime() - s) / 1_000_000);
        }
        long left = DATANODE_DOWN_MS - (System.nanoTime() - s) / 1_000_000;
        Thread.sleep(Math.max(0, left)); // the outage itself, not a wait for another thread
      } finally {
        down = (System.nanoTime() - s) / 1_000_000;
        dfs.restartDataNode(stopped, true);
        dfs.waitActive();
      }
      String fresh = killAt < 0 ? "" : "; started " + startRegionServer().name();
      return String.format("stopped the datanode on port %s (in the pipeline of %d of %d "
          + "open WAL files) for %,d ms%s, restarted it%s", addr, through[0], through[1], down,
          killed, fresh);
    });
  }

  /**
   * Of the newest WAL file of each region server (the open one), how many have their last
   * block on the datanode with transfer port {@code port}, and how many there are.
   */
  private int[] openWalsThrough(String port) throws Exception {
    FileSystem fs = dfs.getFileSystem();
    org.apache.hadoop.fs.Path wals = new org.apache.hadoop.fs.Path("/basalt/WALs");
    int[] n = new int[2];
    for (FileStatus server : fs.listStatus(wals)) {
      if (!server.isDirectory() || server.getPath().getName().endsWith("-splitting")) {
        continue;
      }
      try {
        FileStatus newest = Arrays.stream(fs.listStatus(server.getPath()))
            .max(Comparator.comparing(f -> f.getPath().getName())).orElse(null);
        if (newest == null) {
          continue;
        }
        BlockLocation[] blocks = fs.getFileBlockLocations(newest.getPath(), 0, Long.MAX_VALUE);
        n[1]++;
        if (blocks.length > 0 && Arrays.stream(blocks[blocks.length - 1].getNames())
            .anyMatch(name -> name.endsWith(":" + port))) {
          n[0]++;
        }
      } catch (FileNotFoundException e) {
        // a dead server's directory renamed for its split meanwhile
      }
    }
    return n;
  }

  /** Waits until every region of {@code table} is on a live server and answers a get. */
  private static void awaitServing(Admin admin, Table t, TableName table) throws Exception {
    Await.until("every region serving", 180_000, () -> serving(admin, t, table));
  }

  /** Whether every region of {@code table} is on a live server and answers a get. */
  private static boolean serving(Admin admin, Table t, TableName table) {
    try {
      ClusterStatus st = admin.getClusterStatus();
      Set<String> live = st.liveServers().stream().map(ClusterStatus.LiveServer::serverName)
          .collect(Collectors.toSet());
      for (RegionLocation l : admin.getRegions(table)) {
        if (l.server() == null || !live.contains(l.server())) {
          return false;
        }
        t.get(new Get(l.region().startKey().length == 0 ? new byte[] {0}
            : l.region().startKey()));
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void linkedListsSurviveKillsMovesSplitsAndMerges() throws Exception {
    dir = scratch.create("");
    run(SEED, SECONDS, false);
  }

  @Test
  void linkedListsSurviveADatanodeRestartOnHdfs() throws Exception {
    dir = scratch.create("-dfs");
    Configuration dfsConf = new Configuration();
    dfsConf.setInt("dfs.heartbeat.interval", 1);
    dfsConf.setInt("dfs.replication", REPLICATION);
    dfsConf.setInt("dfs.client.socket-timeout", DFS_SOCKET_TIMEOUT_MS);
    dfs = new MiniDFSCluster.Builder(dfsConf, new File(dir, "dfs")).numDataNodes(DATANODES)
        .build();
    dfs.waitActive();
    System.out.printf("chaos: root on HDFS, %d datanodes, replication %d, a datanode's outage "
        + "%,d ms%n", DATANODES, REPLICATION, DATANODE_DOWN_MS);
    run(HDFS_SEED, HDFS_SECONDS, true);
  }

  /**
   * Starts the cluster on {@link #conf()}'s root, writes for {@code seconds} under a monkey with
   * the admin actions, the kills and, on HDFS, the datanode's restart, then verifies.
   */
  private void run(long seed, long seconds, boolean onHdfs) throws Exception {
    System.out.printf("chaos: seed %d (-Dchaos.seed=%d replays it), %d s of writes, overlap "
        + "%.2f within %,d ms%n", seed, seed, seconds, OVERLAP, OVERLAP_WITHIN_MS);
    zk = new EmbeddedZooKeeper(new File(dir, "zk"), 0);
    long t0 = System.nanoTime();
    Server entry = startRegionServer();
    for (int i = 0; i < 2; i++) {
      startRegionServer();
    }
    launch("master").awaitLine("Basalt master active", 90_000);
    masters.add(children.get(children.size() - 1));
    startMaster(); // the backup
    System.out.printf("chaos: cluster of 3 region servers and 2 masters up in %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);

    Configuration client = new Configuration(false);
    ClientConfig.HOST.set(client, "127.0.0.1");
    ClientConfig.PORT.set(client, entry.thriftPort());
    ClientConfig.ADMIN_PORT.set(client, entry.adminPort());
    PrintStream log = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    // The rows' calls give up sooner than the writers', so that no call outlasts the run long.
    Configuration rowClient = new Configuration(client);
    ClientConfig.OPERATION_TIMEOUT.set(rowClient, 20_000L);
    Configuration probeClient = new Configuration(client);
    ClientConfig.OPERATION_TIMEOUT.set(probeClient, 3_000L); // a probe's check gives up soon
    try (Connection c = ConnectionFactory.createConnection(client);
        Connection rc = ConnectionFactory.createConnection(rowClient);
        Connection pc = ConnectionFactory.createConnection(probeClient);
        Table t = c.getTable(T); Table rt = c.getTable(R);
        Table pt = pc.getTable(T); Table prt = pc.getTable(R)) {
      Admin admin = c.getAdmin();
      LinkedListGenerator.createTable(c, T, 6);
      RegisterWorkload.createTable(c, R, 4);
      List<ChaosAction> actions = new ArrayList<>(AdminActions.all(admin, List.of(T, R)));
      actions.add(killRegionServer(entry, admin));
      actions.add(killActiveMaster(admin));
      if (onHdfs) {
        actions.add(restartDatanode(entry));
      }
      LinkedListGenerator g = new LinkedListGenerator(c,
          new LinkedListGenerator.Options(T, 3, 50, 0, seconds * 1000, 90_000), log);
      RegisterWorkload rows = new RegisterWorkload(rc, new RegisterWorkload.Options(R,
          REGISTER_KEYS, REGISTER_THREADS, seconds * 1000, seed, REGISTER_RATE), log);
      RegisterWorkload.History[] history = new RegisterWorkload.History[1];
      Thread rowThread = new Thread(() -> {
        try {
          history[0] = rows.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "register-workload");
      ChaosMonkey monkey = new ChaosMonkey(seed, PERIOD_MS, actions, log);
      if (MTTR) {
        Admin probeAdmin = pc.getAdmin();
        monkey.measureRecovery(() -> serving(probeAdmin, pt, T) && serving(probeAdmin, prt, R),
            300_000);
      }
      monkey.start();
      rowThread.start();
      LinkedListGenerator.Result written;
      try {
        written = g.run();
      } finally {
        rows.stop();
        rowThread.join();
        monkey.close();
      }
      log.println(written.line());
      long r0 = System.nanoTime();
      awaitServing(admin, t, T);
      awaitServing(admin, rt, R);
      log.printf("chaos: every region serving %d ms after the monkey stopped%n",
          (System.nanoTime() - r0) / 1_000_000);
      LinkedListVerifier.Counts counts = new LinkedListVerifier(c, T, log).verify();
      log.println(counts.line());
      RegisterWorkload.Report report = rows.check(history[0], new RegisterChecker());
      log.println(report.line());
      log.println("chaos: consistency " + admin.checkConsistency());
      monkey.recoverySummary().forEach(line -> log.println("chaos: MTTR " + line));
      assertTrue(written.nodes() > 0, "the generator wrote nothing: " + written.line());
      assertTrue(monkey.performed() > 0, "the monkey did nothing: " + monkey.summary());
      assertEquals(0, counts.undefined(), "acknowledged writes lost (seed " + seed + "): "
          + counts.line());
      assertTrue(counts.referenced() + counts.unreferenced() >= written.nodes(),
          "fewer nodes than acknowledged: " + counts.line() + " vs " + written.line());
      assertTrue(report.calls() > 1000, "the rows were hardly called: " + report.line());
      assertEquals(0, report.violations(), "rows whose history is not linearizable (seed "
          + seed + "): " + report.details());
      assertEquals(0, report.inconclusive(), "rows the checker could not decide: "
          + report.details());
    }
  }
}
