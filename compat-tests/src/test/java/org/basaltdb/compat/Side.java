package org.basaltdb.compat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.hbase.thrift.generated.Hbase;
import org.apache.hadoop.hbase.thrift.generated.IOError;
import org.apache.hadoop.hbase.thrift.generated.IllegalArgument;
import org.apache.hadoop.hbase.thrift2.generated.TColumnValue;
import org.apache.hadoop.hbase.thrift2.generated.THBaseService;
import org.apache.hadoop.hbase.thrift2.generated.TIOError;
import org.apache.hadoop.hbase.thrift2.generated.TIllegalArgument;
import org.apache.hadoop.hbase.thrift2.generated.TResult;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/**
 * One of the two systems under comparison, as a THBaseService client, a Thrift1 {@code Hbase}
 * client, and the two admin actions the test runs itself (flush and major compaction). Answers
 * are normalized so that equal behaviour prints equal text.
 */
abstract class Side implements AutoCloseable {
  /** Timestamps at or past this are the server's clock ("now"), which differs between sides. */
  static final long SERVER_TIME = 1_000_000_000_000L;

  final String name;
  private final int port;
  private final int thrift1Port;
  private TSocket socket;
  private TSocket socket1;
  THBaseService.Client client;
  Hbase.Client thrift1;

  Side(String name, int port, int thrift1Port) throws TTransportException {
    this.name = name;
    this.port = port;
    this.thrift1Port = thrift1Port;
    connect();
  }

  /** Both connections, fresh: after a lost one the other may be mid-call too. */
  private void connect() throws TTransportException {
    socket = new TSocket("127.0.0.1", port, 120_000);
    socket.open();
    client = new THBaseService.Client(new TBinaryProtocol(socket));
    socket1 = new TSocket("127.0.0.1", thrift1Port, 120_000);
    socket1.open();
    thrift1 = new Hbase.Client(new TBinaryProtocol(socket1));
  }

  abstract void flush(String table) throws Exception;

  abstract void compact(String table) throws Exception;

  /** What an operation answered: the compared text, and the error's message (not compared). */
  record Answer(String text, String detail) {
    @Override
    public String toString() {
      return detail == null ? text : text + " (" + detail + ")";
    }
  }

  interface Call {
    String run(Side s) throws Exception;
  }

  Answer run(Call c) throws Exception {
    try {
      return new Answer(c.run(this), null);
    } catch (TIOError e) {
      return new Answer("ERROR", "TIOError: " + e.getMessage());
    } catch (TIllegalArgument e) {
      return new Answer("ERROR", "TIllegalArgument: " + e.getMessage());
    } catch (TApplicationException e) {
      return new Answer("ERROR", "TApplicationException: " + e.getMessage());
    } catch (IOError e) { // Thrift1's
      return new Answer("ERROR", "IOError: " + e.getMessage());
    } catch (IllegalArgument e) { // Thrift1's
      return new Answer("ERROR", "IllegalArgument: " + e.getMessage());
    } catch (TTransportException e) {
      socket.close();
      socket1.close();
      connect();
      return new Answer("ERROR", "connection lost: " + e.getMessage());
    } catch (TException e) {
      return new Answer("ERROR", e.toString());
    }
  }

  static String show(List<TResult> rs) {
    List<String> out = new ArrayList<>();
    for (TResult r : rs) {
      out.add(show(r));
    }
    return out.toString();
  }

  static String show(TResult r) {
    if (r.getColumnValues() == null || r.getColumnValues().isEmpty()) {
      return "(empty)";
    }
    StringBuilder b = new StringBuilder(r.isSetRow() ? str(r.getRow()) : "?").append('{');
    boolean first = true;
    for (TColumnValue cv : r.getColumnValues()) {
      if (!first) {
        b.append(' ');
      }
      first = false;
      long ts = cv.getTimestamp();
      b.append(str(cv.getFamily())).append(':').append(str(cv.getQualifier())).append('@')
          .append(ts >= SERVER_TIME ? "now" : Long.toString(ts)).append('=')
          .append(value(cv.getValue()));
    }
    return b.append('}').toString();
  }

  static String value(byte[] v) {
    if (v.length == 8 && (v[0] == 0 || v[0] == -1)) { // a counter
      return "#" + ByteBuffer.wrap(v).getLong();
    }
    return str(v);
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    socket.close();
    socket1.close();
  }
}
