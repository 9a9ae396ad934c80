package org.basaltdb.regionserver.filter;

import org.basaltdb.common.ops.CompareOperator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The filters the filter language names, with HBase's argument lists:
 *
 * <pre>
 * KeyOnlyFilter([lenAsVal])                 FirstKeyOnlyFilter()
 * PrefixFilter('row prefix')                ColumnPrefixFilter('qualifier prefix')
 * MultipleColumnPrefixFilter('p1', ...)     ColumnCountGetFilter(limit)
 * PageFilter(pageSize)                      ColumnPaginationFilter(limit, offset)
 * InclusiveStopFilter('stop row')           TimestampsFilter(ts1, ts2, ...)
 * RowFilter(op, 'comparator')               FamilyFilter(op, 'comparator')
 * QualifierFilter(op, 'comparator')         ValueFilter(op, 'comparator')
 * ColumnRangeFilter('min', minInclusive, 'max', maxInclusive)   ('' = open bound)
 * SingleColumnValueFilter('family', 'qualifier', op, 'comparator'
 *                         [, filterIfMissing, latestVersionOnly])
 * SingleColumnValueExcludeFilter(same arguments)
 * DependentColumnFilter('family', 'qualifier' [, dropDependentColumn [, op, 'comparator']])
 * </pre>
 *
 * Integers are non-negative where a count or timestamp is meant.
 */
final class FilterFactories {
  private static final Map<String, Function<FilterArguments, Filter>> FACTORIES = new TreeMap<>();

  static {
    FACTORIES.put("KeyOnlyFilter", a -> {
      a.expectCount(0, 1);
      return new KeyOnlyFilter(a.size() == 1 && a.bool(0));
    });
    FACTORIES.put("FirstKeyOnlyFilter", a -> {
      a.expectCount(0);
      return new FirstKeyOnlyFilter();
    });
    FACTORIES.put("PrefixFilter", a -> {
      a.expectCount(1);
      return new PrefixFilter(a.bytes(0));
    });
    FACTORIES.put("ColumnPrefixFilter", a -> {
      a.expectCount(1);
      return new ColumnPrefixFilter(a.bytes(0));
    });
    FACTORIES.put("MultipleColumnPrefixFilter", a -> {
      List<byte[]> prefixes = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        prefixes.add(a.bytes(i));
      }
      return new MultipleColumnPrefixFilter(prefixes);
    });
    FACTORIES.put("ColumnCountGetFilter", a -> {
      a.expectCount(1);
      return new ColumnCountGetFilter(a.intValue(0, 0));
    });
    FACTORIES.put("PageFilter", a -> {
      a.expectCount(1);
      return new PageFilter(a.longValue(0, 0));
    });
    FACTORIES.put("ColumnPaginationFilter", a -> {
      a.expectCount(2);
      return new ColumnPaginationFilter(a.intValue(0, 0), a.intValue(1, 0));
    });
    FACTORIES.put("InclusiveStopFilter", a -> {
      a.expectCount(1);
      return new InclusiveStopFilter(a.bytes(0));
    });
    FACTORIES.put("TimestampsFilter", a -> {
      List<Long> ts = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        ts.add(a.longValue(i, 0));
      }
      return new TimestampsFilter(ts);
    });
    FACTORIES.put("RowFilter", a -> {
      a.expectCount(2);
      return new RowFilter(a.operator(0), a.comparator(1, a.operator(0)));
    });
    FACTORIES.put("FamilyFilter", a -> {
      a.expectCount(2);
      return new FamilyFilter(a.operator(0), a.comparator(1, a.operator(0)));
    });
    FACTORIES.put("QualifierFilter", a -> {
      a.expectCount(2);
      return new QualifierFilter(a.operator(0), a.comparator(1, a.operator(0)));
    });
    FACTORIES.put("ValueFilter", a -> {
      a.expectCount(2);
      return new ValueFilter(a.operator(0), a.comparator(1, a.operator(0)));
    });
    FACTORIES.put("ColumnRangeFilter", a -> {
      a.expectCount(4);
      byte[] min = a.bytes(0);
      boolean minInclusive = a.bool(1);
      byte[] max = a.bytes(2);
      return new ColumnRangeFilter(min.length == 0 ? null : min, minInclusive,
          max.length == 0 ? null : max, a.bool(3));
    });
    FACTORIES.put("SingleColumnValueFilter", a -> singleColumnValue(a, false));
    FACTORIES.put("SingleColumnValueExcludeFilter", a -> singleColumnValue(a, true));
    FACTORIES.put("DependentColumnFilter", a -> {
      a.expectCount(2, 3, 5);
      byte[] family = a.bytes(0);
      byte[] qualifier = a.bytes(1);
      if (a.size() == 2) {
        return new DependentColumnFilter(family, qualifier);
      }
      boolean drop = a.bool(2);
      if (a.size() == 3) {
        return new DependentColumnFilter(family, qualifier, drop);
      }
      CompareOperator op = a.operator(3);
      return new DependentColumnFilter(family, qualifier, drop, op, a.comparator(4, op));
    });
  }

  private FilterFactories() {}

  private static Filter singleColumnValue(FilterArguments a, boolean exclude) {
    a.expectCount(4, 6);
    byte[] family = a.bytes(0);
    byte[] qualifier = a.bytes(1);
    CompareOperator op = a.operator(2);
    ByteArrayComparable comparator = a.comparator(3, op);
    boolean ifMissing = a.size() == 6 && a.bool(4);
    boolean latestOnly = a.size() != 6 || a.bool(5);
    return exclude
        ? new SingleColumnValueExcludeFilter(family, qualifier, op, comparator, ifMissing,
            latestOnly)
        : new SingleColumnValueFilter(family, qualifier, op, comparator, ifMissing, latestOnly);
  }

  static boolean isKnown(String name) {
    return FACTORIES.containsKey(name);
  }

  /** Sorted filter names. */
  static List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(FACTORIES.keySet()));
  }

  static Filter create(String name, FilterArguments args) {
    try {
      return FACTORIES.get(name).apply(args);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("filter string position ")) {
        throw e;
      }
      throw args.errorAtName(e.getMessage()); // a constructor's own check
    }
  }
}
