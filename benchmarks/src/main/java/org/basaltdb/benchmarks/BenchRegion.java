package org.basaltdb.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.region.MemoryBudget;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.basaltdb.regionserver.region.RegionServices;
import org.basaltdb.regionserver.store.StoreFile;
import org.basaltdb.wal.DisabledWal;

/**
 * One region of table {@code t} with family {@code f} in a fresh temporary directory on the raw
 * local filesystem, without a WAL, as the engine's tests build it (RegionHarness). Flushes and
 * compactions happen only when a benchmark calls them: flush requests are ignored and the flush
 * size is set far above what a benchmark writes, so no write ever waits for memory.
 */
final class BenchRegion implements AutoCloseable {
  static final byte[] FAMILY = Bytes.toBytes("f");
  static final byte[] QUALIFIER = Bytes.toBytes("q");

  final Path dir;
  final Region region;

  private BenchRegion(Path dir, Region region) {
    this.dir = dir;
    this.region = region;
  }

  /** The default family (ROW bloom, no compression, 64 KB blocks, one version). */
  static ColumnFamilyDescriptor family() {
    return ColumnFamilyDescriptor.builder(FAMILY).build();
  }

  /** Opens a new region; {@code cache} may be null (then every data block read hits the file). */
  static BenchRegion open(BlockCache cache, ColumnFamilyDescriptor family) throws IOException {
    Path dir = Files.createTempDirectory("basalt-bench-");
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    Configuration conf = new Configuration(false);
    RegionServerConfig.MEMSTORE_FLUSH_SIZE.set(conf, 16L << 30);
    MemoryBudget budget = new MemoryBudget(Long.MAX_VALUE / 4);
    RegionServices services = RegionServices.manual(budget);
    TableDescriptor table = TableDescriptor.of(TableName.valueOf("t"), family);
    RegionInfo info = new RegionInfo(table.name(), new byte[0], new byte[0], 1);
    Region region = Region.open(fs, new org.apache.hadoop.fs.Path(dir.toUri()), info, table,
        new DisabledWal(0), cache, Clock.SYSTEM, conf, services);
    return new BenchRegion(dir, region);
  }

  /**
   * Writes random rows (8 random bytes) of one cell each, with values of a random length in
   * [minValue, maxValue], until the cells' serialized sizes add up to {@code bytes}. Returns
   * that sum.
   */
  long fillRandom(SplittableRandom rnd, long bytes, int minValue, int maxValue)
      throws IOException {
    long total = 0;
    List<Put> batch = new ArrayList<>(100);
    while (total < bytes) {
      byte[] row = Bytes.toBytes(rnd.nextLong());
      byte[] value = new byte[minValue + rnd.nextInt(maxValue - minValue + 1)];
      rnd.nextBytes(value);
      Put p = new Put(row).addColumn(FAMILY, QUALIFIER, value);
      batch.add(p);
      total += cellSize(row, value);
      if (batch.size() == 100) {
        region.mutate(batch);
        batch.clear();
      }
    }
    region.mutate(batch);
    return total;
  }

  /** Serialized size of a put cell of family f, qualifier q. */
  static long cellSize(byte[] row, byte[] value) {
    return org.basaltdb.common.Cell.put(row, FAMILY, QUALIFIER, 1, value).serializedSize();
  }

  /**
   * The row key of the i-th row of a sequential data set: "row" and i as 10 decimal digits
   * (0 <= i < 10^10). Built by hand: String.format showed up in the Get profiles.
   */
  static byte[] row(long i) {
    byte[] b = {'r', 'o', 'w', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'};
    for (int k = b.length - 1; i > 0; k--, i /= 10) {
      b[k] = (byte) ('0' + i % 10);
    }
    return b;
  }

  List<StoreFile> files() {
    return region.store(FAMILY).files();
  }

  /** Data blocks read from files (block cache misses) by every open file of the store. */
  long dataBlocksRead() {
    long n = 0;
    for (StoreFile f : files()) {
      n += f.reader().dataBlocksRead();
    }
    return n;
  }

  /** Drops the region without flushing it and deletes its directory. */
  @Override
  public void close() {
    region.abort();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
