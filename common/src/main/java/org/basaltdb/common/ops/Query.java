package org.basaltdb.common.ops;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Limits;

/**
 * What a {@link Get} and a {@link Scan} share: the columns to read, a time range, how many
 * versions, a filter and whether to cache blocks.
 *
 * <p>Columns: a family mapped to an empty set reads the whole family; a non-empty set reads just
 * those qualifiers; no families at all reads every family. As in HBase's {@code Get} and
 * {@code Scan}, the last call for a family decides: {@link #addFamily} after
 * {@link #addColumn} widens to the whole family, and {@link #addColumn} after
 * {@link #addFamily} narrows it to that column (so Thrift's columns {@code f, f:a} read only
 * {@code f:a}, and {@code f:a, f} all of f).
 */
public abstract class Query<T extends Query<T>> {
  private final NavigableMap<byte[], NavigableSet<byte[]>> families =
      new TreeMap<>(Bytes.COMPARATOR);
  private TimeRange timeRange = TimeRange.ALL;
  private int maxVersions = 1;
  private String filter;
  private boolean cacheBlocks = true;

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  public T addFamily(byte[] family) {
    Limits.checkFamily(family);
    families.put(family, new TreeSet<>(Bytes.COMPARATOR));
    return self();
  }

  public T addColumn(byte[] family, byte[] qualifier) {
    Limits.checkFamily(family);
    // An empty set (the whole family) becomes this one column, as in HBase.
    families.computeIfAbsent(family, f -> new TreeSet<>(Bytes.COMPARATOR)).add(qualifier);
    return self();
  }

  public NavigableMap<byte[], NavigableSet<byte[]>> families() {
    return Collections.unmodifiableNavigableMap(families);
  }

  public T setTimeRange(TimeRange tr) {
    this.timeRange = tr;
    return self();
  }

  public T setTimestamp(long ts) {
    this.timeRange = TimeRange.at(ts);
    return self();
  }

  public TimeRange timeRange() {
    return timeRange;
  }

  public T readVersions(int versions) {
    if (versions < 1) {
      throw new IllegalArgumentException("versions must be at least 1, got " + versions);
    }
    this.maxVersions = versions;
    return self();
  }

  public T readAllVersions() {
    return readVersions(Integer.MAX_VALUE);
  }

  public int maxVersions() {
    return maxVersions;
  }

  /** A filter in HBase's filter language, e.g. {@code "PrefixFilter('a') AND PageFilter(5)"}. */
  public T setFilter(String filterString) {
    this.filter = filterString == null || filterString.isBlank() ? null : filterString;
    return self();
  }

  public String filter() {
    return filter;
  }

  public T setCacheBlocks(boolean cache) {
    this.cacheBlocks = cache;
    return self();
  }

  public boolean cacheBlocks() {
    return cacheBlocks;
  }
}
