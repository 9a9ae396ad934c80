package org.basaltdb.wal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpWalTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void printsHeaderEntriesAndEnd() throws Exception {
    FileSystem fs = WalTests.rawLocal();
    Path walDir = new Path(tmp.toUri().toString(), "WALs/rs9");
    Path file;
    try (FSWal wal = FSWal.open(fs, walDir, new Path(tmp.toUri().toString(), "oldWALs"),
        "rs9,16020,5", 41, WalTests.conf(), Clock.SYSTEM)) {
      file = wal.currentFile();
      wal.append("regionA", WalTests.TABLE, WalTests.cells(1, 4), Durability.SYNC_WAL).await();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DumpWal.dump(fs, file, true, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("writer=rs9,16020,5"), out);
    assertTrue(out.contains("seq=42 region=regionA table=ns:t1"), out);
    assertTrue(out.contains("row1/f:q/1001/PUT/seq=42"), out);
    assertTrue(out.contains("end: TRAILER"), out);
  }
}
