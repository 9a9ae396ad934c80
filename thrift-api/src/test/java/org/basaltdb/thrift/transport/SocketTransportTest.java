package org.basaltdb.thrift.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransportException;
import org.basaltdb.thrift.generated.TColumnValue;
import org.basaltdb.thrift.generated.TResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SocketTransport} and {@link Protocols} over a real loopback TCP connection. */
class SocketTransportTest {
  private ServerSocket listener;
  private SocketTransport client;
  private SocketTransport server;

  @BeforeEach
  void connect() throws Exception {
    listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    // Read timeouts only keep a broken test from hanging: long enough that a loaded machine
    // stalling the writer thread for seconds does not fail a read.
    client = SocketTransport.connect(new TConfiguration(), "127.0.0.1", listener.getLocalPort(),
        60_000, 60_000);
    Socket accepted = listener.accept();
    accepted.setSoTimeout(60_000);
    server = new SocketTransport(new TConfiguration(), accepted);
  }

  @AfterEach
  void close() throws Exception {
    client.close();
    server.close();
    listener.close();
  }

  private static TResult result(Random random, int cells, int valueSize) {
    List<TColumnValue> cols = new ArrayList<>();
    for (int i = 0; i < cells; i++) {
      byte[] value = new byte[valueSize];
      random.nextBytes(value);
      cols.add(new TColumnValue(ByteBuffer.wrap(new byte[] {'f'}),
          ByteBuffer.wrap(("q" + i).getBytes()), ByteBuffer.wrap(value)).setTimestamp(i));
    }
    return new TResult(cols).setRow(("row-" + cells).getBytes());
  }

  @Test
  void binaryFieldsOutliveTheNextRead() throws Exception {
    Random random = new Random(7);
    TResult first = result(random, 10, 100);
    TResult second = result(random, 10, 100);
    TProtocol out = Protocols.binary(client);
    first.write(out);
    second.write(out);
    client.flush(); // both messages arrive in one read of the server's buffer

    TProtocol in = Protocols.binary(server);
    TResult readFirst = new TResult();
    readFirst.read(in);
    List<byte[]> valuesBefore = new ArrayList<>();
    for (TColumnValue c : readFirst.getColumnValues()) {
      valuesBefore.add(c.getValue().clone());
    }
    // The next message overwrites the read buffer in place; the first one's values must not move.
    TResult readSecond = new TResult();
    readSecond.read(in);
    result(random, 10, 100).write(out);
    client.flush();
    new TResult().read(in);

    assertEquals(first, readFirst);
    assertEquals(second, readSecond);
    for (int i = 0; i < valuesBefore.size(); i++) {
      assertArrayEquals(valuesBefore.get(i), readFirst.getColumnValues().get(i).getValue());
    }
  }

  @Test
  void messagesLargerThanEveryBufferRoundTrip() throws Exception {
    // 3,000 cells of 1 KiB: bigger than the read buffer and than the write array.
    TResult big = result(new Random(11), 3000, 1024);
    TResult small = result(new Random(12), 2, 10);
    AtomicInteger capacityAfterBig = new AtomicInteger();
    Thread writer = new Thread(() -> {
      try {
        TProtocol out = Protocols.compact(client);
        big.write(out);
        client.flush();
        capacityAfterBig.set(client.writeCapacity());
        small.write(out);
        client.flush();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    writer.start();
    TProtocol in = Protocols.compact(server);
    TResult readBig = new TResult();
    readBig.read(in);
    TResult readSmall = new TResult();
    readSmall.read(in);
    writer.join();
    assertEquals(big, readBig);
    assertEquals(small, readSmall);
    assertEquals(SocketTransport.WRITE_BUFFER, capacityAfterBig.get(),
        "a large message went out in pieces; the write array stayed at its bound");
  }

  @Test
  void peerClosingIsEndOfFile() throws Exception {
    client.close();
    TTransportException e = assertThrows(TTransportException.class,
        () -> server.readAll(new byte[4], 0, 4));
    assertEquals(TTransportException.END_OF_FILE, e.getType());
  }

  @Test
  void connectingToAClosedPortSaysWhere() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    TTransportException e = assertThrows(TTransportException.class,
        () -> SocketTransport.connect(new TConfiguration(), "127.0.0.1", port, 2000, 2000));
    assertEquals(TTransportException.NOT_OPEN, e.getType());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("127.0.0.1:" + port),
        e.getMessage());
  }
}
