package org.basaltdb.regionserver.thrift;

import java.io.IOException;
import java.util.List;
import org.apache.thrift.TException;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.thrift.generated.THBaseService;

/**
 * How a region server reaches regions it does not serve: where each region is, and a call to
 * the owner's internal THBaseService, which answers from its own regions only (so a forwarded
 * request is never forwarded again). Standalone mode has none: every region is local.
 */
public interface Forwarder {
  /** A region and the server that holds it ({@code local}: this server). */
  record Owner(RegionInfo region, String serverName, boolean local) {}

  /** One call on the owner's internal THBaseService. */
  interface RemoteCall<T> {
    T call(THBaseService.Client owner) throws TException;
  }

  /** The region holding {@code row} and its server. */
  Owner locate(TableName table, byte[] row) throws IOException;

  /** Every region of the table with its server, in key order; {@code fresh} asks again. */
  List<Owner> regions(TableName table, boolean fresh) throws IOException;

  /** Forgets cached locations of a table (after a region moved). */
  void invalidate(TableName table);

  /**
   * Calls the server {@code serverName}. Errors: an unreachable server is an IOException naming
   * it; exceptions the owner declares (TIOError, TIllegalArgument) pass through.
   */
  <T> T call(String serverName, RemoteCall<T> call) throws IOException, TException;
}
