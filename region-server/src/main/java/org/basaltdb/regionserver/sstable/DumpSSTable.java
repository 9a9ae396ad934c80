package org.basaltdb.regionserver.sstable;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.CorruptionException;

/**
 * Prints an SSTable: trailer, file info, block index and cells (LevelDB's {@code leveldbutil
 * dump}, HBase's {@code HFilePrettyPrinter}). Given a {@link Reference} file (recognized by its
 * name or magic), it prints the reference, then the SSTable it names with only that half's
 * cells.
 *
 * <pre>
 * usage: DumpSSTable [--meta] [--limit N] [--values] PATH
 *   PATH      file://..., hdfs://... or a plain local path
 *   --meta    print trailer, file info and index only
 *   --limit N print at most N cells
 *   --values  also print each cell's value (Bytes.toStringBinary)
 * </pre>
 *
 * Exit status: 0 on success, 1 on bad usage or I/O error (including a reference whose SSTable
 * is missing), 2 on a corrupt file; errors are one line on stderr.
 */
public final class DumpSSTable {
  private DumpSSTable() {}

  public static void main(String[] args) {
    int rc = run(args, System.out, System.err);
    System.out.flush();
    if (rc != 0) {
      System.exit(rc);
    }
  }

  /** The tool without System.exit, for tests. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    boolean metaOnly = false;
    boolean values = false;
    long limit = Long.MAX_VALUE;
    String pathArg = null;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--meta" -> metaOnly = true;
          case "--values" -> values = true;
          case "--limit" -> limit = Long.parseLong(args[++i]);
          default -> {
            if (args[i].startsWith("--") || pathArg != null) {
              throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            pathArg = args[i];
          }
        }
      }
      if (pathArg == null) {
        throw new IllegalArgumentException("missing PATH");
      }
    } catch (RuntimeException e) {
      err.println("usage: DumpSSTable [--meta] [--limit N] [--values] PATH (" + e.getMessage()
          + ")");
      return 1;
    }
    String kind = "SSTable";
    try {
      Path path = new Path(pathArg);
      FileSystem fs = path.getFileSystem(new Configuration());
      if (fs instanceof LocalFileSystem) {
        fs = ((LocalFileSystem) fs).getRawFileSystem();
      }
      if (looksLikeReference(fs, path)) {
        kind = "reference";
        dumpReference(fs, path, metaOnly, values, limit, out);
      } else {
        dump(fs, path, metaOnly, values, limit, out);
      }
      return 0;
    } catch (CorruptionException e) {
      err.println("DumpSSTable: corrupt " + kind + ": " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("DumpSSTable: " + e);
      return 1;
    }
  }

  /** A reference's name, or (for a copy under another name) its magic. */
  private static boolean looksLikeReference(FileSystem fs, Path path) throws IOException {
    if (Reference.isReferenceName(path.getName())) {
      return true;
    }
    if (fs.getFileStatus(path).getLen() < 4) {
      return false;
    }
    try (FSDataInputStream in = fs.open(path)) {
      return in.readInt() == Reference.MAGIC;
    }
  }

  static void dumpReference(FileSystem fs, Path path, boolean metaOnly, boolean values,
      long limit, PrintStream out) throws IOException {
    long len = fs.getFileStatus(path).getLen();
    if (len > 1 << 20) {
      throw new CorruptionException(path.toString(), 0, "a reference of " + len + " bytes");
    }
    byte[] data = new byte[(int) len];
    try (FSDataInputStream in = fs.open(path)) {
      in.readFully(0, data);
    }
    Reference ref = Reference.decode(path.toString(), data);
    Path target = ref.referencedFile(path);
    out.println("== reference");
    out.printf("magic=%08x version=%d fileSize=%d%n", Reference.MAGIC, Reference.VERSION, len);
    out.println("parentRegion=" + ref.parentRegion());
    out.println("parentFile=" + ref.parentFile());
    out.println("half=" + ref.half() + " (rows " + (ref.half() == Reference.Half.TOP ? ">=" : "<")
        + " '" + Bytes.toStringBinary(ref.splitRow()) + "')");
    out.println("splitRow=" + Bytes.toStringBinary(ref.splitRow()));
    if (!path.getName().equals(ref.fileName())) {
      out.println("note: a store would reject this file: it must be named " + ref.fileName());
    }
    out.println("referencedFile=" + target);
    if (!fs.exists(target)) {
      throw new java.io.FileNotFoundException("the referenced SSTable " + target
          + " does not exist (the parent's directory was deleted, or this file was moved)");
    }
    dumpTable(fs, target, metaOnly, values, limit, out, ref);
  }

  static void dump(FileSystem fs, Path path, boolean metaOnly, boolean values, long limit,
      PrintStream out) throws IOException {
    dumpTable(fs, path, metaOnly, values, limit, out, null);
  }

  /** Prints an SSTable; with {@code ref}, only the cells of the reference's half. */
  private static void dumpTable(FileSystem fs, Path path, boolean metaOnly, boolean values,
      long limit, PrintStream out, Reference ref) throws IOException {
    try (SSTableReader r = SSTableReader.open(fs, path, null)) {
      Trailer t = r.trailer();
      SSTableInfo info = r.info();
      out.println("== trailer");
      out.printf("magic=%016x version=%d fileSize=%d%n", SSTableFormat.MAGIC, t.version(),
          info.fileSize());
      out.printf("bloom=@%d+%d index=@%d+%d info=@%d+%d maxRawBlockSize=%d%n", t.bloomOffset(),
          t.bloomSize(), t.indexOffset(), t.indexSize(), t.infoOffset(), t.infoSize(),
          t.maxRawBlockSize());
      out.println("== file info");
      out.println("cellCount=" + info.cellCount());
      out.println("deleteMarkerCount=" + info.deleteMarkerCount());
      out.println("minTimestamp=" + info.minTimestamp());
      out.println("maxTimestamp=" + info.maxTimestamp());
      out.println("maxSequenceId=" + info.maxSequenceId());
      out.println("compression=" + info.compression());
      out.println("bloomType=" + info.bloomType());
      out.println("blockSize=" + info.blockSize());
      out.println("firstKey=" + info.firstKey());
      out.println("lastKey=" + info.lastKey());
      for (Map.Entry<String, byte[]> e : info.fileInfoMap().entrySet()) {
        out.println(e.getKey() + "=" + Bytes.toStringBinary(e.getValue()));
      }
      BlockIndex idx = r.index();
      out.println("== block index (" + idx.size() + " blocks)");
      for (int i = 0; i < idx.size(); i++) {
        BlockHandle h = idx.handle(i);
        out.printf("block %d: offset=%d size=%d rawSize=%d separator=%s%n", i, h.offset(),
            h.size(), h.rawSize(), idx.key(i));
      }
      if (metaOnly) {
        return;
      }
      out.println(ref == null ? "== cells" : "== cells of the " + ref);
      long n = 0;
      try (CellIterator it = ref == null ? r.iterator() : ref.halfOf(r.iterator())) {
        for (it.seek(Cell.firstOnRow(Bytes.EMPTY)); it.valid() && n < limit; it.next()) {
          Cell c = it.cell();
          out.println(values ? c + " value=" + Bytes.toStringBinary(c.value()) : c.toString());
          n++;
        }
      }
      out.println("== " + n + " cells printed");
    }
  }
}
