/**
 * Basalt's Java client: {@link org.basaltdb.client.Connection}, {@link org.basaltdb.client.Table},
 * {@link org.basaltdb.client.Admin}, {@link org.basaltdb.client.ResultScanner} and
 * {@link org.basaltdb.client.BufferedMutator}, with HBase's names and meanings, over the
 * HBase-compatible Thrift service (and Basalt's admin service for flush, compact, status and the
 * cluster operations the master performs: split, move, balance, merge, assign, unassign).
 * Requests and results are the model types of {@code org.basaltdb.common.ops} and
 * {@code org.basaltdb.common.schema}.
 *
 * <pre>{@code
 * try (Connection conn = ConnectionFactory.createConnection("localhost", 9090);
 *     Table table = conn.getTable(TableName.valueOf("users"))) {
 *   table.put(new Put(Bytes.toBytes("alice")).addColumn(F, Q, Bytes.toBytes("x")));
 *   Result r = table.get(new Get(Bytes.toBytes("alice")));
 *   try (ResultScanner s = table.getScanner(new Scan().setRowPrefixFilter(Bytes.toBytes("a")))) {
 *     for (Result row : s) { ... }
 *   }
 * }
 * }</pre>
 *
 * <p>Inside: {@code ChannelPool} keeps open Thrift connections per server; {@code LocationCache}
 * knows which server holds each region (one {@code getAllRegionLocations} per table, dropped
 * when a region moves); {@code Caller} makes one call and maps the server's errors, and retries
 * transient ones with a doubling pause until the operation timeout. Everything else is a thin
 * conversion through {@code org.basaltdb.thrift.ThriftModel} and {@code ThriftSchema}.
 */
package org.basaltdb.client;
