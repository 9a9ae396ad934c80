package org.basaltdb.client;

/**
 * What a scanner has cost so far ({@link ResultScanner#getScanMetrics}): calls to servers
 * (opens, fetches and closes), scanners reopened after a lost one, rows and cells received and
 * the bytes of those cells (row, family, qualifier and value). Immutable: a snapshot.
 */
public record ScanMetrics(long rpcCalls, long reopens, long rows, long cells, long cellBytes) {
  public static final ScanMetrics NONE = new ScanMetrics(0, 0, 0, 0, 0);
}
