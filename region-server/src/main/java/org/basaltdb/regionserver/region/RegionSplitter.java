package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.scan.MergingIterator;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.regionserver.sstable.SSTableWriter;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.regionserver.store.StoreFile;

/**
 * Writes the two daughters of a closed region split at a row: every cell of the parent's files
 * goes, unchanged (markers and versions too), to the daughter whose key range holds its row.
 * Files are written under each daughter's {@code .tmp} and renamed into place; the daughters'
 * {@code .regioninfo} files are written last. The caller then swaps parent for daughters in meta
 * in one step: until then the parent is untouched, so a crash at any point leaves either the
 * parent or both daughters, never a mix (only unreferenced directories to clean up).
 *
 * <p>This is a rewrite, suited to one machine; the cluster's splits (daughters referring to the
 * parent's files until compaction) are future work.
 */
public final class RegionSplitter {
  private RegionSplitter() {}

  /** The two daughters of {@code parent} at {@code splitRow}, with ids above the parent's. */
  public static List<RegionInfo> daughters(RegionInfo parent, byte[] splitRow, long now) {
    if (Bytes.compare(splitRow, parent.startKey()) <= 0 || !parent.containsRow(splitRow)) {
      throw new IllegalArgumentException("split key '" + Bytes.toStringBinary(splitRow)
          + "' is not strictly inside region " + parent);
    }
    long id = Math.max(now, parent.regionId() + 1);
    return List.of(new RegionInfo(parent.table(), parent.startKey(), splitRow, id),
        new RegionInfo(parent.table(), splitRow, parent.endKey(), id));
  }

  /**
   * Writes both daughters' directories from the parent's files. REQUIRES: the parent is closed
   * (flushed) and nothing writes to it.
   */
  public static void writeDaughters(FileSystem fs, Path root, RegionInfo parent,
      TableDescriptor table, List<RegionInfo> daughters) throws IOException {
    Path parentDir = RegionLayout.regionDir(root, parent);
    byte[] splitRow = daughters.get(1).startKey();
    for (ColumnFamilyDescriptor f : table.families()) {
      Path famDir = RegionLayout.familyDir(parentDir, f.name());
      List<SSTableReader> readers = new ArrayList<>();
      try {
        long cells = 0;
        long flushedSeq = 0;
        if (fs.exists(famDir)) {
          for (FileStatus st : fs.listStatus(famDir)) {
            if (st.isFile() && !st.getPath().getName().startsWith(".")) {
              SSTableReader r = SSTableReader.open(fs, st.getPath(), null);
              readers.add(r);
              cells += r.info().cellCount();
              byte[] seq = r.info().fileInfo(StoreFile.MAX_FLUSHED_SEQ_ID);
              flushedSeq = Math.max(flushedSeq, seq == null ? r.info().maxSequenceId()
                  : Bytes.toLong(seq));
            }
          }
        }
        if (readers.isEmpty()) {
          continue;
        }
        writeFamily(fs, root, f, readers, daughters, splitRow, cells, flushedSeq);
      } finally {
        readers.forEach(SSTableReader::close);
      }
    }
    for (RegionInfo d : daughters) {
      Path dir = RegionLayout.regionDir(root, d);
      fs.mkdirs(dir);
      RegionInfoFile.write(fs, dir, d);
    }
  }

  private static void writeFamily(FileSystem fs, Path root, ColumnFamilyDescriptor f,
      List<SSTableReader> readers, List<RegionInfo> daughters, byte[] splitRow, long cells,
      long flushedSeq) throws IOException {
    List<CellIterator> its = new ArrayList<>();
    for (SSTableReader r : readers) {
      its.add(r.iterator());
    }
    SSTableWriter[] out = new SSTableWriter[2];
    Path[] tmp = new Path[2];
    try (MergingIterator merged = new MergingIterator(its)) {
      merged.seek(Cell.firstOnRow(Bytes.EMPTY));
      for (; merged.valid(); merged.next()) {
        Cell c = merged.cell();
        int which = Bytes.compare(c.row(), splitRow) < 0 ? 0 : 1;
        if (out[which] == null) {
          Path dir = RegionLayout.tmpDir(RegionLayout.regionDir(root, daughters.get(which)));
          fs.mkdirs(dir);
          tmp[which] = new Path(dir, UUID.randomUUID().toString().replace("-", ""));
          out[which] = SSTableWriter.create(fs, tmp[which], Store.options(f, cells / 2 + 1));
        }
        out[which].append(c);
      }
      for (int i = 0; i < 2; i++) {
        if (out[i] == null) {
          continue;
        }
        out[i].putFileInfo(StoreFile.MAX_FLUSHED_SEQ_ID, Bytes.toBytes(flushedSeq));
        out[i].finish();
        Path famDir = RegionLayout.familyDir(RegionLayout.regionDir(root, daughters.get(i)),
            f.name());
        fs.mkdirs(famDir);
        Path dst = new Path(famDir, tmp[i].getName());
        if (!fs.rename(tmp[i], dst)) {
          throw new IOException("could not move " + tmp[i] + " to " + dst);
        }
        out[i] = null;
      }
    } finally {
      for (SSTableWriter w : out) {
        if (w != null) {
          w.abort();
        }
      }
    }
  }

  /**
   * The middle row of an open region (by row count), to split at when no key is given; null if
   * the region has fewer than two rows.
   */
  public static byte[] middleRow(Region r) throws IOException {
    org.basaltdb.common.ops.Scan keysOnly = new org.basaltdb.common.ops.Scan()
        .setFilter("FirstKeyOnlyFilter() AND KeyOnlyFilter()");
    long rows = 0;
    try (var s = r.scanner(keysOnly)) {
      while (s.next() != null) {
        rows++;
      }
    }
    if (rows < 2) {
      return null;
    }
    long target = rows / 2;
    try (var s = r.scanner(keysOnly)) {
      for (long i = 0; ; i++) {
        var res = s.next();
        if (i == target) {
          return res.row();
        }
      }
    }
  }
}
