package org.basaltdb.master;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.basaltdb.master.MetaTable.RegionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dead server's regions, meta included, reopen on the live ones under higher epochs. */
class ServerRecoveryTest {
  @TempDir
  Path dir;

  private static MasterParts withTable(FakeRegionServers rs, Path dir) throws Exception {
    MasterParts m = new MasterParts(rs, dir).start();
    m.ddl.createTable(AssignmentManagerTest.TABLE,
        List.of(toBytes("d"), toBytes("h"), toBytes("p")));
    return m;
  }

  @Test
  void theDeadServersRegionsAndMetaReopenElsewhere() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts m = withTable(rs, dir);
    assertEquals("a", m.assignments.metaServer());
    Map<String, Long> epochsBefore = new HashMap<>();
    for (RegionRecord r : m.meta().regions(AssignmentManagerTest.T)) {
      epochsBefore.put(r.info().encodedName(), r.epoch());
    }
    List<String> onA = List.copyOf(rs.regionsOn("a"));
    assertTrue(!onA.isEmpty());
    List<Long> recoveryNanos = new java.util.ArrayList<>();
    m.recovery.setRecoveryObserver(recoveryNanos::add);
    rs.kill("a");
    m.recovery.serverGone("a");
    assertEquals(List.of("a"), m.recovery.deadServers());
    assertNotEquals("a", m.assignments.metaServer());
    assertEquals(1, recoveryNanos.size(), "the recovery's time is reported once (a meter)");
    ServerRecovery.Recovery shown = m.recovery.recoveries().get("a");
    assertEquals(recoveryNanos.get(0) / 1_000_000, shown.tookMillis(),
        "the status page shows it recovered, and how long it took");
    assertTrue(shown.goneAtMillis() <= m.clock.currentTimeMillis(), shown.toString());
    AssignmentManagerTest.assertPlacedAsMetaSays(m, AssignmentManagerTest.T);
    for (String region : onA) {
      RegionRecord r = m.meta().regions(AssignmentManagerTest.T).stream()
          .filter(x -> x.info().encodedName().equals(region)).findFirst().orElseThrow();
      assertTrue(r.epoch() > epochsBefore.get(region), region);
    }
  }

  /** A table of {@code n} regions on a, b and c (meta on a). */
  private static MasterParts withRegions(FakeRegionServers rs, Path dir, int n) throws Exception {
    MasterParts m = new MasterParts(rs, dir).start();
    List<byte[]> keys = new java.util.ArrayList<>();
    for (int i = 1; i < n; i++) {
      keys.add(toBytes(String.format("k%03d", i)));
    }
    m.ddl.createTable(AssignmentManagerTest.TABLE, keys);
    return m;
  }

  @Test
  void theDeadServersRegionsReopenInOneBatchPerLiveServerAndAFailedOpenIsRetried()
      throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts m = withRegions(rs, dir, 30);
    List<String> onC = List.copyOf(rs.regionsOn("c"));
    assertTrue(onC.size() >= 3, "" + onC);
    String failing = onC.get(1);
    rs.failNextOpenOf.add(failing);
    rs.batches.clear();
    int opensBefore = rs.opens.size();
    rs.kill("c");
    m.recovery.serverGone("c");
    assertEquals(List.of("a", "b"), rs.batches.stream().map(b -> b.split(" ")[0]).toList(),
        "one batch per live server: " + rs.batches);
    assertEquals(onC.size(), rs.batches.stream()
        .mapToInt(b -> Integer.parseInt(b.split(" ")[1])).sum());
    AssignmentManagerTest.assertPlacedAsMetaSays(m, AssignmentManagerTest.T);
    List<String> made = rs.opens.subList(opensBefore, rs.opens.size());
    assertEquals(onC.size(), made.size(), "each opened once, the failed one by its retry: "
        + made);
    assertEquals(failing, made.get(made.size() - 1).split(" ")[1], "retried after the batches");
  }

  @Test
  void aTargetThatDiesMidBatchLosesItsRegionsToALiveServer() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts m = withRegions(rs, dir, 30);
    List<String> onC = List.copyOf(rs.regionsOn("c"));
    rs.dieOnOpen("b"); // b dies at the first open of its batch
    rs.kill("c");
    m.recovery.serverGone("c");
    assertTrue(!rs.live.containsKey("b"));
    for (String region : onC) {
      assertEquals(List.of("a"), rs.serversOf(region), region);
      assertEquals("a", m.assignments.get(region).server(), region);
    }
    m.recovery.serverGone("b");
    AssignmentManagerTest.assertPlacedAsMetaSays(m, AssignmentManagerTest.T);
    assertEquals(30, rs.regionsOn("a").size());
  }

  @Test
  void withEveryServerDeadRegionsWaitForOneToJoin() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b");
    MasterParts m = withTable(rs, dir);
    rs.kill("a");
    rs.kill("b");
    m.recovery.serverGone("a");
    m.recovery.serverGone("b");
    assertEquals(List.of("a", "b"), m.recovery.deadServers());
    rs.start("c");
    m.recovery.serverJoined("c");
    assertEquals("c", m.assignments.metaServer());
    assertEquals(4, rs.regionsOn("c").size());
    AssignmentManagerTest.assertPlacedAsMetaSays(m, AssignmentManagerTest.T);
  }

  @Test
  void aServerStillLiveIsNotRecovered() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b");
    MasterParts m = withTable(rs, dir);
    List<String> onA = List.copyOf(rs.regionsOn("a"));
    m.recovery.serverGone("a"); // a ZooKeeper blip: the server never went
    assertEquals(List.of(), m.recovery.deadServers());
    assertEquals(onA, List.copyOf(rs.regionsOn("a")));
  }

  /**
   * Chaos seed 15's hole: the server holding meta is killed with the active master; the next
   * master finds it still registered but silent. It must wait (not fail) until the server's
   * session ends, split its log, and only then open meta elsewhere, with what meta held.
   */
  @Test
  void aNewMasterWaitsForMetasSilentServerThenSplitsItsLogBeforeOpeningMeta() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b");
    MasterParts first = withTable(rs, dir);
    assertEquals("a", first.assignments.metaServer());
    java.nio.file.Path walOfA = dir.resolve("WALs").resolve("a");
    java.nio.file.Files.createDirectories(walOfA);
    rs.silent.add("a"); // killed: registered in ZooKeeper until its session ends
    int[] calls = new int[1];
    rs.onSilentCall = server -> {
      if (++calls[0] == 3) {
        rs.kill(server); // the third look finds its session over
      }
    };

    MasterParts next = new MasterParts(rs, dir);
    next.assignments.assumePublished("a;1");
    next.recovery.openMeta();

    assertEquals(3, calls[0], "meta waited while its server was registered");
    assertEquals("b", next.assignments.metaServer());
    assertTrue(rs.opens.stream().anyMatch(o -> o.startsWith("b " + Master.META_REGION + " ")),
        rs.opens.toString());
    assertTrue(!java.nio.file.Files.exists(walOfA)
        && !java.nio.file.Files.exists(dir.resolve("WALs").resolve("a-splitting")),
        "a's log was split before meta opened elsewhere");
    assertEquals(4, next.meta().regions(AssignmentManagerTest.T).size(), "meta kept its rows");
  }

  /**
   * With meta's location lost (ZooKeeper's data wiped) while meta's server is dead, a new master
   * splits every dead server's log before it opens meta: meta's last edits may be in any of them.
   */
  @Test
  void withMetasLocationLostANewMasterSplitsTheDeadLogsBeforeOpeningMeta() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b");
    MasterParts first = withTable(rs, dir);
    assertEquals("a", first.assignments.metaServer());
    java.nio.file.Path walOfA = dir.resolve("WALs").resolve("a");
    java.nio.file.Files.createDirectories(walOfA);
    rs.kill("a");

    MasterParts next = new MasterParts(rs, dir); // nothing published: no assumePublished
    next.recovery.openMeta();

    assertEquals("b", next.assignments.metaServer());
    assertTrue(!java.nio.file.Files.exists(walOfA)
        && !java.nio.file.Files.exists(dir.resolve("WALs").resolve("a-splitting")),
        "a's log was split before meta opened");
  }

  /**
   * Disabling a table whose regions sit on a dead server (dead already, or registered but
   * silent until its session ends) splits that server's log before it records them closed, so
   * enabling the table again opens them with their edits.
   */
  @Test
  void disablingATableOnADeadServerSplitsItsLogFirst() throws Exception {
    FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
    MasterParts m = withTable(rs, dir);
    assertTrue(!rs.regionsOn("b").isEmpty() && !rs.regionsOn("c").isEmpty());
    java.nio.file.Path wals = dir.resolve("WALs");
    java.nio.file.Files.createDirectories(wals.resolve("b"));
    java.nio.file.Files.createDirectories(wals.resolve("c"));
    rs.kill("b"); // its session ended; its recovery has not run yet
    rs.silent.add("c"); // killed, still registered: the second close finds its session over
    int[] calls = new int[1];
    rs.onSilentCall = server -> {
      if (++calls[0] == 2) {
        rs.kill(server);
      }
    };

    m.ddl.disableTable(AssignmentManagerTest.T);

    assertEquals(2, calls[0], "the close waited while c was registered");
    for (String server : List.of("b", "c")) {
      assertTrue(!java.nio.file.Files.exists(wals.resolve(server))
          && !java.nio.file.Files.exists(wals.resolve(server + "-splitting")),
          server + "'s log was split before its regions were recorded closed");
    }
    for (RegionRecord r : m.meta().regions(AssignmentManagerTest.T)) {
      assertEquals(MetaTable.RegionState.CLOSED, r.state(), r.info().toString());
    }
  }

  /**
   * Two servers that die together have their logs split at once: each split's fence waits (up
   * to a minute) until the other's has begun, so splitting one after another fails here. Both
   * servers' regions then reopen on the one left.
   */
  @Test
  @org.junit.jupiter.api.Timeout(180) // one after another, the recovery would retry forever
  void theLogsOfServersThatDiedTogetherAreSplitAtOnce() throws Exception {
    java.util.concurrent.CountDownLatch bothStarted = new java.util.concurrent.CountDownLatch(2);
    java.util.Set<String> splitThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    org.apache.hadoop.fs.FileSystem fs = new org.apache.hadoop.fs.RawLocalFileSystem() {
      @Override
      public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst)
          throws java.io.IOException {
        if (dst.getName().endsWith(org.basaltdb.wal.split.WalSplitter.SPLITTING_SUFFIX)) {
          splitThreads.add(Thread.currentThread().getName());
          bothStarted.countDown();
          try {
            if (!bothStarted.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
              throw new java.io.IOException("the other server's split did not begin while "
                  + src.getName() + "'s was under way: the logs were split one after another");
            }
          } catch (InterruptedException e) {
            throw new java.io.InterruptedIOException();
          }
        }
        return super.rename(src, dst);
      }
    };
    fs.initialize(java.net.URI.create("file:///"), new org.apache.hadoop.conf.Configuration());
    java.util.concurrent.ExecutorService splitters =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      FakeRegionServers rs = new FakeRegionServers("a", "b", "c");
      MasterParts m = new MasterParts(rs, dir, fs, splitters).start();
      m.ddl.createTable(AssignmentManagerTest.TABLE,
          List.of(toBytes("d"), toBytes("h"), toBytes("p")));
      java.nio.file.Path wals = dir.resolve("WALs");
      java.nio.file.Files.createDirectories(wals.resolve("b"));
      java.nio.file.Files.createDirectories(wals.resolve("c"));
      assertTrue(!rs.regionsOn("b").isEmpty() && !rs.regionsOn("c").isEmpty());
      rs.kill("b");
      rs.kill("c");
      m.recovery.serverGone("b");
      m.recovery.serverGone("c");

      assertEquals(2, splitThreads.size(), "two splitter threads: " + splitThreads);
      for (String server : List.of("b", "c")) {
        assertTrue(!java.nio.file.Files.exists(wals.resolve(server))
            && !java.nio.file.Files.exists(wals.resolve(server + "-splitting")),
            server + "'s log was split");
      }
      assertEquals(List.of("b", "c"), m.recovery.deadServers());
      assertEquals(4, rs.regionsOn("a").size(), "every region on the server left");
      AssignmentManagerTest.assertPlacedAsMetaSays(m, AssignmentManagerTest.T);
    } finally {
      splitters.shutdownNow();
    }
  }
}
