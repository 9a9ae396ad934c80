package org.basaltdb.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of one server, which a test can cut: from then on it passes
 * no byte either way, yet keeps every connection open and accepts new ones, as a network that
 * silently drops packets does. A client behind it learns nothing from the server, not even that
 * the connection is broken, until its own timeouts say so.
 */
final class CuttableProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  CuttableProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "proxy-accept-" + port());
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Stops passing bytes, for good. */
  void cut() {
    cut = true;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket in = listener.accept();
        sockets.add(in);
        if (cut) {
          pump(in, null);
          continue;
        }
        Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        sockets.add(out);
        pump(in, out);
        pump(out, in);
      } catch (IOException e) {
        // closed, or the target refused: that connection is dropped
      }
    }
  }

  /** Copies {@code from} to {@code to} until cut, then reads and drops; null: drops all. */
  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream()) {
        OutputStream out = to == null ? null : to.getOutputStream();
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (!cut && out != null) {
            out.write(buf, 0, n);
            out.flush();
          }
        }
      } catch (IOException e) {
        // closed
      }
      if (!cut && to != null) {
        try {
          to.close(); // one side went away: so does the other, as without the proxy
        } catch (IOException e) {
          // already closed
        }
      }
    }, "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
