package org.basaltdb.regionserver.server;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.fs.FaultInjectingFileSystem;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.UnflushedCloseException;
import org.basaltdb.wal.WalConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose WAL cannot roll any more, or that closed a region it could not flush, aborts,
 * and a restart recovers what was acknowledged.
 */
class RegionServerAbortTest {
  private static final TableDescriptor T =
      TableDescriptor.of(TableName.valueOf("t"), ColumnFamilyDescriptor.of("f"));
  private static final RegionInfo INFO = new RegionInfo(T.name(), new byte[0], new byte[0], 1);

  @TempDir
  Path dir;

  /** A started server over a filesystem the test can fail, its one region open. */
  private record Started(FaultInjectingFileSystem fs, org.apache.hadoop.fs.Path root,
      Configuration conf, RegionServer rs, List<String> aborts, Region region) {
    /** A new incarnation of the server on the same root, its region open again. */
    RegionServer restart() throws IOException {
      RegionServer again = new RegionServer(conf, fs, root, "h,1,2", Clock.SYSTEM);
      again.start(other -> true);
      again.openRegion(INFO, T);
      return again;
    }
  }

  private Started start(Configuration conf) throws IOException {
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem(
        FileSystem.getLocal(new Configuration()).getRawFileSystem());
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
    RegionServer rs = new RegionServer(conf, fs, root, "h,1,1", Clock.SYSTEM);
    List<String> aborts = new ArrayList<>();
    rs.setAbortHandler(aborts::add);
    rs.start(other -> true);
    return new Started(fs, root, conf, rs, aborts, rs.openRegion(INFO, T));
  }

  @Test
  void aDeadWalAbortsTheServerAndARestartRecoversAcknowledgedWrites() throws Exception {
    Configuration conf = new Configuration(false);
    WalConfig.ROLL_RETRIES.set(conf, 2);
    Started s = start(conf);
    FaultInjectingFileSystem fs = s.fs();
    RegionServer rs = s.rs();
    List<String> reasons = s.aborts();
    Region r = s.region();
    r.put(new Put(toBytes("acked")).addColumn(toBytes("f"), toBytes("q"), toBytes("1")));
    assertFalse(rs.checkHealth(), "a healthy server does not abort");

    fs.failFrom(FaultInjectingFileSystem.Op.SYNC, 1);
    fs.failFrom(FaultInjectingFileSystem.Op.CREATE, 1);
    assertThrows(IOException.class, () -> r.put(new Put(toBytes("lost"))
        .addColumn(toBytes("f"), toBytes("q"), toBytes("2"))));
    assertTrue(rs.checkHealth(), "the server aborts once its WAL is dead");
    assertEquals(1, reasons.size());
    assertTrue(reasons.get(0).contains("WAL"), reasons.get(0));
    assertTrue(rs.onlineRegions().isEmpty(), "an aborted server serves nothing");
    assertFalse(rs.checkHealth(), "it aborts once");

    fs.heal();
    RegionServer again = s.restart();
    Region r2 = again.regionByName(INFO.encodedName());
    assertEquals(1, r2.get(new Get(toBytes("acked"))).size());
    // The failed write was never acknowledged: its outcome is unknown to the client, and it may
    // come back from the WAL bytes that did reach the file (whole, never in part).
    int lost = r2.get(new Get(toBytes("lost"))).size();
    assertTrue(lost == 0 || lost == 1);
    again.close();
  }

  /**
   * A close whose flush fails leaves the region's acknowledged edits only in the WAL: the server
   * aborts, the WAL keeps the file holding them through later rolls (it was archived before,
   * and the region reopened without them), and a restart that splits the log has every one.
   */
  @Test
  void aCloseThatCannotFlushAbortsTheServerAndTheLogKeepsItsEdits() throws Exception {
    Started s = start(new Configuration(false));
    FaultInjectingFileSystem fs = s.fs();
    RegionServer rs = s.rs();
    List<String> reasons = s.aborts();
    Region r = s.region();
    for (int i = 0; i < 10; i++) {
      r.put(new Put(toBytes("acked" + i)).addColumn(toBytes("f"), toBytes("q"), toBytes(i)));
    }

    fs.failFrom(FaultInjectingFileSystem.Op.CREATE, 1); // the flush cannot make its file
    assertThrows(UnflushedCloseException.class, () -> rs.closeRegion(INFO.encodedName(), 0L));
    assertEquals(1, reasons.size(), "the server aborts: " + reasons);
    assertTrue(reasons.get(0).contains("without flushing"), reasons.get(0));
    assertTrue(rs.onlineRegions().isEmpty(), "an aborted server serves nothing");

    fs.heal();
    rs.wal().roll(); // a file every region has flushed would be archived here
    org.apache.hadoop.fs.Path archived = new org.apache.hadoop.fs.Path(s.root(), "oldWALs/h,1,1");
    assertTrue(!fs.exists(archived) || fs.listStatus(archived).length == 0,
        "the log holding the unflushed edits stays where a split finds it");

    RegionServer again = s.restart();
    Region r2 = again.regionByName(INFO.encodedName());
    for (int i = 0; i < 10; i++) {
      assertEquals(1, r2.get(new Get(toBytes("acked" + i))).size(), "acked" + i);
    }
    again.close();
  }
}
