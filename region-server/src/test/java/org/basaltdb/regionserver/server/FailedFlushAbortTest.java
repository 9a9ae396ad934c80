package org.basaltdb.regionserver.server;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flush that fails while the region stays open (a background flush, a full or failing disk)
 * stops the region server, as HBase's does on a dropped snapshot: the region's acknowledged
 * edits are only in the WAL, and only a split of the log gets them to its next open. Before,
 * the region refused writes until someone moved it, and kept every WAL file from archiving.
 */
class FailedFlushAbortTest {
  private static final TableDescriptor T =
      TableDescriptor.of(TableName.valueOf("t"), ColumnFamilyDescriptor.of("f"));
  private static final RegionInfo INFO = new RegionInfo(T.name(), new byte[0], new byte[0], 1);

  @TempDir
  Path dir;
  private FaultInjectingFileSystem fs;
  private org.apache.hadoop.fs.Path root;

  @BeforeEach
  void localFileSystem() throws IOException {
    fs = new FaultInjectingFileSystem(FileSystem.getLocal(new Configuration()).getRawFileSystem());
    root = new org.apache.hadoop.fs.Path(dir.toUri());
  }

  @Test
  void aFailedFlushAbortsTheServerAndARestartHasEveryAcknowledgedWrite() throws Exception {
    Configuration conf = new Configuration(false);

    RegionServer rs = new RegionServer(conf, fs, root, "h,1,1", Clock.SYSTEM);
    List<String> reasons = new CopyOnWriteArrayList<>();
    CountDownLatch aborted = new CountDownLatch(1);
    rs.setAbortHandler(reason -> {
      reasons.add(reason);
      aborted.countDown();
    });
    rs.start(other -> true);
    Region r = rs.openRegion(INFO, T);
    for (int i = 0; i < 10; i++) {
      r.put(new Put(toBytes("acked" + i)).addColumn(toBytes("f"), toBytes("q"), toBytes(i)));
    }

    fs.failFrom(FaultInjectingFileSystem.Op.CREATE, 1); // the flush cannot make its file
    assertThrows(IOException.class, r::flush);
    assertTrue(aborted.await(30, TimeUnit.SECONDS), "the server aborts after the failed flush");
    assertEquals(1, reasons.size(), "it aborts once: " + reasons);
    assertTrue(reasons.get(0).contains(INFO.encodedName())
        && reasons.get(0).contains("refuses writes"), reasons.get(0));
    assertTrue(rs.onlineRegions().isEmpty(), "an aborted server serves nothing");

    fs.heal();
    RegionServer again = new RegionServer(conf, fs, root, "h,1,2", Clock.SYSTEM);
    again.start(other -> true);
    Region r2 = again.openRegion(INFO, T);
    for (int i = 0; i < 10; i++) {
      assertEquals(1, r2.get(new Get(toBytes("acked" + i))).size(), "acked" + i);
    }
    again.close();
  }

  /**
   * A flush that fails while a region is still opening (its replay of a dead server's edits
   * flushes at the flush size) fails the open, which the master retries elsewhere, and does not
   * stop the server: otherwise one region that cannot be flushed would stop every server that
   * tried to open it, one after another.
   */
  @Test
  void aFlushFailingDuringAnOpenFailsTheOpenNotTheServer() throws Exception {
    Configuration conf = new Configuration(false);
    RegionServerConfig.MEMSTORE_FLUSH_SIZE.set(conf, 64L << 10);

    RegionServer dead = new RegionServer(new Configuration(false), fs, root, "h,1,1",
        Clock.SYSTEM);
    dead.start(other -> true);
    Region r = dead.openRegion(INFO, T);
    byte[] value = new byte[1000];
    for (int i = 0; i < 300; i++) { // about 300 KB: the replay flushes several times
      r.put(new Put(toBytes(String.format("row%04d", i))).addColumn(toBytes("f"), toBytes("q"),
          value));
    }
    dead.abort();

    RegionServer rs = new RegionServer(conf, fs, root, "h,1,2", Clock.SYSTEM);
    List<String> reasons = new CopyOnWriteArrayList<>();
    rs.setAbortHandler(reasons::add);
    rs.start(other -> other.equals("h,1,1")); // splits the dead server's log
    fs.failFrom(FaultInjectingFileSystem.Op.CREATE, 1);
    assertThrows(IOException.class, () -> rs.openRegion(INFO, T));
    fs.heal();

    // Had the failed open queued an abort, it would have run on the chore thread by the time
    // this open has replayed and flushed the same edits again.
    Region reopened = rs.openRegion(INFO, T);
    for (int i = 0; i < 300; i++) {
      assertEquals(1, reopened.get(new Get(toBytes(String.format("row%04d", i)))).size());
    }
    reopened.flush();
    assertEquals(List.of(), reasons, "the server does not abort for a region that never opened");
    assertEquals(1, rs.onlineRegions().size());
    rs.close();
  }
}
