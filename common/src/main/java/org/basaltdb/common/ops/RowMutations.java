package org.basaltdb.common.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Puts and deletes on one row, applied atomically and in order. */
public final class RowMutations {
  private final byte[] row;
  private final List<Mutation> mutations = new ArrayList<>();

  public RowMutations(byte[] row) {
    this.row = row;
  }

  public RowMutations add(Mutation m) {
    if (!Arrays.equals(m.row(), row)) {
      throw new IllegalArgumentException("every mutation of a RowMutations must be on its row");
    }
    if (!(m instanceof Put) && !(m instanceof Delete)) {
      throw new IllegalArgumentException("RowMutations takes only Put and Delete");
    }
    mutations.add(m);
    return this;
  }

  public byte[] row() {
    return row;
  }

  public List<Mutation> mutations() {
    return Collections.unmodifiableList(mutations);
  }
}
