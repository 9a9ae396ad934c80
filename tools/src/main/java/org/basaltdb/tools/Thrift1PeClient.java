package org.basaltdb.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransport;
import org.basaltdb.thrift.generated.thrift1.ColumnDescriptor;
import org.basaltdb.thrift.generated.thrift1.Hbase;
import org.basaltdb.thrift.generated.thrift1.Mutation;
import org.basaltdb.thrift.generated.thrift1.TRowResult;
import org.basaltdb.thrift.generated.thrift1.TScan;

/**
 * {@link PeClient} over one connection to HBase's Thrift1 {@code Hbase} service (Basalt's
 * {@code thrift1.port}, or HBase's Thrift1 gateway), making the calls happybase makes: a put is
 * {@code mutateRow}, a get {@code getRowWithColumns}, an increment {@code atomicIncrement}. A
 * scan takes three round trips ({@code scannerOpenWithScan}, {@code scannerGetList},
 * {@code scannerClose}): Thrift1 has no one-call scan like Thrift2's
 * {@code getScannerResults}.
 */
public final class Thrift1PeClient implements PeClient {
  private static final Map<ByteBuffer, ByteBuffer> NO_ATTRIBUTES = Map.of();

  /** Connection settings; {@link #open()} makes one connection per call. */
  public record Factory(String host, int port, boolean framed, boolean compact, int timeoutMs)
      implements PeClient.Factory {
    @Override
    public PeClient open() throws IOException {
      return new Thrift1PeClient(this);
    }

    @Override
    public String describe() {
      return "thrift1 " + host + ":" + port + " " + (compact ? "compact" : "binary")
          + (framed ? " framed" : " unframed");
    }
  }

  private final TTransport transport;
  private final Hbase.Client client;

  Thrift1PeClient(Factory f) throws IOException {
    TProtocol p = ThriftPeClient.connect(f.host(), f.port(), f.framed(), f.compact(),
        f.timeoutMs());
    transport = p.getTransport();
    client = new Hbase.Client(p);
  }

  private static ByteBuffer bb(byte[] b) {
    return ByteBuffer.wrap(b);
  }

  private static ByteBuffer bb(String s) {
    return bb(s.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code family:qualifier}, Thrift1's column name. */
  private static ByteBuffer column(byte[] family, byte[] qualifier) {
    byte[] out = new byte[family.length + 1 + qualifier.length];
    System.arraycopy(family, 0, out, 0, family.length);
    out[family.length] = ':';
    System.arraycopy(qualifier, 0, out, family.length + 1, qualifier.length);
    return bb(out);
  }

  private static IOException io(TException e) {
    return new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  /**
   * Creates the table with one region (Thrift1's createTable takes no split keys) and the family
   * options Thrift2's default descriptor has (one version, block cache on), not Thrift1's
   * defaults, so the two services are measured on the same kind of table.
   */
  @Override
  public boolean createTableIfMissing(String table, byte[] family, List<byte[]> splitKeys)
      throws IOException {
    if (!splitKeys.isEmpty()) {
      throw new IOException("Thrift1's createTable takes no split keys: create " + table
          + " with --presplit through Thrift2 first, or drop --presplit");
    }
    try {
      if (client.getTableNames().contains(bb(table))) {
        return false;
      }
      byte[] name = new byte[family.length + 1];
      System.arraycopy(family, 0, name, 0, family.length);
      name[family.length] = ':';
      client.createTable(bb(table), List.of(new ColumnDescriptor().setName(name)
          .setMaxVersions(1).setBlockCacheEnabled(true)));
      return true;
    } catch (TException e) {
      throw io(e);
    }
  }

  @Override
  public void put(String table, byte[] row, byte[] family, byte[][] qualifiers, byte[][] values)
      throws IOException {
    List<Mutation> ms = new ArrayList<>(qualifiers.length);
    for (int i = 0; i < qualifiers.length; i++) {
      ms.add(new Mutation().setColumn(column(family, qualifiers[i])).setValue(bb(values[i]))
          .setWriteToWAL(true));
    }
    try {
      client.mutateRow(bb(table), bb(row), ms, NO_ATTRIBUTES);
    } catch (TException e) {
      throw io(e);
    }
  }

  @Override
  public int get(String table, byte[] row, byte[] family) throws IOException {
    try {
      List<TRowResult> r = client.getRowWithColumns(bb(table), bb(row), List.of(bb(family)),
          NO_ATTRIBUTES);
      return r.isEmpty() ? 0 : r.get(0).getColumnsSize();
    } catch (TException e) {
      throw io(e);
    }
  }

  @Override
  public int scan(String table, byte[] startRow, byte[] family, int rows) throws IOException {
    try {
      int id = client.scannerOpenWithScan(bb(table), new TScan().setStartRow(startRow)
          .setColumns(List.of(bb(family))).setCaching(rows), NO_ATTRIBUTES);
      try {
        return client.scannerGetList(id, rows).size();
      } finally {
        client.scannerClose(id);
      }
    } catch (TException e) {
      throw io(e);
    }
  }

  @Override
  public long increment(String table, byte[] row, byte[] family, byte[] qualifier, long amount)
      throws IOException {
    try {
      return client.atomicIncrement(bb(table), bb(row), column(family, qualifier), amount);
    } catch (TException e) {
      throw io(e);
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
