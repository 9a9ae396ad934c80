package org.basaltdb.common;

import java.io.IOException;

/**
 * A {@link CellIterator} that passes every call to another; a decorator overrides only the calls
 * it changes (Guava's {@code ForwardingIterator} in the same way).
 *
 * <p>Thread safety: as the iterator it wraps.
 */
public abstract class ForwardingCellIterator implements CellIterator {
  protected final CellIterator in;

  protected ForwardingCellIterator(CellIterator in) {
    this.in = in;
  }

  @Override
  public void seek(Cell key) throws IOException {
    in.seek(key);
  }

  @Override
  public void seekForward(Cell key) throws IOException {
    in.seekForward(key);
  }

  @Override
  public boolean seekToPreviousRow(byte[] row) throws IOException {
    return in.seekToPreviousRow(row);
  }

  @Override
  public boolean valid() {
    return in.valid();
  }

  @Override
  public Cell cell() {
    return in.cell();
  }

  @Override
  public void next() throws IOException {
    in.next();
  }

  @Override
  public void close() {
    in.close();
  }
}
