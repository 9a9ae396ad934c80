package org.basaltdb.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Clock;
import org.basaltdb.common.CorruptionException;
import org.basaltdb.common.Durability;
import org.basaltdb.wal.format.RecordCodec;
import org.basaltdb.wal.format.WalFormat;
import org.basaltdb.wal.split.WalSplitter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BULK_LOAD record: its codec, its place in the log, and the splitter copying it. */
class BulkLoadMarkerTest {
  @TempDir java.nio.file.Path tmp;

  private static BulkLoadMarker marker() {
    return new BulkLoadMarker(List.of(
        new BulkLoadMarker.Family("f1".getBytes(StandardCharsets.UTF_8), List.of("a1", "a2")),
        new BulkLoadMarker.Family("f2".getBytes(StandardCharsets.UTF_8), List.of("b1"))));
  }

  @Test
  void roundTripsThroughTheCodec() {
    byte[] rec = RecordCodec.encodeBulkLoad("r1", WalTests.TABLE, 42, 7, marker());
    assertEquals(WalFormat.TYPE_BULK_LOAD, rec[8]);
    byte[] payload = java.util.Arrays.copyOfRange(rec, WalFormat.RECORD_HEADER, rec.length);
    WalEntry e = RecordCodec.decodeBulkLoad(payload);
    assertEquals(42, e.sequenceId());
    assertEquals("r1", e.region());
    assertEquals(List.of("f1/a1", "f1/a2", "f2/b1"), e.bulkLoad().allFiles());
    assertArrayEquals("f2".getBytes(StandardCharsets.UTF_8),
        e.bulkLoad().families().get(1).family());
    assertTrue(e.cells().isEmpty());
    byte[] cut = java.util.Arrays.copyOf(payload, payload.length - 1);
    assertThrows(IllegalArgumentException.class, () -> RecordCodec.decodeBulkLoad(cut));
  }

  @Test
  void fileNamesCarryTheSequenceId() {
    assertEquals("abc_SeqId_17_", BulkLoadMarker.storeFileName("abc", 17));
    assertEquals(17, BulkLoadMarker.sequenceIdOf("abc_SeqId_17_"));
    assertEquals(-1, BulkLoadMarker.sequenceIdOf("0123456789abcdef"));
    assertEquals(-1, BulkLoadMarker.sequenceIdOf("x_SeqId_y_"));
  }

  @Test
  void markersAreLoggedInOrderAndSplitIntoRecoveredEdits() throws Exception {
    WalTests.Dirs d = WalTests.Dirs.under(tmp);
    FSWal wal = FSWal.open(d.fs(), d.walDir(), d.oldDir(), "rs1", 0, WalTests.conf(),
        Clock.SYSTEM);
    wal.append("r1", WalTests.TABLE, WalTests.cells(1, 10), Durability.SYNC_WAL).await();
    Wal.Ticket t = wal.appendBulkLoad("r1", WalTests.TABLE, marker());
    t.await();
    assertEquals(2, t.sequenceId());
    wal.append("r1", WalTests.TABLE, WalTests.cells(3, 10), Durability.SYNC_WAL).await();
    wal.close();
    List<WalEntry> all = WalTests.readAll(d.fs(), d.walDir());
    assertEquals(3, all.size());
    assertTrue(all.get(1).isBulkLoad());
    assertEquals(2, all.get(1).sequenceId());

    Path root = new Path(tmp.toUri().toString());
    d.fs().mkdirs(new Path(root, "data/r1")); // the region's directory, as an open region has
    WalSplitter splitter = new WalSplitter(d.fs(), new Path(root, "oldWALs"),
        (tb, r) -> new Path(root, "data/" + r), new Configuration(false), Clock.SYSTEM);
    splitter.split(d.walDir());
    List<WalEntry> replayed = new ArrayList<>();
    RecoveredEdits.replay(d.fs(), new Path(root, "data/r1"), 0, replayed::add);
    assertEquals(3, replayed.size());
    assertEquals(List.of("f1/a1", "f1/a2", "f2/b1"), replayed.get(1).bulkLoad().allFiles());
  }

  @Test
  void aDamagedMarkerInsideTheFileIsCorruption() throws Exception {
    WalTests.Dirs d = WalTests.Dirs.under(tmp);
    FSWal wal = FSWal.open(d.fs(), d.walDir(), d.oldDir(), "rs1", 0, WalTests.conf(),
        Clock.SYSTEM);
    wal.appendBulkLoad("r1", WalTests.TABLE, marker()).await();
    wal.append("r1", WalTests.TABLE, WalTests.cells(2, 10), Durability.SYNC_WAL).await();
    Path file = wal.currentFile();
    wal.close();
    byte[] bytes;
    try (var in = d.fs().open(file)) {
      bytes = in.readAllBytes();
    }
    int header = RecordCodec.encodeHeader(WalFormat.KIND_WAL, 0, "rs1").length;
    bytes[header + WalFormat.RECORD_HEADER + 20] ^= 1; // inside the marker's region name
    try (var out = d.fs().create(file, true)) {
      out.write(bytes);
    }
    assertThrows(CorruptionException.class, () -> WalTests.readAll(d.fs(), d.walDir()));
  }
}
