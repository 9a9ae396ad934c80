package org.basaltdb.regionserver.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.regionserver.sstable.BloomType;
import org.basaltdb.regionserver.sstable.Compression;
import org.basaltdb.regionserver.sstable.SSTableOptions;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.regionserver.sstable.SSTableWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockCacheTest {
  private static final byte[] CF = Bytes.toBytes("cf");

  @TempDir
  java.nio.file.Path dir;

  private static Cacheable block(long bytes) {
    return () -> bytes;
  }

  @Test
  void evictsByBytes() {
    BlockCache cache = new BlockCache(100_000, 0.25, Runnable::run);
    for (int i = 0; i < 500; i++) {
      cache.put(new BlockKey(1, i * 1000L), block(1000), false);
    }
    BlockCache.Stats s = cache.stats();
    assertTrue(s.sizeBytes() <= 75_000, "general share bounded: " + s);
    assertTrue(s.sizeBytes() >= 50_000, "and used: " + s);
    assertTrue(s.evictions() >= 500 - 75, "evictions counted: " + s);
    assertEquals(500 - s.evictions(), s.blockCount(), s.toString());
  }

  @Test
  void countsHitsAndMisses() {
    BlockCache cache = new BlockCache(1 << 20);
    BlockKey k = new BlockKey(BlockCache.nextFileId(), 0);
    assertNull(cache.getIfPresent(k));
    cache.put(k, block(100), false);
    assertNotNull(cache.getIfPresent(k));
    assertNotNull(cache.getIfPresent(k));
    assertNull(cache.getIfPresent(new BlockKey(k.fileId(), 1)));
    BlockCache.Stats s = cache.stats();
    assertEquals(2, s.hits());
    assertEquals(2, s.misses());
    assertEquals(0.5, s.hitRatio());
    assertEquals(1, s.blockCount());
    assertEquals(100, s.sizeBytes());
  }

  @Test
  void inMemoryBlocksSurviveAFloodOfOrdinaryBlocks() {
    BlockCache cache = new BlockCache(100_000, 0.25, Runnable::run);
    for (int i = 0; i < 20; i++) {
      cache.put(new BlockKey(1, i), block(1000), true);
    }
    for (int i = 0; i < 5000; i++) {
      cache.put(new BlockKey(2, i), block(1000), false);
      cache.getIfPresent(new BlockKey(2, i)); // make the flood look popular too
    }
    for (int i = 0; i < 20; i++) {
      assertNotNull(cache.getIfPresent(new BlockKey(1, i)), "in-memory block " + i);
    }
    assertTrue(cache.stats().sizeBytes() <= 100_000);
  }

  @Test
  void withoutAnInMemoryShareMetaBlocksUseTheGeneralShare() {
    BlockCache cache = new BlockCache(10_000, 0, Runnable::run);
    cache.put(new BlockKey(1, 0), block(1000), true);
    assertNotNull(cache.getIfPresent(new BlockKey(1, 0)));
  }

  @Test
  void evictFileDropsOnlyThatFile() {
    BlockCache cache = new BlockCache(1 << 20);
    for (int i = 0; i < 10; i++) {
      cache.put(new BlockKey(7, i), block(10), i % 2 == 0);
      cache.put(new BlockKey(8, i), block(10), false);
    }
    cache.evictFile(7);
    BlockCache.Stats s = cache.stats();
    assertEquals(10, s.blockCount());
    assertEquals(0, s.evictions(), "explicit removal is not an eviction");
    assertNotNull(cache.getIfPresent(new BlockKey(8, 3)));
    assertNull(cache.getIfPresent(new BlockKey(7, 3)));
  }

  private Path writeFile(FileSystem fs, String name, int rows) throws Exception {
    Path p = new Path(dir.toUri().toString(), name);
    SSTableOptions o = SSTableOptions.defaults().withBlockSize(1024)
        .withCompression(Compression.LZ4).withBloomType(BloomType.ROW);
    try (SSTableWriter w = SSTableWriter.create(fs, p, o)) {
      for (int r = 0; r < rows; r++) {
        for (int q = 0; q < 3; q++) {
          w.append(new Cell(Bytes.toBytes(String.format("row%06d", r)), CF,
              Bytes.toBytes("q" + q), 100, Cell.Type.PUT, r + 1,
              Bytes.toBytes("value-" + r + "-" + q + "-padding-padding")));
        }
      }
      w.finish();
    }
    return p;
  }

  private static int scan(SSTableReader r) throws Exception {
    int n = 0;
    try (CellIterator it = r.iterator()) {
      for (it.seek(Cell.firstOnRow(Bytes.EMPTY)); it.valid(); it.next()) {
        n++;
      }
    }
    return n;
  }

  private static FileSystem fs() throws Exception {
    return FileSystem.getLocal(new Configuration()).getRawFileSystem();
  }

  @Test
  void readerServesRepeatedReadsFromTheCache() throws Exception {
    FileSystem fs = fs();
    Path p = writeFile(fs, "a", 500);
    BlockCache cache = new BlockCache(16 << 20);
    try (SSTableReader r = SSTableReader.open(fs, p, cache)) {
      assertEquals(1500, scan(r));
      long firstPass = r.dataBlocksRead();
      assertTrue(firstPass > 10, "many 1 KiB blocks: " + firstPass);
      long hitsBefore = cache.stats().hits();
      assertEquals(1500, scan(r));
      assertEquals(firstPass, r.dataBlocksRead(), "second scan entirely from the cache");
      assertTrue(cache.stats().hits() - hitsBefore >= firstPass);
    }
    assertEquals(0, cache.stats().blockCount(), "close drops the file's blocks");
  }

  @Test
  void blockCacheOffFamilyRereadsDataBlocksButCachesMeta() throws Exception {
    FileSystem fs = fs();
    Path p = writeFile(fs, "b", 300);
    BlockCache cache = new BlockCache(16 << 20);
    try (SSTableReader r = SSTableReader.open(fs, p, cache, CachePolicy.NO_DATA_BLOCKS)) {
      scan(r);
      long firstPass = r.dataBlocksRead();
      scan(r);
      assertEquals(2 * firstPass, r.dataBlocksRead());
      assertEquals(2, cache.stats().blockCount(), "index and bloom only");
      // Bloom probes are answered from the cached bloom block: no data block, no file read.
      long reads = r.dataBlocksRead();
      for (int i = 0; i < 100; i++) {
        r.mightContainRow(Bytes.toBytes("absent-" + i));
      }
      assertEquals(reads, r.dataBlocksRead());
      assertEquals(2, cache.stats().blockCount());
    }
  }

  @Test
  void inMemoryFamilyKeepsItsBlocksWhileAnotherFileIsScanned() throws Exception {
    FileSystem fs = fs();
    Path hot = writeFile(fs, "hot", 100);
    Path cold = writeFile(fs, "cold", 2000);
    // In-memory share fits the hot file; the general share is far smaller than the cold file.
    BlockCache cache = new BlockCache(400_000, 0.5, Runnable::run);
    try (SSTableReader h = SSTableReader.open(fs, hot, cache, CachePolicy.IN_MEMORY);
        SSTableReader c = SSTableReader.open(fs, cold, cache, CachePolicy.DEFAULT)) {
      scan(h);
      long hotReads = h.dataBlocksRead();
      for (int i = 0; i < 3; i++) {
        scan(c);
      }
      assertTrue(cache.stats().evictions() > 0, "the cold scans overflow the general share");
      scan(h);
      assertEquals(hotReads, h.dataBlocksRead(), "IN_MEMORY blocks were not evicted");
    }
  }

  @Test
  void concurrentReadersShareTheCache() throws Exception {
    FileSystem fs = fs();
    Path p1 = writeFile(fs, "c1", 800);
    Path p2 = writeFile(fs, "c2", 800);
    // Small enough that threads evict each other's blocks while they read.
    BlockCache cache = new BlockCache(64 * 1024);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (SSTableReader r1 = SSTableReader.open(fs, p1, cache);
        SSTableReader r2 = SSTableReader.open(fs, p2, cache)) {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        SSTableReader r = t % 2 == 0 ? r1 : r2;
        long seed = t;
        futures.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          int errors = 0;
          try (CellIterator it = r.iterator()) {
            for (int i = 0; i < 300; i++) {
              int row = rnd.nextInt(800);
              byte[] key = Bytes.toBytes(String.format("row%06d", row));
              it.seek(Cell.firstOnRow(key));
              for (int q = 0; q < 3; q++) {
                if (!it.valid() || !Bytes.equals(key, it.cell().row())
                    || !Bytes.toString(it.cell().value()).startsWith("value-" + row + "-" + q)) {
                  errors++;
                }
                it.next();
              }
            }
          }
          return errors + (scan(r) == 2400 ? 0 : 1);
        }));
      }
      for (Future<Integer> f : futures) {
        assertEquals(0, f.get());
      }
      BlockCache.Stats s = cache.stats();
      assertTrue(s.hits() > 0 && s.misses() > 0, s.toString());
      assertTrue(s.sizeBytes() <= 64 * 1024, s.toString());
    } finally {
      pool.shutdownNow();
    }
  }
}
