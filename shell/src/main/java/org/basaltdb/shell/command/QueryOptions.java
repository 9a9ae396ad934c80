package org.basaltdb.shell.command;

import java.util.Map;
import java.util.Set;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.ops.Query;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;
import org.basaltdb.shell.lang.Value;

/** Turns {@code get} and {@code scan} option hashes into a {@link Query}. */
final class QueryOptions {
  static final Set<String> GET_KEYS = Set.of("COLUMN", "COLUMNS", "VERSIONS", "TIMERANGE",
      "TIMESTAMP", "FILTER", "CACHE_BLOCKS");
  static final Set<String> SCAN_KEYS = Set.of("COLUMN", "COLUMNS", "VERSIONS", "TIMERANGE",
      "TIMESTAMP", "FILTER", "CACHE_BLOCKS", "STARTROW", "STOPROW", "ROWPREFIXFILTER", "LIMIT",
      "REVERSED", "RAW", "CACHE", "BATCH");

  private QueryOptions() {}

  /** {@code 'f'} reads a family, {@code 'f:q'} one column (split at the first colon). */
  static void addColumn(Query<?> q, byte[] spec) {
    int colon = -1;
    for (int i = 0; i < spec.length; i++) {
      if (spec[i] == ':') {
        colon = i;
        break;
      }
    }
    if (colon < 0) {
      q.addFamily(spec);
    } else {
      q.addColumn(java.util.Arrays.copyOf(spec, colon),
          java.util.Arrays.copyOfRange(spec, colon + 1, spec.length));
    }
  }

  /** family and qualifier of {@code 'f:q'}; the qualifier is required. */
  static byte[][] column(byte[] spec) {
    for (int i = 0; i < spec.length; i++) {
      if (spec[i] == ':') {
        return new byte[][] {java.util.Arrays.copyOf(spec, i),
            java.util.Arrays.copyOfRange(spec, i + 1, spec.length)};
      }
    }
    throw new UsageException("column must be 'family:qualifier', got '"
        + Bytes.toStringBinary(spec) + "'");
  }

  /** Applies the options both get and scan take. */
  static void applyCommon(Query<?> q, Value.Hash h) {
    for (Map.Entry<String, Value> e : h.entries().entrySet()) {
      String k = e.getKey();
      Value v = e.getValue();
      switch (k) {
        case "COLUMN", "COLUMNS" -> Args.byteList(v, k).forEach(c -> addColumn(q, c));
        case "VERSIONS" -> q.readVersions(Args.intValue(v, k));
        case "TIMESTAMP" -> q.setTimestamp(Args.number(v, k));
        case "TIMERANGE" -> q.setTimeRange(timeRange(v));
        case "FILTER" -> q.setFilter(Args.text(v, k));
        case "CACHE_BLOCKS" -> q.setCacheBlocks(Args.bool(v, k));
        default -> {
          // scan-only keys are applied by applyScan
        }
      }
    }
  }

  private static TimeRange timeRange(Value v) {
    if (v instanceof Value.Arr a && a.items().size() == 2) {
      try {
        return new TimeRange(Args.number(a.items().get(0), "TIMERANGE start"),
            Args.number(a.items().get(1), "TIMERANGE end"));
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    throw new UsageException("TIMERANGE must be [minStamp, maxStamp], got " + v.show());
  }

  static Scan scan(Value.Hash h) {
    Args.checkKeys(h, SCAN_KEYS, "scan");
    Scan scan = new Scan();
    applyCommon(scan, h);
    for (Map.Entry<String, Value> e : h.entries().entrySet()) {
      String k = e.getKey();
      Value v = e.getValue();
      switch (k) {
        case "STARTROW" -> scan.withStartRow(Args.bytes(v, k));
        case "STOPROW" -> scan.withStopRow(Args.bytes(v, k));
        case "ROWPREFIXFILTER" -> scan.setRowPrefixFilter(Args.bytes(v, k));
        case "LIMIT" -> scan.setLimit(Args.intValue(v, k));
        case "REVERSED" -> scan.setReversed(Args.bool(v, k));
        case "RAW" -> scan.setRaw(Args.bool(v, k));
        case "CACHE" -> scan.setCaching(Args.intValue(v, k));
        case "BATCH" -> scan.setBatch(Args.intValue(v, k));
        default -> {
          // common keys were applied above
        }
      }
    }
    return scan;
  }
}
