package org.basaltdb.regionserver.memstore;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.basaltdb.common.Cell;

/**
 * Where a memstore keeps its cells' values: large byte arrays ("chunks") that cells point into,
 * in the manner of HBase's MSLAB, instead of one small array per value.
 *
 * <p>Why: every cell of a memstore lives until its flush, seconds to minutes, so each young
 * collection copies every cell written since the one before (and again between survivor
 * spaces), and the old generation fills with small arrays that all die at once. A chunk is one
 * object however many values it holds; with G1 a chunk of a heap region's size is "humongous",
 * allocated straight in the old generation, never copied, and freed whole once no cell refers to
 * it. What stays per cell is the {@link Cell} object and its row array; qualifiers, repeated in
 * nearly every row, are shared through a small cache ({@link #qualifier}).
 *
 * <p>Chunks are never reused: a flushed snapshot's chunks are freed by the collector once no
 * scan or reply holds one of their cells, so no reference counting is needed. Each memstore
 * snapshot ends the current chunk ({@link #retire}), so that a chunk holds the cells of one
 * snapshot only and goes with its flush.
 *
 * <p>Accounting: a memstore is charged for whole chunks. A value copied into a chunk charges
 * its length, and the part of a chunk no value has claimed yet is charged too, when the chunk is
 * made ({@link Claim#charge}): with chunks of up to 2 MiB per store, a server of a few dozen
 * stores held tens of MiB the memstore limit did not see. Dropping a cell (pruning, a replaced
 * cell, a rollback) does not give its value's bytes back, since they stay in the chunk until it
 * dies ({@link RowCells#freedHeap}). That is why {@link MemStore} copies only the cells of rows
 * new to the memstore: writes to a row already held keep their own arrays, which pruning frees.
 *
 * <p>Thread safety: {@link #copy} may run concurrently from any threads; space is claimed with
 * one compare-and-set per row.
 */
public final class MemStoreChunks {
  /**
   * The first chunk of a memstore; each new chunk doubles up to the maximum, so a store that sees
   * few writes (most of a server's in tests, many in a cluster) holds 64 KiB, not a region.
   */
  static final int FIRST_CHUNK = 64 << 10;
  /** Rows whose values together pass this keep their own arrays (HBase's MSLAB max allocation). */
  static final int MAX_ALLOCATION = 256 << 10;
  /** Slots of the qualifier cache: more than a table's usual columns, small enough to ignore. */
  private static final int QUALIFIER_SLOTS = 256;
  /**
   * Taken from a G1 region to size a chunk: a byte array's header is 16 bytes; the rest keeps
   * the array inside one region.
   */
  private static final int ARRAY_HEADER_ROOM = 64;
  /** The chunk size when the collector is not G1, or its regions are larger than this. */
  static final int DEFAULT_CHUNK = 2 << 20;

  private final int maxChunk;
  private final AtomicReference<Chunk> current = new AtomicReference<>();
  private final AtomicReferenceArray<byte[]> qualifiers =
      new AtomicReferenceArray<>(QUALIFIER_SLOTS);

  /** @param maxChunk the largest chunk, in bytes; 0 picks {@link #autoChunkSize()} */
  public MemStoreChunks(int maxChunk) {
    if (maxChunk < 0) {
      throw new IllegalArgumentException("memstore chunk size must be >= 0: " + maxChunk);
    }
    this.maxChunk = maxChunk == 0 ? AutoSize.BYTES : Math.max(maxChunk, FIRST_CHUNK);
  }

  /** {@link #autoChunkSize()}, asked of the VM once. */
  private static final class AutoSize {
    static final int BYTES = autoChunkSize();
  }

  /**
   * A G1 heap region less an array header, so that a chunk is humongous and fills its region
   * ({@code 2 MiB} chunks in a heap of 1 MiB regions took three regions each); {@link
   * #DEFAULT_CHUNK} for other collectors and for regions above 4 MiB (heaps over 16 GB), where a
   * region-sized chunk per store would hold too much memory idle.
   */
  static int autoChunkSize() {
    long region = 0;
    try {
      com.sun.management.HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      if (vm != null && "true".equals(vm.getVMOption("UseG1GC").getValue())) {
        region = Long.parseLong(vm.getVMOption("G1HeapRegionSize").getValue());
      }
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      region = 0; // not HotSpot: the default below
    }
    return region >= (1 << 20) && region <= (4 << 20) ? (int) region - ARRAY_HEADER_ROOM
        : DEFAULT_CHUNK;
  }

  /** The largest chunk this allocator makes. */
  int maxChunk() {
    return maxChunk;
  }

  /** One chunk: its bytes, and how many of them are claimed. */
  static final class Chunk {
    final byte[] data;
    final AtomicInteger used = new AtomicInteger();

    Chunk(int size) {
      this.data = new byte[size];
    }
  }

  /**
   * What {@link #copy} claimed, so that {@link #giveBack} can return it. {@code charge}: what the
   * claim adds to the memstore's heap beside its values' lengths (which the cells charge): the
   * rest of a chunk it made, or, in the current chunk, minus its length (charged already, as the
   * chunk's unclaimed part).
   */
  record Claim(Chunk chunk, int start, int end, long charge) {
    /** What the memstore is charged when the claim is given back: a chunk it made, whole. */
    long chargeWhenGivenBack() {
      return charge + (end - start);
    }
  }

  /**
   * Replaces each cell of one row by a cell whose value lies in a chunk and whose qualifier is
   * the shared one; {@code cells} is changed in place. Returns the claim, or null when nothing was
   * copied (no values, or together above {@link #MAX_ALLOCATION}: then only qualifiers are
   * shared).
   */
  Claim copy(Cell[] cells) {
    int total = 0;
    for (Cell c : cells) {
      total += c.valueLength();
    }
    if (total == 0 || total > MAX_ALLOCATION) {
      shareQualifiers(cells);
      return null;
    }
    Chunk chunk;
    int start;
    long charge;
    while (true) {
      chunk = current.get();
      if (chunk != null) {
        start = chunk.used.get();
        if (start + total <= chunk.data.length) {
          if (chunk.used.compareAndSet(start, start + total)) {
            charge = -total;
            break;
          }
          continue;
        }
      }
      int size = chunk == null ? FIRST_CHUNK : Math.min(maxChunk, chunk.data.length * 2);
      Chunk next = new Chunk(Math.max(size, total));
      next.used.set(total);
      if (current.compareAndSet(chunk, next)) {
        chunk = next;
        start = 0;
        charge = next.data.length - total;
        break;
      }
    }
    int at = start;
    for (int i = 0; i < cells.length; i++) {
      Cell c = cells[i];
      int len = c.valueLength();
      System.arraycopy(c.valueArray(), c.valueOffset(), chunk.data, at, len);
      cells[i] = Cell.onRowOf(c, c.family(), qualifier(c.qualifier()), c.timestamp(), c.type(),
          c.sequenceId(), chunk.data, at, len);
      at += len;
    }
    return new Claim(chunk, start, start + total, charge);
  }

  /**
   * Ends the current chunk: the next value starts a new one (of {@link #FIRST_CHUNK}), so the
   * chunks of a memstore snapshot hold its cells only. REQUIRES: no {@link #copy} running (the
   * memstore is being snapshotted with its writers held off).
   */
  void retire() {
    current.set(null);
  }

  /**
   * Returns a claim's space if nothing was claimed after it; returns whether it did. The cells
   * copied into it must not be kept when it did.
   */
  boolean giveBack(Claim claim) {
    return claim.chunk.used.compareAndSet(claim.end, claim.start);
  }

  /** Replaces each cell's qualifier by the shared one, in place. */
  void shareQualifiers(Cell[] cells) {
    for (int i = 0; i < cells.length; i++) {
      Cell c = cells[i];
      byte[] q = qualifier(c.qualifier());
      if (q != c.qualifier()) {
        cells[i] = Cell.onRowOf(c, c.family(), q, c.timestamp(), c.type(), c.sequenceId(),
            c.valueArray(), c.valueOffset(), c.valueLength());
      }
    }
  }

  /**
   * The shared array equal to {@code q}: a direct-mapped cache by hash, the newest qualifier
   * winning a slot. A table's few column names stay in it; a table of ever-new qualifiers only
   * misses (a hash and a compare per cell).
   */
  byte[] qualifier(byte[] q) {
    int slot = Arrays.hashCode(q) & (QUALIFIER_SLOTS - 1);
    byte[] shared = qualifiers.get(slot);
    if (shared != null && Arrays.equals(shared, q)) {
      return shared;
    }
    qualifiers.lazySet(slot, q); // a release store: get() above reads the array's bytes too
    return q;
  }
}
