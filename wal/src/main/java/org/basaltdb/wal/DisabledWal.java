package org.basaltdb.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;

/**
 * A log that writes nothing and only hands out sequence ids: for engine tests and for tables
 * whose every write is SKIP_WAL. Nothing written through it survives a crash before flush.
 */
public final class DisabledWal implements Wal {
  private final AtomicLong sequence;

  public DisabledWal(long lastSequenceId) {
    this.sequence = new AtomicLong(lastSequenceId);
  }

  @Override
  public Ticket append(String region, TableName table, List<Cell> cells, Durability durability) {
    long seq = sequence.incrementAndGet();
    List<Cell> stamped = new ArrayList<>(cells.size());
    for (Cell c : cells) {
      stamped.add(c.withSequenceId(seq));
    }
    return new Ticket() {
      @Override
      public long sequenceId() {
        return seq;
      }

      @Override
      public List<Cell> cells() {
        return stamped;
      }

      @Override
      public void await() {}
    };
  }

  @Override
  public Ticket appendBulkLoad(String region, TableName table, BulkLoadMarker marker) {
    return append(region, table, List.of(), Durability.SKIP_WAL);
  }

  @Override
  public void flushStarted(String region) {}

  @Override
  public void flushCompleted(String region, long flushedSequenceId) {}

  @Override
  public void regionClosed(String region) {}

  @Override
  public long highestSequenceId() {
    return sequence.get();
  }

  @Override
  public void advanceTo(long seq) {
    sequence.accumulateAndGet(seq, Math::max);
  }

  @Override
  public void close() {}
}
