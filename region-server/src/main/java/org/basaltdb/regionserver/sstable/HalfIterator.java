package org.basaltdb.regionserver.sstable;

import java.io.IOException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;

/**
 * Narrows an iterator over a whole SSTable to one half of its rows, for a {@link Reference}:
 * the bottom half is the rows below the split row, the top half the rows at or above it. It is
 * valid only on a cell of its half, whatever the caller does: a seek below the top half lands on
 * the split row; stepping or seeking past the split row ends the bottom half; a
 * {@link #seekToPreviousRow} never crosses from the top half into the bottom one, and one from
 * above the split row starts the bottom half's search at the split row.
 *
 * <p>Thread safety: one thread at a time, like the iterator it wraps.
 */
final class HalfIterator implements CellIterator {
  private final CellIterator in;
  private final boolean top;
  private final byte[] splitRow;
  private boolean valid;

  HalfIterator(CellIterator in, boolean top, byte[] splitRow) {
    this.in = in;
    this.top = top;
    this.splitRow = splitRow;
  }

  private boolean inHalf(byte[] row) {
    int c = Bytes.compare(row, splitRow);
    return top ? c >= 0 : c < 0;
  }

  private void settle() {
    valid = in.valid() && inHalf(in.cell().row());
  }

  @Override
  public void seek(Cell key) throws IOException {
    if (top && Bytes.compare(key.row(), splitRow) < 0) {
      in.seek(Cell.firstOnRow(splitRow));
    } else {
      in.seek(key);
    }
    settle();
  }

  @Override
  public boolean seekToPreviousRow(byte[] row) throws IOException {
    byte[] target = !top && Bytes.compare(row, splitRow) > 0 ? splitRow : row;
    valid = in.seekToPreviousRow(target) && inHalf(in.cell().row());
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
    return in.cell();
  }

  @Override
  public void next() throws IOException {
    if (!valid) {
      throw new IllegalStateException("iterator is not valid");
    }
    in.next();
    settle();
  }

  @Override
  public void close() {
    valid = false;
    in.close();
  }
}
