package org.basaltdb.master;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.basaltdb.common.TableName;
import org.basaltdb.thrift.generated.admin.TClusterStatus;
import org.basaltdb.thrift.generated.cluster.MasterRpc;
import org.basaltdb.thrift.generated.cluster.TClusterError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The master's internal service: what region servers and admin tools ask of it. */
final class MasterRpcHandler implements MasterRpc.Iface {
  private static final Logger LOG = LoggerFactory.getLogger(MasterRpcHandler.class);

  private final Master master;

  MasterRpcHandler(Master master) {
    this.master = master;
  }

  private interface Call<T> {
    T run() throws IOException;
  }

  private static <T> T call(String what, Call<T> c) throws TClusterError {
    try {
      return c.run();
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new TClusterError(String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("{} failed unexpectedly", what, e);
      throw new TClusterError(what + " failed: " + e);
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    if (b == null) {
      return null;
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Override
  public void requestSplit(String encodedName) throws TClusterError {
    call("requestSplit", () -> {
      master.requestSplit(encodedName);
      return null;
    });
  }

  @Override
  public void split(String table, ByteBuffer splitKey, String encodedRegion)
      throws TClusterError {
    call("split", () -> {
      master.split(TableName.valueOf(table), bytes(splitKey), encodedRegion);
      return null;
    });
  }

  @Override
  public void move(String encodedName, String destServer) throws TClusterError {
    call("move", () -> {
      master.move(encodedName, destServer == null || destServer.isEmpty() ? null : destServer);
      return null;
    });
  }

  @Override
  public boolean balance() throws TClusterError {
    return call("balance", master::balance);
  }

  @Override
  public boolean balanceSwitch(boolean on) throws TClusterError {
    return call("balanceSwitch", () -> master.balanceSwitch(on));
  }

  @Override
  public void mergeRegions(String encodedA, String encodedB) throws TClusterError {
    call("merge", () -> {
      master.merge(encodedA, encodedB);
      return null;
    });
  }

  @Override
  public void assign(String encodedName) throws TClusterError {
    call("assign", () -> {
      master.assign(encodedName);
      return null;
    });
  }

  @Override
  public void unassign(String encodedName) throws TClusterError {
    call("unassign", () -> {
      master.unassign(encodedName);
      return null;
    });
  }

  @Override
  public java.util.List<String> checkConsistency() throws TClusterError {
    return call("checkConsistency", master::checkConsistency);
  }

  @Override
  public TClusterStatus clusterStatus() throws TClusterError {
    return call("clusterStatus", () -> master.clusterStatus().toThrift());
  }
}
