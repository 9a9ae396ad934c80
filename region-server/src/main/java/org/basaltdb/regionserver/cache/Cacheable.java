package org.basaltdb.regionserver.cache;

/**
 * A parsed block the {@link BlockCache} can hold. Implementations are immutable: a cached block
 * is shared by every iterator of its file, on any thread.
 */
public interface Cacheable {
  /** Approximate heap bytes the block pins; the cache's weigher charges this much. */
  long heapSize();
}
