package org.basaltdb.regionserver.cache;

/**
 * The cache key of one block: the identity of the open file and the block's byte offset in it.
 *
 * <p>{@code fileId} is a number unique to one open {@code SSTableReader} in this JVM
 * ({@link BlockCache#nextFileId()}). SSTables are immutable, so (file, offset) names the same
 * bytes for the reader's whole life; a reader removes its blocks when it closes, and a reopened
 * file gets a new id, so a stale block can never be served.
 */
public record BlockKey(long fileId, long offset) {}
