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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flush that fails while the region stays open (a background flush, a full or failing disk)
 * stops the region server, as HBase's does on a dropped snapshot: the region's acknowledged
 * edits are only in the WAL, and only a split of the log gets them to its next open. Before,
 * the region refused writes until someone moved it, and kept every WAL file from archiving.
 */
class FailedFlushAbortTest {
  @TempDir
  Path dir;

  @Test
  void aFailedFlushAbortsTheServerAndARestartHasEveryAcknowledgedWrite() throws Exception {
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem(
        FileSystem.getLocal(new Configuration()).getRawFileSystem());
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
    Configuration conf = new Configuration(false);
    TableDescriptor t = TableDescriptor.of(TableName.valueOf("t"), ColumnFamilyDescriptor.of("f"));
    RegionInfo info = new RegionInfo(t.name(), new byte[0], new byte[0], 1);

    RegionServer rs = new RegionServer(conf, fs, root, "h,1,1", Clock.SYSTEM);
    List<String> reasons = new CopyOnWriteArrayList<>();
    CountDownLatch aborted = new CountDownLatch(1);
    rs.setAbortHandler(reason -> {
      reasons.add(reason);
      aborted.countDown();
    });
    rs.start(other -> true);
    Region r = rs.openRegion(info, t);
    for (int i = 0; i < 10; i++) {
      r.put(new Put(toBytes("acked" + i)).addColumn(toBytes("f"), toBytes("q"), toBytes(i)));
    }

    fs.failFrom(FaultInjectingFileSystem.Op.CREATE, 1); // the flush cannot make its file
    assertThrows(IOException.class, r::flush);
    assertTrue(aborted.await(30, TimeUnit.SECONDS), "the server aborts after the failed flush");
    assertEquals(1, reasons.size(), "it aborts once: " + reasons);
    assertTrue(reasons.get(0).contains(info.encodedName())
        && reasons.get(0).contains("refuses writes"), reasons.get(0));
    assertTrue(rs.onlineRegions().isEmpty(), "an aborted server serves nothing");

    fs.heal();
    RegionServer again = new RegionServer(conf, fs, root, "h,1,2", Clock.SYSTEM);
    again.start(other -> true);
    Region r2 = again.openRegion(info, t);
    for (int i = 0; i < 10; i++) {
      assertEquals(1, r2.get(new Get(toBytes("acked" + i))).size(), "acked" + i);
    }
    again.close();
  }
}
