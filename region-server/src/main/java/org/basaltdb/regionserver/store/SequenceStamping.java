package org.basaltdb.regionserver.store;

import java.io.IOException;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.ForwardingCellIterator;

/**
 * Presents every cell of a bulk-loaded file with the load's sequence id, so that loaded cells sort
 * against memstore edits and other files as if written at that point of the log. The file itself
 * holds whatever ids its writer gave (0 from a job).
 *
 * <p>Seeks translate the key: a key at the same coordinates as a file cell, with a sequence id
 * at or above the load's, must find that cell (stamped, it sorts at or after the key); below it,
 * must skip it.
 */
final class SequenceStamping extends ForwardingCellIterator {
  private final long sequenceId;
  private Cell current;

  SequenceStamping(CellIterator in, long sequenceId) {
    super(in);
    this.sequenceId = sequenceId;
  }

  private Cell translate(Cell key) {
    return key.withSequenceId(key.sequenceId() >= sequenceId ? Long.MAX_VALUE : Long.MIN_VALUE);
  }

  @Override
  public void seek(Cell key) throws IOException {
    in.seek(translate(key));
    current = null;
  }

  @Override
  public void seekForward(Cell key) throws IOException {
    in.seekForward(translate(key));
    current = null;
  }

  @Override
  public boolean seekToPreviousRow(byte[] row) throws IOException {
    current = null;
    return in.seekToPreviousRow(row);
  }

  @Override
  public Cell cell() {
    if (current == null) {
      current = in.cell().withSequenceId(sequenceId);
    }
    return current;
  }

  @Override
  public void next() throws IOException {
    current = null;
    in.next();
  }
}
