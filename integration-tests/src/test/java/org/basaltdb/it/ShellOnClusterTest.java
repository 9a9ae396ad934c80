package org.basaltdb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.server.ClusterStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell's cluster tools against a real cluster (one master, three region servers), the
 * shell in its own JVM as a user runs it ({@code bin/basalt shell -e ...}).
 */
class ShellOnClusterTest {
  @TempDir
  Path dir;

  TestCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.started(dir, 3);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  /** Runs the shell against region server {@code rs}; returns what it printed. */
  private String shell(RegionServerProcess rs, String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "org.basaltdb.shell.Main",
        "--host", "127.0.0.1", "--port", String.valueOf(rs.thriftPort()),
        "--admin-port", String.valueOf(rs.adminPort()), "-e", script)
        .redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the shell finished");
    assertEquals(0, p.exitValue(), "the shell succeeded; it printed:\n" + out);
    return out;
  }

  @Test
  void clusterToolsWork() throws Exception {
    RegionServerProcess entry = cluster.servers.get(1);
    shell(entry, "create 't', 'f', SPLITS => ['g', 'p']; put 't', 'alice', 'f:q', '1'; "
        + "put 't', 'henry', 'f:q', '2'; put 't', 'zoe', 'f:q', '3'");
    String status = shell(entry, "status 'detailed'");
    for (RegionServerProcess rs : cluster.servers) {
      assertTrue(status.contains(rs.serverName()), "every server listed:\n" + status);
    }
    ClusterStatus before = cluster.masters.get(0).master().clusterStatus();
    String region = cluster.masters.get(0).master().regionLocations(
        org.basaltdb.common.TableName.valueOf("t")).get(0).region().encodedName();
    String target = cluster.servers.get(2).serverName();
    shell(entry, "move '" + region + "', '" + target + "'");
    assertTrue(cluster.masters.get(0).master().clusterStatus().servers().get(target)
        .contains(region), "moved to " + target + " (was " + before + ")");
    String balanced = shell(entry, "balance_switch false; balance_switch true; balancer");
    assertTrue(balanced.contains("Previous balancer state : false"), balanced);
    assertTrue(balanced.contains("true"), balanced);
    shell(entry, "unassign '" + region + "'; assign '" + region + "'");
    List<String> regions = cluster.masters.get(0).master()
        .regionLocations(org.basaltdb.common.TableName.valueOf("t")).stream()
        .map(l -> l.region().encodedName()).toList();
    shell(entry, "merge_region '" + regions.get(1) + "', '" + regions.get(2) + "'");
    String scan = shell(cluster.servers.get(0), "scan 't'; list_deadservers; hbck");
    assertTrue(scan.contains("0 inconsistencies"), "hbck finds nothing wrong:\n" + scan);
    assertTrue(scan.contains("alice") && scan.contains("henry") && scan.contains("zoe"), scan);
    assertTrue(scan.contains("0 row(s)"), "no dead servers:\n" + scan);
    assertEquals(2, cluster.masters.get(0).master()
        .regionLocations(org.basaltdb.common.TableName.valueOf("t")).size(), "merged");
  }
}
