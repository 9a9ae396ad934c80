package org.basaltdb.wal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Clock;
import org.basaltdb.common.Durability;

/**
 * A region server stand-in run in a child JVM by {@link MiniDfsWalTest}: writes SYNC_WAL edits
 * from many threads until killed and prints {@code ACK <seq>} after each acknowledgement.
 * Usage: {@code WalWriterChild <fs-uri> <walDir> <oldWalDir> <threads>}.
 */
public final class WalWriterChild {
  private WalWriterChild() {}

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    FileSystem fs = FileSystem.newInstance(URI.create(args[0]), conf);
    int threads = Integer.parseInt(args[3]);
    FSWal wal = FSWal.open(fs, new Path(args[1]), new Path(args[2]), "child", 0,
        WalTests.conf(), Clock.SYSTEM);
    System.out.println("STARTED");
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String region = "region" + (t % 8);
      Thread th = new Thread(() -> {
        for (long i = 0; ; i++) {
          try {
            Wal.Ticket tk = wal.append(region, WalTests.TABLE, WalTests.cells(i, 100),
                Durability.SYNC_WAL);
            tk.await();
            System.out.println("ACK " + tk.sequenceId());
          } catch (java.io.IOException e) {
            System.out.println("FAIL " + e);
            return;
          }
        }
      });
      th.start();
      ts.add(th);
    }
    for (Thread th : ts) {
      th.join();
    }
  }
}
