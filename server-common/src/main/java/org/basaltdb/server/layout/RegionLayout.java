package org.basaltdb.server.layout;

import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.schema.RegionInfo;

/**
 * Where a region's files live under the root directory:
 *
 * <pre>
 * data/&lt;namespace&gt;/&lt;table&gt;/&lt;encoded region&gt;/.regioninfo        region metadata
 *                                                 /&lt;family&gt;/&lt;sstable&gt;  live SSTables
 *                                                 /.tmp/&lt;open&gt;/         flush/compaction output of one
 *                                                                       open (each open deletes .tmp)
 *                                                 /recovered.edits/     edits split from dead WALs
 *                                                 /.bulkload/&lt;family&gt;/ files of a bulk load in progress
 * .bulkload-orphans/&lt;namespace&gt;/&lt;table&gt;/&lt;encoded region&gt;/&lt;family&gt;/  files of a bulk load that
 *                                                 never happened, moved out of the region
 * </pre>
 */
public final class RegionLayout {
  public static final String REGION_INFO_FILE = ".regioninfo";
  public static final String TMP_DIR = ".tmp";
  public static final String RECOVERED_EDITS_DIR = "recovered.edits";
  public static final String BULK_LOAD_DIR = ".bulkload";
  public static final String BULK_LOAD_ORPHANS_DIR = ".bulkload-orphans";

  private RegionLayout() {}

  public static Path tableDir(Path root, org.basaltdb.common.TableName t) {
    return new Path(new Path(new Path(root, "data"), t.namespace()), t.qualifier());
  }

  public static Path regionDir(Path root, RegionInfo r) {
    return new Path(tableDir(root, r.table()), r.encodedName());
  }

  public static Path familyDir(Path regionDir, byte[] family) {
    return new Path(regionDir, Bytes.toString(family));
  }

  public static Path tmpDir(Path regionDir) {
    return new Path(regionDir, TMP_DIR);
  }

  /** Where a bulk load stages a family's files before its WAL marker ({@link BulkLoad}). */
  public static Path bulkLoadDir(Path regionDir, byte[] family) {
    return new Path(new Path(regionDir, BULK_LOAD_DIR), Bytes.toString(family));
  }

  /**
   * Where a region opening moves the staged files of a bulk load whose WAL marker never became
   * durable: a directory of {@code <family>/<file>}, the layout {@code completebulkload} takes.
   */
  public static Path bulkLoadOrphansDir(Path root, RegionInfo r) {
    org.basaltdb.common.TableName t = r.table();
    return new Path(new Path(new Path(new Path(root, BULK_LOAD_ORPHANS_DIR), t.namespace()),
        t.qualifier()), r.encodedName());
  }

  public static Path recoveredEditsDir(Path regionDir) {
    return new Path(regionDir, RECOVERED_EDITS_DIR);
  }
}
