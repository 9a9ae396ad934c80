package org.basaltdb.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.ManualClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archived WAL files go once past their TTL; a live server's directory stays. */
class WalArchiveCleanerTest {
  private static final long TTL = 600_000;
  private static final long NOW = 1_800_000_000_000L;

  @TempDir
  java.nio.file.Path dir;

  private FileSystem fs;
  private Path root;
  private final ManualClock clock = new ManualClock(NOW);

  @BeforeEach
  void setUp() throws IOException {
    fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    root = new Path(dir.toUri().toString());
  }

  private Path file(String relative, long ageMillis, int bytes) throws IOException {
    Path p = new Path(root, relative);
    try (FSDataOutputStream out = fs.create(p)) {
      out.write(new byte[bytes]);
    }
    fs.setTimes(p, NOW - ageMillis, -1);
    return p;
  }

  @Test
  void deletesExpiredFilesAndEmptyDirectoriesOfDeadServers() throws IOException {
    Path liveOld = file("oldWALs/rs-live,1,1/wal.1", TTL + 1, 100);
    Path liveNew = file("oldWALs/rs-live,1,1/wal.2", TTL - 60_000, 10);
    Path deadOld = file("oldWALs/rs-dead,1,1/wal.7", 2 * TTL, 1000);
    Path stray = file("oldWALs/README", 10 * TTL, 5);
    fs.mkdirs(new Path(root, "oldWALs/rs-live2,1,1"));
    fs.mkdirs(new Path(root, "oldWALs/rs-starting,1,1"));
    fs.setTimes(new Path(root, "oldWALs/rs-live2,1,1"), NOW - 2 * TTL, -1);
    fs.setTimes(new Path(root, "oldWALs/rs-dead,1,1"), NOW - 2 * TTL, -1);
    fs.setTimes(new Path(root, "oldWALs/rs-starting,1,1"), NOW - 1000, -1);
    WalArchiveCleaner c = new WalArchiveCleaner(fs, root, TTL, clock);

    WalArchiveCleaner.Result r = c.clean(List.of("rs-live,1,1", "rs-live2,1,1"));

    assertEquals(new WalArchiveCleaner.Result(2, 1100, 1), r);
    assertFalse(fs.exists(liveOld), "past the TTL");
    assertTrue(fs.exists(liveNew), "within the TTL");
    assertFalse(fs.exists(deadOld));
    assertFalse(fs.exists(deadOld.getParent()), "a dead server's emptied directory goes");
    assertTrue(fs.exists(new Path(root, "oldWALs/rs-live2,1,1")),
        "a live server archives into its directory by rename: it must stay even when empty");
    assertTrue(fs.exists(stray), "not a server's directory: left alone");
    assertTrue(fs.exists(new Path(root, "oldWALs/rs-starting,1,1")),
        "a server that made its directory but is not yet seen alive keeps it");

    clock.advance(60_001); // wal.2 is now past the TTL
    assertEquals(new WalArchiveCleaner.Result(1, 10, 0),
        c.clean(List.of("rs-live,1,1", "rs-live2,1,1")));
    assertTrue(fs.exists(liveNew.getParent()));
  }

  @Test
  void noArchiveYetIsNothingToDo() throws IOException {
    assertEquals(new WalArchiveCleaner.Result(0, 0, 0),
        new WalArchiveCleaner(fs, root, TTL, clock).clean(List.of()));
  }
}
