package org.basaltdb.tools.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Get;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;

/**
 * Reads the whole linked-list table and counts nodes by kind, as IntegrationTestBigLinkedList's
 * Verify does: REFERENCED (present, and some node points at it), UNREFERENCED (present, nothing
 * points at it: the newest node of each list, or a batch that was written but never followed)
 * and UNDEFINED (pointed at but missing: a lost acknowledged write).
 *
 * <p>One scan, in little memory, so that a 2 GiB heap holds about a hundred million nodes. Row
 * keys are the ids big-endian, so the ids arrive in ascending unsigned order: they are appended
 * to fixed pages that are never copied (8 bytes a node), with a mark bit each. A node's
 * {@code prev} below its own id has been read already (or is missing): it is looked up by binary
 * search and marked at once; one above it is kept (8 bytes, half the nodes on average) and
 * looked up after the scan. Kept in two growable {@code long[]}s sorted afterwards, as before,
 * the ids of 51 million nodes and the arrays' doubling copies came near the old generation of
 * the long chaos run's 2 GiB verifier. Only when nodes are missing does a second scan find the
 * nodes that point at them, for the examples.
 */
public final class LinkedListVerifier {
  /** Counts; {@code examples} are up to 10 missing ids with the nodes that point at them. */
  public record Counts(long referenced, long unreferenced, long undefined, long foundByGet,
      List<String> examples) {
    public String line() {
      return String.format("verifier: REFERENCED=%d UNREFERENCED=%d UNDEFINED=%d%s%s",
          referenced, unreferenced, undefined, undefined == 0 ? ""
              : " (of the first " + Math.min(undefined, GET_CHECKS) + ", " + foundByGet
                  + " found by a get: missed by the scan, not lost)",
          examples.isEmpty() ? "" : "; missing, e.g. " + examples);
    }
  }

  /** UNDEFINED ids looked up again with a get, to tell a scan that skips rows from lost data. */
  static final int GET_CHECKS = 1000;

  private static final int SCAN_ATTEMPTS = 20;

  private final Connection connection;
  private final TableName table;
  private final PrintStream log;

  public LinkedListVerifier(Connection connection, TableName table, PrintStream log) {
    this.connection = connection;
    this.table = table;
    this.log = log;
  }

  /** Longs appended in pages that are never copied. */
  static class Pages {
    /** 2^20 longs: 8 MiB a page, small beside the heap, few pages for a hundred million. */
    static final int PAGE_BITS = 20;
    static final int PAGE = 1 << PAGE_BITS;
    final List<long[]> pages = new ArrayList<>();
    long n;

    void add(long v) {
      if ((n & (PAGE - 1)) == 0) {
        pages.add(new long[PAGE]);
      }
      pages.get((int) (n >>> PAGE_BITS))[(int) (n & (PAGE - 1))] = v;
      n++;
    }

    long size() {
      return n;
    }

    long get(long i) {
      return pages.get((int) (i >>> PAGE_BITS))[(int) (i & (PAGE - 1))];
    }
  }

  /**
   * Ids in ascending unsigned order, with a mark bit each. REQUIRES: {@link #append} in strictly
   * ascending unsigned order. Thread safety: none (the scan's thread only).
   */
  static final class SortedIds extends Pages {
    private final List<long[]> marks = new ArrayList<>();

    void append(long id) {
      if (n > 0 && Long.compareUnsigned(get(n - 1), id) >= 0) {
        throw new IllegalStateException(String.format("ids out of order: %s after %s",
            LinkedList.hex(id), LinkedList.hex(get(n - 1))));
      }
      if ((n & (PAGE - 1)) == 0) {
        marks.add(new long[PAGE / 64]);
      }
      add(id);
    }

    /** The index of {@code id}, or -1. */
    long indexOf(long id) {
      long lo = 0;
      long hi = n - 1;
      while (lo <= hi) {
        long mid = (lo + hi) >>> 1;
        int c = Long.compareUnsigned(get(mid), id);
        if (c < 0) {
          lo = mid + 1;
        } else if (c > 0) {
          hi = mid - 1;
        } else {
          return mid;
        }
      }
      return -1;
    }

    /** Marks {@code id} if present; false if it is not (yet). */
    boolean mark(long id) {
      long i = indexOf(id);
      if (i < 0) {
        return false;
      }
      int in = (int) (i & (PAGE - 1));
      marks.get((int) (i >>> PAGE_BITS))[in >>> 6] |= 1L << in;
      return true;
    }

    long marked() {
      long c = 0;
      for (long[] page : marks) {
        for (long w : page) {
          c += Long.bitCount(w);
        }
      }
      return c;
    }
  }

  /** Visits every row once, resuming after the last row seen when the scan fails. */
  private interface RowVisitor {
    void visit(Result r);
  }

  private void scanAll(RowVisitor visitor) throws IOException, InterruptedException {
    byte[] last = null;
    IOException failure = null;
    try (Table t = connection.getTable(table)) {
      for (int attempt = 0; attempt < SCAN_ATTEMPTS; attempt++) {
        Scan scan = new Scan().addFamily(LinkedList.FAMILY).setCaching(1000);
        if (last != null) {
          scan.withStartRow(last, false);
        }
        try (ResultScanner s = t.getScanner(scan)) {
          for (Result r; (r = s.next()) != null; ) {
            visitor.visit(r);
            last = r.row();
          }
          return;
        } catch (IOException e) {
          failure = e;
          log.printf("verifier: scan failed after row %s (attempt %d): %s%n",
              last == null ? "-" : Bytes.toStringBinary(last), attempt + 1, e);
          Thread.sleep(1_000); // a client's back-off before resuming the scan
        }
      }
    }
    throw new IOException("verifier: the scan failed " + SCAN_ATTEMPTS + " times", failure);
  }

  public Counts verify() throws IOException, InterruptedException {
    SortedIds defined = new SortedIds();
    Pages ahead = new Pages(); // references to ids above their node's: not read yet
    // A node is referenced by one successor at most, so each missing id is counted once; the
    // set keeps them distinct all the same (a writer that wrote a node twice).
    Set<Long> missing = new HashSet<>();
    long t0 = System.nanoTime();
    scanAll(r -> {
      long id = LinkedList.id(r.row());
      defined.append(id);
      byte[] prev = r.value(LinkedList.FAMILY, LinkedList.PREV);
      if (prev == null) {
        return;
      }
      long p = LinkedList.id(prev);
      if (Long.compareUnsigned(p, id) > 0) {
        ahead.add(p);
      } else if (!defined.mark(p)) {
        missing.add(p);
      }
    });
    for (long i = 0; i < ahead.size(); i++) {
      long p = ahead.get(i);
      if (!defined.mark(p)) {
        missing.add(p);
      }
    }
    log.printf("verifier: %,d nodes read and their references followed in %,d ms%n",
        defined.size(), (System.nanoTime() - t0) / 1_000_000);
    List<String> examples = new ArrayList<>();
    List<Long> toGet = missing.stream().limit(GET_CHECKS).toList();
    Set<Long> shown = missing.stream().limit(10).collect(Collectors.toSet());
    if (!shown.isEmpty()) {
      scanAll(r -> {
        byte[] prev = r.value(LinkedList.FAMILY, LinkedList.PREV);
        if (prev != null && shown.contains(LinkedList.id(prev))) {
          examples.add(LinkedList.hex(LinkedList.id(prev)) + " <- "
              + LinkedList.hex(LinkedList.id(r.row())) + " (writer "
              + Bytes.toString(r.value(LinkedList.FAMILY, LinkedList.CLIENT)) + ", node "
              + Bytes.toLong(r.value(LinkedList.FAMILY, LinkedList.COUNT)) + ")");
        }
      });
    }
    long found = 0;
    if (!toGet.isEmpty()) {
      List<Get> gets = toGet.stream().map(id -> new Get(LinkedList.key(id))).toList();
      try (Table t = connection.getTable(table)) {
        for (Result r : t.get(gets)) {
          found += r.isEmpty() ? 0 : 1;
        }
      }
    }
    long referenced = defined.marked();
    return new Counts(referenced, defined.size() - referenced, missing.size(), found, examples);
  }
}
