package org.basaltdb.server.rpc;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.thrift.TException;
import org.basaltdb.server.coordination.Coordination;
import org.basaltdb.server.coordination.ServerEndpoints;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TIllegalArgument;
import org.basaltdb.thrift.generated.cluster.TClusterError;

/**
 * Calls to a live region server's RPC port by server name, its endpoint read from ZooKeeper.
 * Errors become Basalt's: a server that is gone or cannot be reached, or a region not open
 * there, is a {@link NotServingRegionException} (callers retry); a superseded epoch is a
 * {@link StaleEpochException}; anything else an IOException naming the server and the call.

 */
public final class ServerCalls {
  private final Coordination coordination;
  private final RpcClients clients;

  /** Where each server called was, so its calls can be cut off once it is gone. */
  private final Map<String, ServerEndpoints> called = new ConcurrentHashMap<>();

  public ServerCalls(Coordination coordination, RpcClients clients) {
    this.coordination = coordination;
    this.clients = clients;
  }

  /**
   * {@code server} is gone (its session ended): calls waiting for its answer fail now rather
   * than at the RPC timeout, so nothing waits a minute on a paused server's socket.
   */
  public void cutOff(String server) {
    ServerEndpoints e = called.remove(server);
    if (e != null) {
      clients.cutOff(e.host(), e.rpcPort());
    }
  }

  /** Calls the server named {@code server}; {@code what} names the call in errors. */
  public <T> T call(String server, String what, RpcClients.Call<T> call) throws IOException {
    ServerEndpoints e = coordination.liveRegionServer(server);
    if (e == null) {
      throw new NotServingRegionException("cannot " + what + ": region server " + server
          + " is not live");
    }
    called.putIfAbsent(server, e);
    try {
      return clients.call(e.host(), e.rpcPort(), call);
    } catch (RpcClients.UnreachableException err) {
      throw new NotServingRegionException("cannot " + what + ": " + err.getMessage());
    } catch (TClusterError err) {
      if (err.isStaleEpoch()) {
        throw new StaleEpochException(err.getMessage());
      }
      if (err.isCanRetry()) {
        throw new NotServingRegionException(err.getMessage());
      }
      throw new IOException(err.getMessage(), err);
    } catch (TIOError err) {
      if (err.isCanRetry()) {
        throw new NotServingRegionException(what + " on " + server + ": " + err.getMessage());
      }
      throw new IOException(what + " on " + server + ": " + err.getMessage(), err);
    } catch (TIllegalArgument err) {
      throw new IOException(what + " on " + server + ": " + err.getMessage(), err);
    } catch (TException err) {
      throw new IOException("cannot " + what + " on " + server + ": " + err, err);
    }
  }

  /** Flushes a region open on {@code server}. */
  public void flush(String server, String encodedName) throws IOException {
    call(server, "flush " + encodedName, ch -> {
      ch.regionServer().flushRegion(encodedName);
      return null;
    });
  }

  /** Bulk-loads SSTables into a region open on {@code server}; returns the load's sequence id. */
  public long bulkLoad(String server, String encodedName,
      java.util.Map<java.nio.ByteBuffer, java.util.List<String>> files) throws IOException {
    return call(server, "bulk load into " + encodedName,
        ch -> ch.regionServer().bulkLoad(encodedName, files));
  }

  /** Queues a compaction of a region open on {@code server} and returns at once. */
  public void requestCompaction(String server, String encodedName, boolean major)
      throws IOException {
    call(server, "request a compaction of " + encodedName, ch -> {
      ch.regionServer().requestCompaction(encodedName, major);
      return null;
    });
  }

  /** The compactions queued or running on a region open on {@code server}. */
  public org.basaltdb.thrift.generated.admin.TCompactionState compactionState(String server,
      String encodedName) throws IOException {
    return call(server, "compaction state of " + encodedName,
        ch -> ch.regionServer().compactionState(encodedName));
  }

  /** Compacts a region open on {@code server} (major: into one file), returning when done. */
  public void compact(String server, String encodedName, boolean major) throws IOException {
    call(server, "compact " + encodedName, ch -> {
      ch.regionServer().compactRegion(encodedName, major);
      return null;
    });
  }
}
