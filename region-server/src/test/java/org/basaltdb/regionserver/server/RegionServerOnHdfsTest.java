package org.basaltdb.regionserver.server;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.region.Region;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine on real HDFS (MiniDFSCluster, 3 datanodes): SSTables written, renamed, hsynced and
 * read with positional reads; a server crash with its WAL file still open (its lease held); a
 * new server, as another HDFS client, recovers the lease, splits the log and gets everything
 * acknowledged back.
 */
class RegionServerOnHdfsTest {
  private static MiniDFSCluster cluster;
  private static File base;

  @BeforeAll
  static void startCluster() throws Exception {
    base = Files.createTempDirectory("minidfs-rs").toFile();
    Configuration conf = new Configuration();
    conf.setInt("dfs.heartbeat.interval", 1);
    conf.setInt("dfs.client.socket-timeout", 10_000);
    conf.setInt("ipc.client.connect.max.retries", 1);
    cluster = new MiniDFSCluster.Builder(conf, base).numDataNodes(3).build();
    cluster.waitActive();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  @Test
  void flushCompactCrashAndRecoverOnHdfs() throws Exception {
    FileSystem fs1 = FileSystem.newInstance(cluster.getURI(), cluster.getConfiguration(0));
    Path root = new Path("/basalt");
    Configuration conf = new Configuration(false);
    TableDescriptor t = TableDescriptor.of(TableName.valueOf("t"),
        ColumnFamilyDescriptor.builder("f").compression("LZ4").build());
    RegionInfo info = new RegionInfo(t.name(), new byte[0], new byte[0], 1);

    RegionServer rs = new RegionServer(conf, fs1, root, "h,1,1", Clock.SYSTEM);
    rs.start(other -> true);
    Region r = rs.openRegion(info, t);
    for (int i = 0; i < 900; i++) {
      r.put(new Put(toBytes(String.format("r%04d", i))).addColumn(toBytes("f"), toBytes("q"),
          toBytes("v" + i)));
      if (i == 299 || i == 599) {
        r.flush();
      }
    }
    r.compact(true);
    assertEquals(1, r.store(toBytes("f")).files().size());
    assertEquals(900, r.scanAll(new Scan()).size());
    // Rows 600..899 are only in the memstore and the WAL. Crash: no flush, no WAL close.
    rs.abort();

    FileSystem fs2 = FileSystem.newInstance(cluster.getURI(), cluster.getConfiguration(0));
    RegionServer again = new RegionServer(conf, fs2, root, "h,1,2", Clock.SYSTEM);
    again.start(other -> true); // recovers the dead server's lease and splits its log
    Region r2 = again.openRegion(info, t);
    assertEquals(900, r2.scanAll(new Scan()).size());
    for (int i : new int[] {0, 299, 300, 599, 600, 899}) {
      String row = String.format("r%04d", i);
      assertEquals("v" + i, Bytes.toString(r2.get(new Get(toBytes(row)))
          .value(toBytes("f"), toBytes("q"))), row);
    }
    assertTrue(fs2.exists(new Path(root, "WALs/h,1,1-splitting")) == false,
        "the dead server's log directory is gone after the split");
    again.close();
    fs1.close();
    fs2.close();
  }
}
