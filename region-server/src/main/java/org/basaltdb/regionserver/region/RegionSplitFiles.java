package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.layout.SplitFiles;

/**
 * The storage engine's file work of splits and merges, for a master: {@link RegionSplitter}'s
 * and {@link RegionMerger}'s.
 */
public final class RegionSplitFiles implements SplitFiles {
  @Override
  public void writeDaughters(FileSystem fs, Path root, RegionInfo parent, TableDescriptor table,
      List<RegionInfo> daughters) throws IOException {
    RegionSplitter.writeDaughters(fs, root, parent, table, daughters);
  }

  @Override
  public void writeMerged(FileSystem fs, Path root, RegionInfo a, RegionInfo b,
      TableDescriptor table, RegionInfo merged) throws IOException {
    RegionMerger.writeMerged(fs, root, a, b, table, merged);
  }

  @Override
  public boolean holdsReferences(FileSystem fs, Path root, RegionInfo region)
      throws IOException {
    return RegionSplitter.holdsReferences(fs, root, region);
  }

  @Override
  public boolean isReferenced(FileSystem fs, Path root, org.basaltdb.common.TableName table,
      String encodedRegion) throws IOException {
    return RegionFiles.isReferenced(fs, root, table, encodedRegion);
  }

  @Override
  public boolean deleteIfUnreferenced(FileSystem fs, Path root, RegionInfo parent,
      TableDescriptor table) throws IOException {
    return RegionSplitter.deleteIfUnreferenced(fs, root, parent, table);
  }
}
