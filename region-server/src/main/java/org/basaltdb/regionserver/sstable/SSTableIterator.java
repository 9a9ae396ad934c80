package org.basaltdb.regionserver.sstable;

import java.io.IOException;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;

/**
 * Iterates one SSTable: a block index position plus a {@link BlockCursor} in the current data
 * block (LevelDB's two-level iterator, with one level of index).
 *
 * <p>Thread safety: one thread at a time (the {@link CellIterator} contract); blocks are shared
 * immutable objects, so iterators on different threads never interfere.
 */
final class SSTableIterator implements CellIterator {
  private final SSTableReader reader;
  private final boolean cacheBlocks;
  private final BlockCursor cursor = new BlockCursor();
  private BlockIndex index;
  private int blockIdx = -1;
  private boolean valid;
  private boolean closed;

  SSTableIterator(SSTableReader reader, boolean cacheBlocks) {
    this.reader = reader;
    this.cacheBlocks = cacheBlocks;
  }

  private void load(int i) throws IOException {
    cursor.reset(reader.dataBlock(index, i, cacheBlocks));
    blockIdx = i;
  }

  private BlockIndex freshIndex() throws IOException {
    if (closed) {
      throw new IllegalStateException("iterator is closed");
    }
    index = reader.indexOrThrow();
    return index;
  }

  @Override
  public void seek(Cell key) throws IOException {
    valid = false;
    BlockIndex idx = freshIndex();
    if (idx.size() == 0) {
      return;
    }
    int i = idx.find(key, false);
    load(i);
    cursor.seek(key);
    skipEmptyTail();
  }

  /** If the cursor ran off its block, moves to the first cell of the next block. */
  private void skipEmptyTail() throws IOException {
    while (cursor.cell() == null) {
      if (blockIdx + 1 >= index.size()) {
        valid = false;
        return;
      }
      load(blockIdx + 1);
      cursor.seekToFirst();
    }
    valid = true;
  }

  @Override
  public boolean seekToPreviousRow(byte[] row) throws IOException {
    valid = false;
    BlockIndex idx = freshIndex();
    if (idx.size() == 0) {
      return false;
    }
    Cell target = Cell.firstOnRow(row);
    // Every block after i starts at or after target, so the last cell < target is in block i
    // or, failing that, is the last cell of block i - 1.
    int i = idx.find(target, true);
    load(i);
    Cell prev = cursor.lastBefore(target);
    if (prev == null && i > 0) {
      load(i - 1);
      prev = cursor.last();
    }
    if (prev == null) {
      return false;
    }
    seek(Cell.firstOnRow(prev.row()));
    return valid;
  }

  @Override
  public boolean valid() {
    return valid;
  }

  @Override
  public Cell cell() {
    if (!valid) {
      throw new IllegalStateException("iterator is not valid");
    }
    return cursor.cell();
  }

  @Override
  public void next() throws IOException {
    if (!valid) {
      throw new IllegalStateException("iterator is not valid");
    }
    cursor.advance();
    skipEmptyTail();
  }

  @Override
  public void close() {
    closed = true;
    valid = false;
    index = null;
  }
}
