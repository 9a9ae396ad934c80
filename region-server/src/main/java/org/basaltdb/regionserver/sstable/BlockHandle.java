package org.basaltdb.regionserver.sstable;

/**
 * Where a block lives: {@code offset} of its first byte, {@code size} of its stored payload
 * (excluding the {@value SSTableFormat#BLOCK_TRAILER_SIZE}-byte block trailer) and
 * {@code rawSize}, its size after decompression.
 */
record BlockHandle(long offset, int size, int rawSize) {
  /** Offset just past the block trailer. */
  long end() {
    return offset + size + SSTableFormat.BLOCK_TRAILER_SIZE;
  }
}
