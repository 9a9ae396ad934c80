package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.basaltdb.common.ManualClock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.wal.DisabledWal;
import org.basaltdb.wal.Wal;

/**
 * A region on the raw local filesystem with a manual clock and manual services: flushes and
 * compactions happen only when a test asks.
 */
public final class RegionHarness implements AutoCloseable {
  public final FileSystem fs;
  public final org.apache.hadoop.fs.Path root;
  public final ManualClock clock = new ManualClock(1_700_000_000_000L);
  public final Configuration conf = new Configuration(false);
  public final BlockCache cache = new BlockCache(64L << 20);
  public final RegionInfo info;
  public TableDescriptor table;
  public Wal wal = new DisabledWal(0);
  public Region region;
  public final RegionServices services;

  public RegionHarness(Path dir, ColumnFamilyDescriptor... families) throws IOException {
    this(dir, RegionServices.manual(new MemoryBudget(1L << 30)), families);
  }

  /** A region whose flushes, compactions and memory budget are {@code services}'. */
  public RegionHarness(Path dir, RegionServices services, ColumnFamilyDescriptor... families)
      throws IOException {
    this.fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    this.root = new org.apache.hadoop.fs.Path(dir.toUri());
    this.table = TableDescriptor.of(TableName.valueOf("t"), families);
    this.info = new RegionInfo(table.name(), new byte[0], new byte[0], 1);
    this.services = services;
    open();
  }

  public static RegionHarness of(Path dir, String... families) throws IOException {
    ColumnFamilyDescriptor[] fs = new ColumnFamilyDescriptor[families.length];
    for (int i = 0; i < families.length; i++) {
      fs[i] = ColumnFamilyDescriptor.of(families[i]);
    }
    return new RegionHarness(dir, fs);
  }

  public Region open() throws IOException {
    region = Region.open(fs, root, info, table, wal, cache, clock, conf, services);
    return region;
  }

  /** Closes (flushing) and opens the region again from its files. */
  public Region reopen() throws IOException {
    region.close();
    return open();
  }

  @Override
  public void close() throws IOException {
    if (region != null) {
      region.close();
    }
  }
}
