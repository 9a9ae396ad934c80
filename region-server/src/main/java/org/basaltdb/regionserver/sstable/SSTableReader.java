package org.basaltdb.regionserver.sstable;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.CorruptionException;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.cache.BlockKey;
import org.basaltdb.regionserver.cache.CachePolicy;
import org.basaltdb.regionserver.cache.Cacheable;

/**
 * Reads one SSTable (LevelDB's {@code table}); the layout is in {@code docs/formats/sstable.md}.
 *
 * <p>{@link #open} reads and verifies the trailer, index, bloom and file-info blocks. Data
 * blocks are read on demand with positional reads ({@code readFully(position, ...)}), verified
 * (CRC32C, exact decompressed size, restart array) and parsed before any cell is returned.
 * Every failed check is a {@link CorruptionException} naming the file and the damaged block's
 * offset; damaged bytes are never returned as cells.
 *
 * <p>Block cache: with a cache, the index and bloom blocks live in its protected in-memory share
 * (reloaded and re-verified if ever evicted) and data blocks follow the family's
 * {@link CachePolicy}. Without a cache, index and bloom are pinned by the reader and every
 * data block access reads the file.
 *
 * <p>Thread safety: the reader is thread-safe; many iterators may be open at once on different
 * threads, each used by one thread. Closing the reader while iterators are in use makes their
 * next block load fail with IllegalStateException.
 */
public final class SSTableReader implements Closeable {
  private final Path path;
  private final String file;
  private final FSDataInputStream in;
  private final Trailer trailer;
  private final SSTableInfo info;
  private final BlockCache cache;
  private final CachePolicy policy;
  private final long fileId;
  /** Pinned only when there is no cache. */
  private final BlockIndex pinnedIndex;
  private final BloomFilter pinnedBloom;
  private final LongAdder dataBlocksRead = new LongAdder();
  private volatile boolean closed;

  private SSTableReader(Path path, FSDataInputStream in, Trailer trailer, SSTableInfo info,
      BlockCache cache, CachePolicy policy, BlockIndex index, BloomFilter bloom) {
    this.path = path;
    this.file = path.toString();
    this.in = in;
    this.trailer = trailer;
    this.info = info;
    this.cache = cache;
    this.policy = policy;
    this.fileId = BlockCache.nextFileId();
    if (cache == null) {
      pinnedIndex = index;
      pinnedBloom = bloom;
    } else {
      pinnedIndex = null;
      pinnedBloom = null;
      cache.put(new BlockKey(fileId, trailer.indexOffset()), index, true);
      if (bloom != null) {
        cache.put(new BlockKey(fileId, trailer.bloomOffset()), bloom, true);
      }
    }
  }

  /** Opens with {@link CachePolicy#DEFAULT}; {@code cache} may be null. */
  public static SSTableReader open(FileSystem fs, Path path, BlockCache cache)
      throws IOException {
    return open(fs, path, cache, CachePolicy.DEFAULT);
  }

  /**
   * Opens and verifies the file's trailer, index, bloom and file info. {@code cache} may be
   * null; {@code policy} is the family's BLOCKCACHE / IN_MEMORY setting.
   */
  public static SSTableReader open(FileSystem fs, Path path, BlockCache cache,
      CachePolicy policy) throws IOException {
    Objects.requireNonNull(policy, "policy");
    String file = path.toString();
    FSDataInputStream in = fs.open(path);
    boolean ok = false;
    try {
      long fileSize = fs.getFileStatus(path).getLen();
      Trailer t = readTrailer(in, file, fileSize);
      SSTableInfo info = SSTableInfo.decode(
          SSTableFormat.readBlock(in, file, t.infoHandle(), Compression.NONE), file,
          t.infoOffset(), path, fileSize);
      if ((info.bloomType() == BloomType.NONE) != (t.bloomSize() == 0)) {
        throw new CorruptionException(file, t.infoOffset(), "file info says bloom "
            + info.bloomType() + " but the trailer's bloom block has " + t.bloomSize()
            + " bytes");
      }
      BlockIndex index = loadIndex(in, file, t);
      if ((index.size() == 0) != (info.cellCount() == 0)) {
        throw new CorruptionException(file, t.indexOffset(), index.size() + " data blocks for "
            + info.cellCount() + " cells");
      }
      BloomFilter bloom = t.bloomSize() == 0 ? null : loadBloom(in, file, t);
      SSTableReader r = new SSTableReader(path, in, t, info, cache, policy, index, bloom);
      ok = true;
      return r;
    } finally {
      if (!ok) {
        in.close();
      }
    }
  }

  /**
   * Reads and verifies only the trailer and file info of an SSTable (not its index or bloom),
   * for callers that need its figures or key range without reading it.
   */
  public static SSTableInfo readInfo(FileSystem fs, Path path) throws IOException {
    String file = path.toString();
    try (FSDataInputStream in = fs.open(path)) {
      long fileSize = fs.getFileStatus(path).getLen();
      Trailer t = readTrailer(in, file, fileSize);
      return SSTableInfo.decode(SSTableFormat.readBlock(in, file, t.infoHandle(),
          Compression.NONE), file, t.infoOffset(), path, fileSize);
    }
  }

  private static Trailer readTrailer(FSDataInputStream in, String file, long fileSize)
      throws IOException {
    if (fileSize < Trailer.SIZE) {
      throw new CorruptionException(file, 0, "file of " + fileSize
          + " bytes is shorter than the " + Trailer.SIZE + "-byte trailer: truncated");
    }
    byte[] tb = new byte[Trailer.SIZE];
    readFully(in, file, fileSize - Trailer.SIZE, tb);
    return Trailer.decode(tb, file, fileSize);
  }

  private static void readFully(FSDataInputStream in, String file, long pos, byte[] b)
      throws IOException {
    try {
      in.readFully(pos, b, 0, b.length);
    } catch (EOFException e) {
      throw new CorruptionException(file, pos, "unexpected end of file", e);
    }
  }

  private static BlockIndex loadIndex(FSDataInputStream in, String file, Trailer t)
      throws IOException {
    byte[] b = SSTableFormat.readBlock(in, file, t.indexHandle(), Compression.NONE);
    return BlockIndex.decode(b, file, t.indexOffset(), t.dataEnd(), t.maxRawBlockSize());
  }

  private static BloomFilter loadBloom(FSDataInputStream in, String file, Trailer t)
      throws IOException {
    byte[] b = SSTableFormat.readBlock(in, file, t.bloomHandle(), Compression.NONE);
    return BloomFilter.decode(b, file, t.bloomOffset());
  }

  public SSTableInfo info() {
    return info;
  }

  public Path path() {
    return path;
  }

  /** A new, unpositioned iterator over all cells; call seek first. */
  public CellIterator iterator() {
    return iterator(true);
  }

  /**
   * An iterator that adds the data blocks it reads to the block cache only when
   * {@code cacheBlocks} (HBase's Scan.setCacheBlocks: a large one-off scan leaves the cache to
   * the hot data). Blocks already cached are used either way.
   */
  public CellIterator iterator(boolean cacheBlocks) {
    checkOpen();
    return new SSTableIterator(this, cacheBlocks);
  }

  /**
   * False only if no cell of {@code row} is in this file (then a Get may skip it without
   * reading any data block). Always true without a bloom filter.
   */
  public boolean mightContainRow(byte[] row) {
    BloomFilter b = bloom();
    return b == null || b.mightContain(BloomFilter.hashRow(row));
  }

  /**
   * False only if this file holds neither a cell of column {@code row/family:qualifier} nor a
   * family delete marker of {@code row}, so a Get of that column may skip the file. With a ROW
   * bloom this is {@link #mightContainRow}. The family is that of the file and not hashed.
   */
  public boolean mightContainRowCol(byte[] row, byte[] family, byte[] qualifier) {
    BloomFilter b = bloom();
    if (b == null) {
      return true;
    }
    if (info.bloomType() == BloomType.ROW) {
      return b.mightContain(BloomFilter.hashRow(row));
    }
    return b.mightContain(BloomFilter.hashRowCol(row, qualifier))
        || (qualifier.length > 0 && b.mightContain(BloomFilter.hashRowCol(row, new byte[0])));
  }

  /** Data blocks read from the file (block cache misses) since open. */
  public long dataBlocksRead() {
    return dataBlocksRead.sum();
  }

  Trailer trailer() {
    return trailer;
  }

  BlockIndex index() {
    if (pinnedIndex != null) {
      return pinnedIndex;
    }
    BlockKey key = new BlockKey(fileId, trailer.indexOffset());
    Cacheable c = cache.getIfPresent(key);
    if (c != null) {
      return (BlockIndex) c;
    }
    try {
      BlockIndex idx = loadIndex(in, file, trailer);
      cache.put(key, idx, true);
      return idx;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private BloomFilter bloom() {
    if (trailer.bloomSize() == 0) {
      return null;
    }
    if (cache == null) {
      return pinnedBloom;
    }
    BlockKey key = new BlockKey(fileId, trailer.bloomOffset());
    Cacheable c = cache.getIfPresent(key);
    if (c != null) {
      return (BloomFilter) c;
    }
    try {
      BloomFilter b = loadBloom(in, file, trailer);
      cache.put(key, b, true);
      return b;
    } catch (IOException e) {
      // The bloom was verified at open; a later failure to reload it must not hide data.
      return null;
    }
  }

  /** Data block i of the index: from the cache, or read, verified and maybe cached. */
  Block dataBlock(BlockIndex index, int i, boolean cacheBlocks) throws IOException {
    checkOpen();
    BlockHandle h = index.handle(i);
    BlockKey key = null;
    if (cache != null) {
      key = new BlockKey(fileId, h.offset());
      Cacheable c = cache.getIfPresent(key);
      if (c != null) {
        return (Block) c;
      }
    }
    Block b = Block.parse(SSTableFormat.readBlock(in, file, h, info.compression()), file,
        h.offset());
    dataBlocksRead.increment();
    if (cache != null && cacheBlocks && policy.cacheDataBlocks()) {
      cache.put(key, b, policy.inMemory());
    }
    return b;
  }

  /** The index, with an index reload failure surfaced as the IOException it was. */
  BlockIndex indexOrThrow() throws IOException {
    try {
      return index();
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("SSTable reader of " + file + " is closed");
    }
  }

  /** Closes the file and drops its blocks from the cache. Idempotent; never throws. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (cache != null) {
      cache.evictFile(fileId);
    }
    try {
      in.close();
    } catch (IOException e) {
      // Read-only stream: nothing is lost by a failed close.
    }
  }

  @Override
  public String toString() {
    return "SSTableReader{" + file + "}";
  }
}
