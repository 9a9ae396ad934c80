package org.basaltdb.wal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.wal.reader.WalReader;

/** Helpers shared by the log's tests. */
public final class WalTests {
  public static final TableName TABLE = TableName.valueOf("ns:t1");

  private WalTests() {}

  /** A local raw filesystem and a server's log and archive directories under {@code tmp}. */
  public record Dirs(FileSystem fs, Path walDir, Path oldDir) {
    public static Dirs under(java.nio.file.Path tmp) throws IOException {
      String root = tmp.toUri().toString();
      return new Dirs(rawLocal(), new Path(root, "WALs/rs1"), new Path(root, "oldWALs"));
    }
  }

  public static FileSystem rawLocal() throws IOException {
    return FileSystem.getLocal(new Configuration()).getRawFileSystem();
  }

  /** Small, fast settings: roll size and period large unless a test sets them. */
  public static Configuration conf() {
    Configuration c = new Configuration(false);
    WalConfig.ASYNC_SYNC_INTERVAL.set(c, 100L);
    WalConfig.RING_BUFFER_SLOTS.set(c, 1024);
    WalConfig.SYNC_TIMEOUT.set(c, 30_000L);
    return c;
  }

  /** The cells of edit {@code i}: one put whose row and value encode i. */
  public static List<Cell> cells(long i, int valueSize) {
    byte[] v = new byte[valueSize];
    byte[] id = Long.toString(i).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(id, 0, v, 0, Math.min(id.length, v.length));
    return List.of(Cell.put(("row" + i).getBytes(StandardCharsets.UTF_8),
        "f".getBytes(StandardCharsets.UTF_8), "q".getBytes(StandardCharsets.UTF_8), 1000 + i, v));
  }

  /** Every entry of the log files in {@code dir}, in order. */
  public static List<WalEntry> readAll(FileSystem fs, Path dir) throws IOException {
    List<WalEntry> out = new ArrayList<>();
    try (WalReader r = new WalReader(fs, WalReader.listFiles(fs, dir), CorruptionPolicy.FAIL)) {
      WalEntry e;
      while ((e = r.next()) != null) {
        out.add(e);
      }
    }
    return out;
  }
}
