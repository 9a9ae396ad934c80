package org.basaltdb.regionserver.sstable;

import java.util.Objects;

/**
 * How an {@link SSTableWriter} lays out a file. Immutable; derive variants with the
 * {@code with...} methods: {@code SSTableOptions.defaults().withCompression(Compression.LZ4)}.
 */
public final class SSTableOptions {
  /** HBase's default block size: large enough for good compression, small enough for Gets. */
  public static final int DEFAULT_BLOCK_SIZE = 64 * 1024;

  /** A block target below this makes the index bigger than the data it points to. */
  public static final int MIN_BLOCK_SIZE = 64;

  private static final SSTableOptions DEFAULTS =
      new SSTableOptions(DEFAULT_BLOCK_SIZE, Compression.NONE, BloomType.ROW, 0, true);

  private final int blockSize;
  private final Compression compression;
  private final BloomType bloomType;
  private final long maxCells;
  private final boolean syncOnFinish;

  private SSTableOptions(int blockSize, Compression compression, BloomType bloomType,
      long maxCells, boolean syncOnFinish) {
    if (blockSize < MIN_BLOCK_SIZE) {
      throw new IllegalArgumentException("block size " + blockSize + " < " + MIN_BLOCK_SIZE);
    }
    if (maxCells < 0) {
      throw new IllegalArgumentException("max cells must be >= 0: " + maxCells);
    }
    this.blockSize = blockSize;
    this.compression = Objects.requireNonNull(compression, "compression");
    this.bloomType = Objects.requireNonNull(bloomType, "bloomType");
    this.maxCells = maxCells;
    this.syncOnFinish = syncOnFinish;
  }

  /** 64 KiB blocks, no compression, ROW bloom, no size hint, synced when finished. */
  public static SSTableOptions defaults() {
    return DEFAULTS;
  }

  /** Target uncompressed size of a data block; a block closes once it reaches it. */
  public int blockSize() {
    return blockSize;
  }

  public Compression compression() {
    return compression;
  }

  public BloomType bloomType() {
    return bloomType;
  }

  /**
   * An upper bound on the cells the file will hold, or 0 if unknown. The writer allocates the
   * bloom filter's bits for it and folds them to the actual key count at
   * {@link SSTableWriter#finish()}; more cells than the bound stay correct but raise the
   * filter's false-positive rate. Without a bound the writer keeps 8 bytes per bloom key.
   */
  public long maxCells() {
    return maxCells;
  }

  /**
   * Whether {@link SSTableWriter#finish()} hsyncs the file before closing it (the default). A
   * flush or compaction needs it: its file replaces WAL edits or other files. A bulk-load job's
   * output does not: {@code completebulkload} hands the files to the region server, whose
   * {@code BulkLoad} makes each durable before the load's WAL marker names it
   * ({@code docs/operations.md}, "Bulk load").
   */
  public boolean syncOnFinish() {
    return syncOnFinish;
  }

  public SSTableOptions withBlockSize(int v) {
    return new SSTableOptions(v, compression, bloomType, maxCells, syncOnFinish);
  }

  public SSTableOptions withCompression(Compression v) {
    return new SSTableOptions(blockSize, v, bloomType, maxCells, syncOnFinish);
  }

  public SSTableOptions withBloomType(BloomType v) {
    return new SSTableOptions(blockSize, compression, v, maxCells, syncOnFinish);
  }

  public SSTableOptions withMaxCells(long v) {
    return new SSTableOptions(blockSize, compression, bloomType, v, syncOnFinish);
  }

  public SSTableOptions withSyncOnFinish(boolean v) {
    return new SSTableOptions(blockSize, compression, bloomType, maxCells, v);
  }

  @Override
  public String toString() {
    return "SSTableOptions{blockSize=" + blockSize + ", compression=" + compression
        + ", bloomType=" + bloomType + ", maxCells=" + maxCells + ", syncOnFinish="
        + syncOnFinish + "}";
  }
}
