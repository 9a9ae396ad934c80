package org.basaltdb.common;

import java.io.Closeable;
import java.io.IOException;

/**
 * The one iterator seam of the engine: memstore, SSTable, merging and region scanners all
 * implement it and stack on one another (LevelDB's {@code Iterator}).
 *
 * <p>A new iterator is not positioned; call {@link #seek} first. Cells come in
 * {@link CellComparator} order.
 *
 * <p>Thread safety: an iterator is used by one thread at a time.
 */
public interface CellIterator extends Closeable {
  /** Positions at the first cell {@code >= key}; afterwards {@link #valid()} says if there is one. */
  void seek(Cell key) throws IOException;

  /**
   * Positions at the first cell of the greatest row {@code < row} (for reversed scans), and
   * returns true; returns false and becomes invalid when no row sorts before {@code row}.
   */
  boolean seekToPreviousRow(byte[] row) throws IOException;

  /**
   * As {@link #seek}, for a scan skipping ahead: {@code key} is not before the current cell, so
   * an iterator may leave alone whatever already sits at or past it (a merge re-seeks only the
   * children behind {@code key}). REQUIRES: valid(), and {@code key} not before {@link #cell()}.
   */
  default void seekForward(Cell key) throws IOException {
    seek(key);
  }

  boolean valid();

  /** REQUIRES: valid(). */
  Cell cell();

  /** REQUIRES: valid(). Moves to the next cell; may leave the iterator invalid at the end. */
  void next() throws IOException;

  /** Releases what the iterator pins (files, blocks). Never throws. */
  @Override
  void close();
}
