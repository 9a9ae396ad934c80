package org.basaltdb.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.layered.TFramedTransport;
import org.basaltdb.thrift.generated.TColumn;
import org.basaltdb.thrift.generated.TColumnFamilyDescriptor;
import org.basaltdb.thrift.generated.TColumnIncrement;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TIncrement;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TScan;
import org.basaltdb.thrift.generated.TTableDescriptor;
import org.basaltdb.thrift.generated.TTableName;
import org.basaltdb.thrift.transport.Protocols;
import org.basaltdb.thrift.transport.SocketTransport;

/** {@link PeClient} over one {@code THBaseService} connection (Basalt or HBase's Thrift2 server). */
public final class ThriftPeClient implements PeClient {

  /** Connection settings; {@link #open()} makes one connection per call. */
  public record Factory(String host, int port, boolean framed, boolean compact, int timeoutMs)
      implements PeClient.Factory {
    @Override
    public PeClient open() throws IOException {
      return new ThriftPeClient(this);
    }

    @Override
    public String describe() {
      return "thrift " + host + ":" + port + " " + (compact ? "compact" : "binary")
          + (framed ? " framed" : " unframed");
    }
  }

  /**
   * {@code connection}'s clients, scanning as Thrift1 must: {@code openScanner},
   * {@code getScannerRows}, {@code closeScanner} (three round trips), not the one-call
   * {@code getScannerResults}; the same operations as a Thrift1 scan, for comparing the two.
   */
  public record ScannerCalls(Factory connection) implements PeClient.Factory {
    @Override
    public PeClient open() throws IOException {
      return new ThriftPeClient(connection, true);
    }

    @Override
    public String describe() {
      return connection.describe() + " scanner-calls";
    }
  }

  private final TTransport transport;
  private final THBaseService.Client client;
  private final boolean scannerCalls;

  ThriftPeClient(Factory f) throws IOException {
    this(f, false);
  }

  private ThriftPeClient(Factory f, boolean scannerCalls) throws IOException {
    TProtocol p = connect(f.host(), f.port(), f.framed(), f.compact(), f.timeoutMs());
    transport = p.getTransport();
    client = new THBaseService.Client(p);
    this.scannerCalls = scannerCalls;
  }

  /**
   * One open connection with the given transport and protocol. Both pe clients use it, so the
   * Thrift1 and Thrift2 figures measure the services alone.
   */
  static TProtocol connect(String host, int port, boolean framed, boolean compact, int timeoutMs)
      throws IOException {
    try {
      TConfiguration conf = TConfiguration.custom().setMaxMessageSize(256 << 20)
          .setMaxFrameSize(256 << 20).build();
      // One write per request, large reads: the load generator should cost as little CPU as
      // it can, since it shares the machine with the server it measures.
      TTransport socket = SocketTransport.connect(conf, host, port, timeoutMs, timeoutMs);
      TTransport t = framed ? new TFramedTransport(socket, 256 << 20) : socket;
      t.open();
      return compact ? Protocols.compact(t) : Protocols.binary(t);
    } catch (TException e) {
      throw new IOException("cannot connect to " + host + ":" + port + ": " + e, e);
    }
  }

  private static ByteBuffer bb(byte[] b) {
    return ByteBuffer.wrap(b);
  }

  private static ByteBuffer bb(String s) {
    return bb(s.getBytes(StandardCharsets.UTF_8));
  }

  static TTableName tableName(String table) {
    int colon = table.indexOf(':');
    String ns = colon < 0 ? "default" : table.substring(0, colon);
    return new TTableName(bb(table.substring(colon + 1))).setNs(bb(ns));
  }

  private static IOException io(TException e) {
    // Unwraps TIOError's message (its getMessage() is the field, but be explicit for others).
    return new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
  }

  @Override
  public boolean createTableIfMissing(String table, byte[] family, List<byte[]> splitKeys)
      throws IOException {
    try {
      TTableName name = tableName(table);
      if (client.tableExists(name)) {
        return false;
      }
      TTableDescriptor d = new TTableDescriptor(name);
      d.addToColumns(new TColumnFamilyDescriptor(bb(family)));
      List<ByteBuffer> splits = new ArrayList<>();
      for (byte[] k : splitKeys) {
        splits.add(bb(k));
      }
      client.createTable(d, splits);
      return true;
    } catch (TException e) {
      throw io(e);
    }
  }

  @Override
  public void put(String table, byte[] row, byte[] family, byte[][] qualifiers, byte[][] values)
      throws IOException {
    List<TColumnValue> cols = new ArrayList<>(qualifiers.length);
    ByteBuffer fam = bb(family);
    for (int i = 0; i < qualifiers.length; i++) {
      cols.add(new TColumnValue(fam, bb(qualifiers[i]), bb(values[i])));
    }
    try {
      client.put(bb(table), new TPut(bb(row), cols));
    } catch (TException e) {
      throw io(e);
    }
  }

  @Override
  public int get(String table, byte[] row, byte[] family) throws IOException {
    try {
      TResult r = client.get(bb(table), new TGet(bb(row)).setColumns(List.of(new TColumn(
          bb(family)))));
      return r.getColumnValuesSize();
    } catch (TException e) {
      throw io(e);
    }
  }

  @Override
  public int scan(String table, byte[] startRow, byte[] family, int rows) throws IOException {
    try {
      TScan scan = new TScan().setStartRow(bb(startRow)).setColumns(List.of(new TColumn(
          bb(family)))).setCaching(rows);
      if (scannerCalls) {
        int id = client.openScanner(bb(table), scan);
        try {
          return client.getScannerRows(id, rows).size();
        } finally {
          client.closeScanner(id);
        }
      }
      // One round trip: open, fetch, close on the server (HBase's Thrift2 does the same).
      return client.getScannerResults(bb(table), scan, rows).size();
    } catch (TException e) {
      throw io(e);
    }
  }

  @Override
  public long increment(String table, byte[] row, byte[] family, byte[] qualifier, long amount)
      throws IOException {
    try {
      TResult r = client.increment(bb(table), new TIncrement(bb(row), List.of(
          new TColumnIncrement(bb(family), bb(qualifier)).setAmount(amount))));
      if (r.getColumnValuesSize() == 0) {
        throw new IOException("increment returned no cell");
      }
      return ByteBuffer.wrap(r.getColumnValues().get(0).getValue()).getLong();
    } catch (TException e) {
      throw io(e);
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
