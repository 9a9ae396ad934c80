package org.basaltdb.master;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.basaltdb.common.Await;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.server.ServerLoad;
import org.junit.jupiter.api.Test;

/**
 * The status pages ask every region server for its load at once and wait a bounded time: a
 * paused server (here: a listening socket that accepts connections into its backlog and never
 * answers, as a SIGSTOPped process does) is left out instead of stalling the page, and is asked
 * again only once its call has ended.
 */
class ServerLoadsTest {
  /**
   * Region servers that only report loads (one region, its write count the name's length):
   * "paused" reads a silent socket until the test answers; "down" refuses at once.
   */
  private static final class Servers implements RegionServers {
    final List<String> names;
    final int silentPort;
    final AtomicInteger pausedCalls = new AtomicInteger();
    /** Set when "paused" resumes: from then on it answers at once. */
    volatile boolean resumed;

    Servers(int silentPort, String... names) {
      this.names = List.of(names);
      this.silentPort = silentPort;
    }

    @Override
    public List<String> live() {
      return names;
    }

    @Override
    public ServerLoad load(String server) throws IOException {
      if (server.equals("down")) {
        throw new IOException("connection refused by " + server);
      }
      if (server.equals("paused") && !resumed) {
        pausedCalls.incrementAndGet();
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), silentPort), 10_000);
          s.setSoTimeout(600_000); // far beyond the test: only the server's answer ends it
          InputStream in = s.getInputStream();
          in.read(); // the "answer": the resumed server closes the connection
        }
      }
      return new ServerLoad(1, 2, List.of(new ServerLoad.RegionLoad(server + "-region", 0,
          server.length(), 0, 0, 0, 0, 0)));
    }

    @Override
    public void open(String server, RegionInfo r, TableDescriptor t, long epoch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close(String server, String encodedName, long epoch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Long> online(String server) {
      throw new UnsupportedOperationException();
    }

    @Override
    public byte[] splitPoint(String server, String encodedName) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void compact(String server, String encodedName, boolean major) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MetaStore meta(String server) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void aPausedServerIsLeftOutAndAskedOnceWhileTheOthersAnswer() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Servers rs = new Servers(silent.getLocalPort(), "a", "b", "paused");
      try (ServerLoads loads = new ServerLoads(rs, 200)) {
        List<String> live = rs.live();
        assertEquals(List.of("a", "b", "paused"), live);
        Map<String, ServerLoad> first = loads.loads(live);
        assertEquals(Set.of("a", "b"), first.keySet(), "the paused server is left out");
        assertEquals(1, first.get("b").regions().get(0).writeRequests());

        Map<String, ServerLoad> second = loads.loads(live);
        assertEquals(Set.of("a", "b"), second.keySet());
        assertEquals(1, rs.pausedCalls.get(),
            "a server still silent is not asked again: one thread waits on it, not one a page");

        // The server resumes: it answers the call waiting since the first rendering, and the
        // calls after it.
        rs.resumed = true;
        try (Socket waiting = silent.accept()) {
          waiting.getOutputStream().flush();
        }
        Await.until("the resumed server's load", 60_000, () -> {
          try {
            return loads.loads(live).containsKey("paused");
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        });
      }
    }
  }

  @Test
  void aServerThatRefusesIsLeftOutAtOnce() throws Exception {
    Servers rs = new Servers(-1, "a", "down");
    // A timeout far beyond the test: a refusal must not wait for it.
    try (ServerLoads loads = new ServerLoads(rs, 600_000)) {
      assertEquals(Set.of("a"), loads.loads(rs.live()).keySet());
    }
  }
}
