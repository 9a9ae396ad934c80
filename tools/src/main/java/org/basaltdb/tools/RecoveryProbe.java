package org.basaltdb.tools;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.thrift.generated.TColumnFamilyDescriptor;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.TGet;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TPut;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TTableDescriptor;
import org.basaltdb.thrift.generated.TTableName;

/**
 * The client side of {@code bin/bench-recovery}, over Thrift2 alone:
 *
 * <pre>
 *   load HOST:PORT TABLE REGIONS       a table of REGIONS regions (split keys r0001..), one row
 *                                      in each (r0000, r0001, ...)
 *   wait HOST:PORT TABLE REGIONS T0    polls until every one of those rows reads back, then
 *                                      prints the seconds since T0 (epoch seconds, fractional)
 * </pre>
 *
 * <p>{@code wait} keeps trying a refused connection (the server is starting) and a failed get
 * (its region is not open yet), each row until it reads back once; it gives up after 10 min.
 */
public final class RecoveryProbe {
  private static final long GIVE_UP_NANOS = TimeUnit.MINUTES.toNanos(10);

  private RecoveryProbe() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4 || !(args[0].equals("load") || args[0].equals("wait"))
        || (args[0].equals("wait") && args.length < 5)) {
      System.err.println("usage: RecoveryProbe load HOST:PORT TABLE REGIONS\n"
          + "       RecoveryProbe wait HOST:PORT TABLE REGIONS T0_EPOCH_SECONDS");
      System.exit(2);
    }
    String[] hp = args[1].split(":");
    String host = hp[0];
    int port = Integer.parseInt(hp[1]);
    ByteBuffer table = bytes(args[2]);
    int regions = Integer.parseInt(args[3]);
    if (args[0].equals("load")) {
      load(host, port, table, regions);
    } else {
      double t0 = Double.parseDouble(args[4]);
      waitForAll(host, port, table, regions);
      double now = System.currentTimeMillis() / 1000.0;
      System.out.printf("all %d rows readable %.2f s after T0%n", regions, now - t0);
    }
  }

  static String row(int i) {
    return String.format("r%04d", i);
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void load(String host, int port, ByteBuffer table, int regions)
      throws TException {
    try (TSocket s = new TSocket(host, port)) {
      s.open();
      THBaseService.Client c = new THBaseService.Client(new TBinaryProtocol(s));
      List<ByteBuffer> splits = new ArrayList<>();
      for (int i = 1; i < regions; i++) {
        splits.add(bytes(row(i)));
      }
      c.createTable(new TTableDescriptor(new TTableName(table)).setColumns(List.of(
          new TColumnFamilyDescriptor(bytes("f")))), splits);
      for (int i = 0; i < regions; i++) {
        c.put(table, new TPut(bytes(row(i)), List.of(new TColumnValue(bytes("f"), bytes("q"),
            bytes("v" + i)))));
      }
    }
  }

  private static void waitForAll(String host, int port, ByteBuffer table, int regions)
      throws Exception {
    Set<Integer> missing = new LinkedHashSet<>();
    for (int i = 0; i < regions; i++) {
      missing.add(i);
    }
    long start = System.nanoTime();
    while (!missing.isEmpty()) {
      if (System.nanoTime() - start > GIVE_UP_NANOS) {
        throw new IllegalStateException(missing.size() + " rows still unreadable, e.g. "
            + row(missing.iterator().next()));
      }
      try (TSocket s = new TSocket(host, port)) {
        s.open();
        THBaseService.Client c = new THBaseService.Client(new TBinaryProtocol(s));
        for (var it = missing.iterator(); it.hasNext(); ) {
          int i = it.next();
          TResult r;
          try {
            r = c.get(table, new TGet(bytes(row(i))));
          } catch (org.basaltdb.thrift.generated.TIOError e) {
            continue; // its region is not open yet: try the others, then again
          }
          if (r.getColumnValuesSize() != 1) {
            throw new IllegalStateException("row " + row(i) + " is lost");
          }
          it.remove();
        }
      } catch (TTransportException e) {
        // not listening yet, or the connection broke: connect again
      }
      if (!missing.isEmpty()) {
        Thread.sleep(20); // polling: the server says nothing when a region opens
      }
    }
  }
}
