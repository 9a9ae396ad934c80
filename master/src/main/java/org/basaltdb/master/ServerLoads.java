package org.basaltdb.master;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.basaltdb.server.ServerLoad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the live region servers for their loads all at once, for the status pages: each answer is
 * waited for until one deadline ({@link MasterConfig#STATUS_SERVER_TIMEOUT} after the asking),
 * and a server that has not answered by then (paused, partitioned, overloaded) is left out, so a
 * page shows it as not answering instead of waiting on its socket until the RPC timeout.
 *
 * <p>At most one question is outstanding per server: a server still silent from an earlier
 * rendering is not asked again until that call ends (by the RPC timeout at the latest), and the
 * new rendering waits on the same call. So a paused server holds one thread however often the
 * page is loaded.
 *
 * <p>Thread safety: safe for concurrent use; {@link #loads} may run on several HTTP threads.
 */
final class ServerLoads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerLoads.class);

  private final RegionServers servers;
  private final long timeoutNanos;
  /** Daemon threads, one per outstanding call; idle ones end after a minute. */
  private final ExecutorService callers = Executors.newCachedThreadPool(
      new ThreadFactoryBuilder().setNameFormat("basalt-master-load-poll-%d").setDaemon(true)
          .build());
  /** The call under way to each server, removed as it ends. */
  private final Map<String, CompletableFuture<ServerLoad>> asking = new ConcurrentHashMap<>();

  ServerLoads(RegionServers servers, long timeoutMillis) {
    this.servers = servers;
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, timeoutMillis));
  }

  /** The loads of those of {@code live} that answered in time, by server name, in name order. */
  Map<String, ServerLoad> loads(Collection<String> live) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    Map<String, CompletableFuture<ServerLoad>> calls = new LinkedHashMap<>();
    for (String s : live) {
      calls.put(s, ask(s));
    }
    Map<String, ServerLoad> out = new TreeMap<>();
    for (Map.Entry<String, CompletableFuture<ServerLoad>> e : calls.entrySet()) {
      try {
        out.put(e.getKey(), e.getValue().get(Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS));
      } catch (TimeoutException t) {
        LOG.debug("no load from {} within {} ms", e.getKey(), timeoutNanos / 1_000_000);
      } catch (ExecutionException x) {
        LOG.debug("no load from {}: {}", e.getKey(), x.getCause().getMessage());
      }
    }
    return out;
  }

  /** The call asking {@code server} for its load: the one under way, or a new one. */
  private CompletableFuture<ServerLoad> ask(String server) {
    CompletableFuture<ServerLoad> mine = new CompletableFuture<>();
    CompletableFuture<ServerLoad> earlier = asking.putIfAbsent(server, mine);
    if (earlier != null) {
      return earlier;
    }
    try {
      callers.execute(() -> {
        try {
          mine.complete(servers.load(server));
        } catch (IOException | RuntimeException e) {
          mine.completeExceptionally(e);
        } finally {
          asking.remove(server, mine);
        }
      });
    } catch (RejectedExecutionException e) {
      asking.remove(server, mine);
      mine.completeExceptionally(new IOException("the master is stopping", e));
    }
    return mine;
  }

  /** Stops asking; calls under way end at their RPC timeout on daemon threads. */
  @Override
  public void close() {
    callers.shutdownNow();
  }
}
