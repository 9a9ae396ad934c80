package org.basaltdb.regionserver.cache;

/**
 * The cache key of one block: the identity of the open file and the block's byte offset in it.
 *
 * <p>{@code fileId} is a number unique to one open {@code SSTableReader} in this JVM
 * ({@link BlockCache#nextFileId()}). SSTables are immutable, so (file, offset) names the same
 * bytes for the reader's whole life; a reader removes its blocks when it closes, and a reopened
 * file gets a new id, so a stale block can never be served.
 *
 * <p>{@code equals} and {@code hashCode} are written out: a record's generated ones go through
 * method handles, and every block read looks a key up (they were a sixth of a cached get's CPU).
 * The hash mixes both numbers, so files numbered in sequence and blocks at similar offsets spread
 * over the table.
 */
public record BlockKey(long fileId, long offset) {

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockKey k && k.fileId == fileId && k.offset == offset;
  }

  @Override
  public int hashCode() {
    long h = fileId * 0x9E3779B97F4A7C15L + offset;
    h ^= h >>> 32;
    h *= 0xD6E8FEB86659FD93L;
    return (int) (h ^ (h >>> 32));
  }
}
