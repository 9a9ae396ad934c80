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
      new SSTableOptions(DEFAULT_BLOCK_SIZE, Compression.NONE, BloomType.ROW, 0);

  private final int blockSize;
  private final Compression compression;
  private final BloomType bloomType;
  private final long expectedCells;

  private SSTableOptions(int blockSize, Compression compression, BloomType bloomType,
      long expectedCells) {
    if (blockSize < MIN_BLOCK_SIZE) {
      throw new IllegalArgumentException("block size " + blockSize + " < " + MIN_BLOCK_SIZE);
    }
    if (expectedCells < 0) {
      throw new IllegalArgumentException("expected cells must be >= 0: " + expectedCells);
    }
    this.blockSize = blockSize;
    this.compression = Objects.requireNonNull(compression, "compression");
    this.bloomType = Objects.requireNonNull(bloomType, "bloomType");
    this.expectedCells = expectedCells;
  }

  /** 64 KiB blocks, no compression, ROW bloom, no size hint. */
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
   * Hint of how many cells the file will hold. The bloom filter is sized from the exact key
   * count at {@link SSTableWriter#finish()}; the hint only presizes the writer's key buffer.
   */
  public long expectedCells() {
    return expectedCells;
  }

  public SSTableOptions withBlockSize(int v) {
    return new SSTableOptions(v, compression, bloomType, expectedCells);
  }

  public SSTableOptions withCompression(Compression v) {
    return new SSTableOptions(blockSize, v, bloomType, expectedCells);
  }

  public SSTableOptions withBloomType(BloomType v) {
    return new SSTableOptions(blockSize, compression, v, expectedCells);
  }

  public SSTableOptions withExpectedCells(long v) {
    return new SSTableOptions(blockSize, compression, bloomType, v);
  }

  @Override
  public String toString() {
    return "SSTableOptions{blockSize=" + blockSize + ", compression=" + compression
        + ", bloomType=" + bloomType + ", expectedCells=" + expectedCells + "}";
  }
}
