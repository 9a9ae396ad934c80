package org.basaltdb.regionserver.region;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.regionserver.filter.Filter;
import org.basaltdb.regionserver.filter.FilterParser;
import org.basaltdb.regionserver.scan.FamilyRules;
import org.basaltdb.regionserver.scan.MergingIterator;
import org.basaltdb.regionserver.scan.RowScanner;
import org.basaltdb.regionserver.scan.ScanQueryMatcher;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.basaltdb.regionserver.store.Store;

/**
 * A region's read path: for one Get or Scan, chooses the stores (families asked for) and, in
 * each, the SSTables that can hold matching cells (time range, then bloom filters for a Get),
 * pins them with the memstore at the current read point, and stacks merging iterator, matcher
 * and filter into a {@link RowScanner}.
 *
 * <p>Thread safety: any number of concurrent reads.
 */
final class ReadPath {
  private final NavigableMap<byte[], Store> stores;
  private final ReadPoints readPoints;
  private final Clock clock;
  private final Supplier<TableName> table;

  ReadPath(NavigableMap<byte[], Store> stores, ReadPoints readPoints, Clock clock,
      Supplier<TableName> table) {
    this.stores = stores;
    this.readPoints = readPoints;
    this.clock = clock;
    this.table = table;
  }

  /**
   * The scan's filter, parsed, or null; IllegalArgumentException for a malformed filter or a
   * combination HBase rejects (a batch size with a filter that decides on whole rows).
   */
  static Filter filterOf(Scan s) {
    Filter filter = s.filter() == null ? null : FilterParser.parse(s.filter());
    if (filter != null && s.batch() > 0 && filter.hasFilterRow()) {
      throw new IllegalArgumentException("cannot set batch on a scan using a filter that decides "
          + "on whole rows (" + filter + ")");
    }
    return filter;
  }

  static IllegalArgumentException noSuchFamily(byte[] f, TableName t) {
    return new IllegalArgumentException("column family '" + Bytes.toStringBinary(f)
        + "' does not exist in table " + t);
  }

  /** A scanner over {@code s}; {@code getRow} is the row of a Get (bloom filters apply), else null. */
  RowScanner open(Scan s, byte[] getRow) throws IOException {
    Filter filter = filterOf(s);
    NavigableMap<byte[], NavigableSet<byte[]>> columns = s.families();
    List<Store> chosen = new ArrayList<>();
    if (columns.isEmpty()) {
      chosen.addAll(stores.values());
    } else {
      for (byte[] f : columns.keySet()) {
        Store st = stores.get(f);
        if (st == null) {
          throw noSuchFamily(f, table.get());
        }
        chosen.add(st);
      }
    }
    long now = clock.currentTimeMillis();
    Map<byte[], FamilyRules> rules = new TreeMap<>(Bytes.COMPARATOR);
    for (Store st : chosen) {
      rules.put(st.family().name(), FamilyRules.of(st.family(), now));
    }
    // Registered until the scanner closes, so memstore pruning keeps what this read may see.
    ReadPoints.Reader reader = readPoints.open();
    long readPoint = reader.readPoint();
    TimeRange tr = s.timeRange();
    List<CellIterator> its = new ArrayList<>();
    List<Store.ReadView> views = new ArrayList<>();
    Runnable release = () -> {
      views.forEach(Store.ReadView::close);
      readPoints.close(reader);
    };
    try {
      for (Store st : chosen) {
        NavigableSet<byte[]> qs = columns.get(st.family().name());
        Store.FileSelector sel = r -> mayHold(r, tr, getRow, st.family(), qs);
        Store.ReadView v = st.openRead(readPoint, sel, s.cacheBlocks());
        views.add(v);
        its.addAll(v.iterators());
      }
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    ScanQueryMatcher m = ScanQueryMatcher.forRead(s.isRaw(), rules::get, tr, s.maxVersions(),
        columns.isEmpty() ? null : columns, filter);
    // HBase loads the families a filter calls inessential only for rows that passed it.
    java.util.Set<byte[]> joined = new java.util.TreeSet<>(Bytes.COMPARATOR);
    if (filter != null) {
      for (Store st : chosen) {
        if (!filter.isFamilyEssential(st.family().name())) {
          joined.add(st.family().name());
        }
      }
    }
    if (!joined.isEmpty() && s.isReversed()) {
      release.run();
      throw new IllegalArgumentException(
          "Reverse scan with loading CFs on demand is not supported");
    }
    return new RowScanner(new MergingIterator(its), m, filter, s.startRow(), s.includeStartRow(),
        s.stopRow(), s.includeStopRow(), s.isReversed(), s.limit(), s.batch(), joined,
        release::run);
  }

  /** Whether an SSTable can hold cells a read needs: time range, then bloom filters for a Get. */
  private static boolean mayHold(SSTableReader r, TimeRange tr, byte[] getRow,
      ColumnFamilyDescriptor f, NavigableSet<byte[]> qualifiers) {
    var i = r.info();
    if (i.cellCount() == 0 || i.maxTimestamp() < tr.min()
        || (i.minTimestamp() >= tr.max() && i.deleteMarkerCount() == 0)) {
      return false;
    }
    if (getRow == null) {
      return true;
    }
    if (!r.mightContainRow(getRow)) {
      return false;
    }
    if (qualifiers != null && !qualifiers.isEmpty() && "ROWCOL".equals(f.bloomFilter())) {
      for (byte[] q : qualifiers) {
        if (r.mightContainRowCol(getRow, f.name(), q)) {
          return true;
        }
      }
      // Family-wide delete markers have an empty qualifier and must still be found.
      return r.mightContainRowCol(getRow, f.name(), Bytes.EMPTY);
    }
    return true;
  }
}
