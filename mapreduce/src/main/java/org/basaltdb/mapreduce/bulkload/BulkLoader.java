package org.basaltdb.mapreduce.bulkload;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.client.Admin;
import org.basaltdb.client.Connection;
import org.basaltdb.client.RegionUnavailableException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.bulkload.LoadPlan.LoadFile;
import org.basaltdb.regionserver.sstable.SSTableInfo;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.regionserver.store.Store;

/**
 * The client side of {@code completebulkload}: loads a directory of SSTables, one subdirectory
 * per family ({@code DIR/<family>/<file>}, as {@code SSTableOutputFormat} writes it), into a
 * table.
 *
 * <p>Each pass reads the table's region boundaries, plans ({@link LoadPlan}), splits every file
 * that spans regions into real per-region files under {@code DIR/<family>/_tmp/}, and asks each
 * region to load its files ({@link Admin#bulkLoad}: atomic per region, recorded in the WAL). A
 * region that moved, split or closed during the pass answers "retry"; its files wait for the next
 * pass, which re-reads the boundaries. Loaded files are moved into the table, so the directory
 * empties as the load proceeds; a file that had to be split stays, its pieces are loaded.
 *
 * <p>Files whose names start with {@code _} or {@code .} are ignored (job markers such as
 * {@code _SUCCESS}); a file that is not an SSTable is reported and skipped, as HBase does.
 * Whatever the outcome, the {@code _tmp} directories are removed.
 *
 * <p>Thread safety: one load at a time per instance.
 */
public final class BulkLoader {
  private static final String TMP = "_tmp";

  private final Connection conn;
  private final Configuration conf;
  private final PrintStream console;
  private boolean ignoreUnmatchedFamilies;
  private int maxPasses;

  public BulkLoader(Connection conn, Configuration conf, PrintStream console) {
    this.conn = conn;
    this.conf = conf;
    this.console = console;
    this.ignoreUnmatchedFamilies = BulkLoadConfig.IGNORE_UNMATCHED_FAMILIES.get(conf);
    this.maxPasses = BulkLoadConfig.MAX_PASSES.get(conf);
  }

  public BulkLoader ignoreUnmatchedFamilies(boolean on) {
    this.ignoreUnmatchedFamilies = on;
    return this;
  }

  public BulkLoader maxPasses(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("at least one pass is needed, not " + n);
    }
    this.maxPasses = n;
    return this;
  }

  /** What a load did. */
  public record Result(int regions, int files, long bytes, int filesSplit, int passes,
      List<String> skipped) {}

  /** The plan a load would follow now, without changing anything. */
  public LoadPlan plan(Path dir, TableName table) throws IOException {
    try (Admin admin = conn.getAdmin()) {
      Scan scan = scan(dir, admin.getDescriptor(table));
      return LoadPlan.of(scan.files, regions(admin, table));
    }
  }

  /** Prints {@link #plan} as {@code --dry-run} does. */
  public void printPlan(Path dir, TableName table) throws IOException {
    try (Admin admin = conn.getAdmin()) {
      Scan scan = scan(dir, admin.getDescriptor(table));
      LoadPlan p = LoadPlan.of(scan.files, regions(admin, table));
      console.println("dry run: bulk load of " + dir + " into " + table + " would load "
          + scan.files.size() + " file(s), split " + p.splits().size() + ", into "
          + p.bytesPerRegion().size() + " region(s); nothing is changed");
      scan.skipped.forEach(s -> console.println("  skipped: " + s));
      console.print(p.describe());
    }
  }

  /** Loads {@code dir} into {@code table}. */
  public Result load(Path dir, TableName table) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    try (Admin admin = conn.getAdmin()) {
      TableDescriptor desc = admin.getDescriptor(table);
      Scan scan = scan(dir, desc);
      scan.skipped.forEach(s -> console.println("skipped: " + s));
      List<LoadFile> pending = new ArrayList<>(scan.files);
      long totalBytes = 0;
      for (LoadFile f : pending) {
        totalBytes += f.bytes();
      }
      console.println("bulk load of " + dir + " into " + table + ": " + pending.size()
          + " file(s), " + totalBytes + " bytes");
      long loadedBytes = 0;
      int loadedFiles = 0;
      int split = 0;
      TreeSet<String> regionsLoaded = new TreeSet<>();
      String lastRetry = null;
      int pass = 0;
      try {
        while (!pending.isEmpty()) {
          if (++pass > maxPasses) {
            throw new IOException(pending.size() + " file(s) not loaded after " + maxPasses
                + " passes (" + BulkLoadConfig.MAX_PASSES.name() + "); last refusal: "
                + lastRetry + "; files: " + pending);
          }
          LoadPlan plan = LoadPlan.of(pending, regions(admin, table));
          if (!plan.splits().isEmpty()) {
            List<LoadFile> all = new ArrayList<>();
            plan.byRegion().values().forEach(fams -> fams.values().forEach(all::addAll));
            for (LoadPlan.Split s : plan.splits()) {
              all.addAll(splitFile(fs, dir, s, desc));
              split++;
            }
            console.println("pass " + pass + ": split " + plan.splits().size()
                + " file(s) spanning regions");
            plan = LoadPlan.of(all, regions(admin, table));
          }
          pending = new ArrayList<>();
          for (LoadPlan.Split s : plan.splits()) { // a region split since the plan: next pass
            pending.add(s.file());
          }
          int n = plan.byRegion().size();
          int i = 0;
          for (Map.Entry<RegionInfo, Map<String, List<LoadFile>>> e : plan.byRegion().entrySet()) {
            i++;
            RegionInfo r = e.getKey();
            Map<byte[], List<String>> files = new TreeMap<>(Bytes.COMPARATOR);
            long bytes = 0;
            int count = 0;
            for (Map.Entry<String, List<LoadFile>> fam : e.getValue().entrySet()) {
              List<String> paths = new ArrayList<>();
              for (LoadFile f : fam.getValue()) {
                paths.add(fs.makeQualified(f.path()).toString());
                bytes += f.bytes();
                count++;
              }
              files.put(Bytes.toBytes(fam.getKey()), paths);
            }
            try {
              admin.bulkLoad(table, r.encodedName(), files);
            } catch (RegionUnavailableException ex) {
              lastRetry = "region " + r.encodedName() + ": " + ex.getMessage();
              console.println("pass " + pass + ": region " + r.encodedName()
                  + " asks to retry (" + ex.getMessage() + "); its files wait for the next pass");
              e.getValue().values().forEach(pending::addAll);
              continue;
            }
            loadedBytes += bytes;
            loadedFiles += count;
            regionsLoaded.add(r.encodedName());
            console.printf("pass %d: region %d/%d %s: %d file(s), %d bytes (%d%% of all bytes)%n",
                pass, i, n, r.encodedName(), count, bytes,
                totalBytes == 0 ? 100 : loadedBytes * 100 / totalBytes);
          }
        }
      } finally {
        removeTmp(fs, dir);
      }
      console.println("bulk load done: " + loadedFiles + " file(s), " + loadedBytes
          + " bytes into " + regionsLoaded.size() + " region(s) in " + pass + " pass(es)"
          + (split == 0 ? "" : "; " + split + " file(s) were split and stay in " + dir));
      return new Result(regionsLoaded.size(), loadedFiles, loadedBytes, split, pass,
          scan.skipped);
    }
  }

  private List<LoadFile> splitFile(FileSystem fs, Path dir, LoadPlan.Split s,
      TableDescriptor desc) throws IOException {
    LoadFile f = s.file();
    ColumnFamilyDescriptor family = desc.family(Bytes.toBytes(f.family()));
    Path tmp = new Path(new Path(dir, f.family()), TMP);
    List<Path> pieces = SSTableSplitter.split(fs, f.path(), s.keys(), tmp,
        Store.options(family, 0).withSyncOnFinish(false)); // the load syncs what it loads
    List<LoadFile> out = new ArrayList<>();
    for (Path p : pieces) {
      LoadFile piece = describe(fs, f.family(), p);
      if (piece != null) {
        out.add(piece);
      }
    }
    return out;
  }

  private static List<RegionInfo> regions(Admin admin, TableName table) throws IOException {
    List<RegionInfo> out = new ArrayList<>();
    for (RegionLocation l : admin.getRegions(table)) {
      out.add(l.region());
    }
    return out;
  }

  /** The files found in a load directory, and what was skipped. */
  private record Scan(List<LoadFile> files, List<String> skipped) {}

  private Scan scan(Path dir, TableDescriptor desc) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    FileStatus[] entries;
    try {
      entries = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("bulk-load directory " + dir + " does not exist");
    }
    List<LoadFile> files = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (FileStatus famDir : entries) {
      String family = famDir.getPath().getName();
      if (!famDir.isDirectory() || family.startsWith("_") || family.startsWith(".")) {
        continue;
      }
      if (desc.family(Bytes.toBytes(family)) == null) {
        unknown.add(family);
        continue;
      }
      for (FileStatus st : fs.listStatus(famDir.getPath())) {
        String name = st.getPath().getName();
        if (!st.isFile() || name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        try {
          LoadFile f = describe(fs, family, st.getPath());
          if (f == null) {
            skipped.add(st.getPath() + " (no cells)");
          } else {
            files.add(f);
          }
        } catch (IOException e) {
          skipped.add(st.getPath() + " (not an SSTable: " + e.getMessage() + ")");
        }
      }
    }
    if (!unknown.isEmpty()) {
      List<String> have = new ArrayList<>();
      desc.families().forEach(f -> have.add(f.nameAsString()));
      String msg = "table " + desc.name() + " has no famil" + (unknown.size() == 1 ? "y " : "ies ")
          + String.join(", ", unknown) + " (directories under " + dir + "); its families are "
          + String.join(", ", have);
      if (!ignoreUnmatchedFamilies) {
        throw new IllegalArgumentException(msg
            + "; use --ignore-unmatched-families to load the others");
      }
      skipped.add("directories of unknown families: " + msg);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no SSTable to load under " + dir
          + " (expected " + dir + "/<family>/<file>)"
          + (skipped.isEmpty() ? "" : "; skipped: " + skipped));
    }
    return new Scan(files, skipped);
  }

  /** Reads a file's row range; null for a file without cells. */
  private static LoadFile describe(FileSystem fs, String family, Path p) throws IOException {
    SSTableInfo info = SSTableReader.readInfo(fs, p);
    if (info.cellCount() == 0) {
      return null;
    }
    return new LoadFile(family, p, info.firstKey().row(), info.lastKey().row(), info.fileSize());
  }

  private static void removeTmp(FileSystem fs, Path dir) throws IOException {
    for (FileStatus famDir : fs.listStatus(dir)) {
      Path tmp = new Path(famDir.getPath(), TMP);
      if (famDir.isDirectory() && fs.exists(tmp) && !fs.delete(tmp, true)) {
        throw new IOException("could not remove " + tmp);
      }
    }
  }
}
