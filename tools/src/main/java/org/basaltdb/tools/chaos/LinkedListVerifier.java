package org.basaltdb.tools.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * and UNDEFINED (pointed at but missing: a lost acknowledged write). Ids are kept in two sorted
 * {@code long[]}s, 16 bytes a node, so millions of nodes fit in a small heap.
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

  /** A growable long[]. */
  private static final class Longs {
    long[] a = new long[1024];
    int n;

    void add(long v) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    /**
     * Sorts the values and drops duplicates, in place (the first {@link #n} of {@link #a}): two
     * copies of each array ran a 2 GiB verifier out of heap at 51 million nodes.
     */
    void sortDistinct() {
      Arrays.sort(a, 0, n);
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (k == 0 || a[i] != a[k - 1]) {
          a[k++] = a[i];
        }
      }
      n = k;
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
    Longs defined = new Longs();
    Longs referenced = new Longs();
    scanAll(r -> {
      defined.add(LinkedList.id(r.row()));
      byte[] prev = r.value(LinkedList.FAMILY, LinkedList.PREV);
      if (prev != null) {
        referenced.add(LinkedList.id(prev));
      }
    });
    defined.sortDistinct();
    referenced.sortDistinct();
    long[] d = defined.a;
    int dn = defined.n;
    long both = 0;
    long undefined = 0;
    Set<Long> missing = new HashSet<>();
    List<Long> toGet = new ArrayList<>();
    int i = 0;
    for (int j = 0; j < referenced.n; j++) {
      long id = referenced.a[j];
      while (i < dn && d[i] < id) {
        i++;
      }
      if (i < dn && d[i] == id) {
        both++;
      } else {
        undefined++;
        if (toGet.size() < GET_CHECKS) {
          toGet.add(id);
        }
        if (missing.size() < 10) {
          missing.add(id);
        }
      }
    }
    List<String> examples = new ArrayList<>();
    if (!missing.isEmpty()) {
      scanAll(r -> {
        byte[] prev = r.value(LinkedList.FAMILY, LinkedList.PREV);
        if (prev != null && missing.contains(LinkedList.id(prev))) {
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
    return new Counts(both, dn - both, undefined, found, examples);
  }
}
