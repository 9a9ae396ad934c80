package org.basaltdb.wal;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Cell;
import org.basaltdb.wal.format.FileHeader;
import org.basaltdb.wal.format.WalFileReader;
import org.basaltdb.wal.format.WalFormat;

/**
 * Prints a log or recovered-edits file: header, entries (with {@code -v} their cells), and how
 * the file ends. Usage: {@code DumpWal [-v] <file>...} (paths may be {@code hdfs://} URIs).
 */
public final class DumpWal {
  private DumpWal() {}

  public static void main(String[] args) throws IOException {
    boolean verbose = false;
    Configuration conf = new Configuration();
    int files = 0;
    for (String a : args) {
      if (a.equals("-v")) {
        verbose = true;
        continue;
      }
      Path p = new Path(a);
      FileSystem fs = p.getFileSystem(conf);
      if ("file".equals(fs.getUri().getScheme())) {
        fs = FileSystem.getLocal(conf).getRawFileSystem();
      }
      dump(fs, p, verbose, System.out);
      files++;
    }
    if (files == 0) {
      System.err.println("usage: DumpWal [-v] <file>...");
      System.exit(2);
    }
  }

  public static void dump(FileSystem fs, Path p, boolean verbose, PrintStream out)
      throws IOException {
    try (WalFileReader r = WalFileReader.open(fs, p)) {
      FileHeader h = r.header();
      out.println("file: " + p + " (" + r.fileLength() + " bytes)");
      if (h == null) {
        out.println("header: none (file shorter than a header: empty)");
      } else {
        out.println("header: version=" + h.version() + " kind="
            + (h.kind() == WalFormat.KIND_WAL ? "wal" : "recovered-edits") + " writer="
            + h.writer() + " created=" + Instant.ofEpochMilli(h.createdAt()));
      }
      WalEntry e;
      while ((e = r.next()) != null) {
        out.println("seq=" + e.sequenceId() + " region=" + e.region() + " table=" + e.table()
            + " written=" + Instant.ofEpochMilli(e.writeTime())
            + (e.isBulkLoad() ? " bulkLoad=" + e.bulkLoad().allFiles()
                : " cells=" + e.cells().size()));
        if (verbose) {
          for (Cell c : e.cells()) {
            out.println("  " + c);
          }
        }
      }
      out.println("end: " + r.end() + " at offset " + r.offset()
          + (r.trailer() == null ? "" : " trailer: " + r.trailer()));
    }
  }
}
