package org.basaltdb.regionserver.thrift;

import static org.basaltdb.regionserver.thrift.Router.tableBytes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import org.apache.thrift.TException;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.basaltdb.regionserver.server.RegionServer;
import org.basaltdb.server.MasterService;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.basaltdb.server.rpc.RpcClients;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TIllegalArgument;
import org.basaltdb.thrift.generated.TResult;
import org.basaltdb.thrift.generated.TScan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the {@link TableScanner} behind a {@code THBaseService} scan: over this server's regions;
 * over the one region a forwarded scan names ({@link RpcClients#REGION_ATTRIBUTE}); or across
 * the cluster, reading each region here when it is local and otherwise through a scanner its
 * server opens on that region alone. Safe from any thread.
 */
final class TableScanners {
  private static final Logger LOG = LoggerFactory.getLogger(TableScanners.class);
  private static final int REMOTE_SCAN_BATCH = 1000;

  private final RegionServer rs;
  private final MasterService master;
  /** Null when every region is local. */
  private final Forwarder forwarder;
  private final Router router;
  /** How long a scan looks for a region it cannot read ({@code scanner.resume.timeout}). */
  private final TableScanner.Retries retries;

  TableScanners(RegionServer rs, MasterService master, Forwarder forwarder, Router router) {
    this.rs = rs;
    this.master = master;
    this.forwarder = forwarder;
    this.router = router;
    this.retries = new TableScanner.Retries(2,
        RegionServerConfig.SCANNER_RESUME_TIMEOUT.get(rs.conf()), rs.clock());
  }

  /** The scanner for {@code s} over table {@code t}; {@code tscan} is the request as sent. */
  TableScanner open(TableName t, Scan s, TScan tscan) throws IOException {
    String only = regionAttribute(tscan);
    if (only != null) {
      Region r = rs.regionByName(only);
      if (r == null || r.isClosed()) {
        throw new NotServingRegionException("region " + only + " is not open on "
            + rs.serverName());
      }
      return new TableScanner(s, TableScanner.single(TableScanner.Segment.local(r)), true);
    }
    if (forwarder == null) {
      // Every region is here: open regions mean the table exists and is enabled, so the master
      // (meta reads and descriptor decoding) is asked only to explain why none are open.
      if (!rs.regions(t).isEmpty()) {
        return new TableScanner(s, localLocator(t), false, retries);
      }
    }
    if (!master.tableExists(t)) {
      throw new IOException("table " + t + " does not exist");
    }
    if (master.isTableDisabled(t)) {
      throw new IOException("table " + t + " is disabled");
    }
    if (forwarder == null) {
      return new TableScanner(s, localLocator(t), false, retries);
    }
    return new TableScanner(s, clusterLocator(t, tscan), false, retries);
  }

  /**
   * This server's regions of a table as they are when the scan gets to each: one that opens
   * after the scan began (a standalone serves while its regions open after a restart; a split
   * opens daughters) is found then, and one not open yet is looked for again within
   * {@code scanner.resume.timeout}, instead of the scan failing there.
   */
  private TableScanner.Locator localLocator(TableName t) {
    return new TableScanner.Locator() {
      @Override
      public TableScanner.Segment at(byte[] row, boolean fresh) {
        try {
          return TableScanner.Segment.local(rs.region(t, row));
        } catch (NotServingRegionException e) {
          return null;
        }
      }

      @Override
      public TableScanner.Segment before(byte[] key, boolean fresh) {
        for (Region r : rs.regions(t)) {
          if (Bytes.equals(r.info().endKey(), key) && !r.isClosed()) {
            return TableScanner.Segment.local(r);
          }
        }
        return null;
      }
    };
  }

  /** Regions of a table wherever they are served: read here when local, else on the owner. */
  private TableScanner.Locator clusterLocator(TableName t, TScan tscan) {
    return new TableScanner.Locator() {
      @Override
      public TableScanner.Segment at(byte[] row, boolean fresh) throws IOException {
        if (fresh) {
          forwarder.invalidate(t);
        }
        return segmentFor(forwarder.locate(t, row));
      }

      @Override
      public TableScanner.Segment before(byte[] key, boolean fresh) throws IOException {
        List<Forwarder.Owner> all = forwarder.regions(t, fresh);
        for (Forwarder.Owner o : all) {
          if (Bytes.equals(o.region().endKey(), key)) {
            return segmentFor(o);
          }
        }
        return null;
      }

      private TableScanner.Segment segmentFor(Forwarder.Owner o) {
        Region r = rs.regionByName(o.region().encodedName());
        if (r != null && !r.isClosed()) {
          return TableScanner.Segment.local(r);
        }
        return remoteSegment(t, o, tscan);
      }
    };
  }

  private static String regionAttribute(TScan tscan) {
    if (tscan == null || tscan.getAttributes() == null) {
      return null;
    }
    ByteBuffer v = tscan.getAttributes()
        .get(ByteBuffer.wrap(Bytes.toBytes(RpcClients.REGION_ATTRIBUTE)));
    if (v == null) {
      return null;
    }
    byte[] b = new byte[v.remaining()];
    v.duplicate().get(b);
    return Bytes.toString(b);
  }

  /** A region served elsewhere, read through a scanner its server opens on that region alone. */
  private TableScanner.Segment remoteSegment(TableName t, Forwarder.Owner o, TScan tscan) {
    return new TableScanner.Segment() {
      @Override
      public RegionInfo region() {
        return o.region();
      }

      @Override
      public TableScanner.Rows open(Scan scan) throws IOException {
        if (o.serverName() == null || o.local()) {
          throw new NotServingRegionException("region " + o.region().encodedName()
              + " of table " + t + " is not open" + (o.local() ? " here yet" : " anywhere yet"));
        }
        TScan forRegion = tscan.deepCopy();
        if (scan.startRow().length > 0) {
          forRegion.setStartRow(scan.startRow()); // moved on by a resume (then inclusive)
        }
        forRegion.putToAttributes(ByteBuffer.wrap(Bytes.toBytes(RpcClients.REGION_ATTRIBUTE)),
            ByteBuffer.wrap(Bytes.toBytes(o.region().encodedName())));
        forRegion.unsetLimit(); // the table scanner keeps the limit across regions
        try {
          int id = forwarder.call(o.serverName(), c -> c.openScanner(tableBytes(t), forRegion));
          return new RemoteRows(o, id);
        } catch (TIOError e) {
          if (e.isCanRetry()) {
            throw new NotServingRegionException(e.getMessage());
          }
          throw new IOException(e.getMessage(), e);
        } catch (RpcClients.UnreachableException e) {
          throw new NotServingRegionException("region " + o.region().encodedName() + ": "
              + e.getMessage());
        } catch (TException e) {
          throw new IOException("opening a scanner on " + o.serverName() + " failed: "
              + e.getMessage(), e);
        }
      }
    };
  }

  /**
   * Rows of a scanner open on another server, fetched in batches. A fetch that fails because the
   * server cannot be reached, the connection broke, the server asks to be retried (the region
   * closed) or no longer knows the scanner (it restarted, or expired the scanner) fails as not
   * serving, which the {@link TableScanner} resumes: a failed fetch is never repeated, since the
   * server's cursor may have moved.
   */
  private final class RemoteRows implements TableScanner.Rows {
    private final Forwarder.Owner owner;
    private final String server;
    private final int id;
    private final ArrayDeque<Result> buffer = new java.util.ArrayDeque<>();
    private boolean done;

    RemoteRows(Forwarder.Owner owner, int id) {
      this.owner = owner;
      this.server = owner.serverName();
      this.id = id;
    }

    @Override
    public Result next() throws IOException {
      if (buffer.isEmpty() && !done) {
        List<TResult> batch;
        try {
          batch = forwarder.call(server, c -> c.getScannerRows(id, REMOTE_SCAN_BATCH));
        } catch (TIOError e) {
          if (e.isCanRetry()) {
            throw lost(e.getMessage());
          }
          throw new IOException("reading region " + owner.region().encodedName() + " on "
              + server + " failed: " + e.getMessage(), e);
        } catch (TIllegalArgument e) {
          throw lost(e.getMessage());
        } catch (IOException e) {
          throw lost(e.getMessage());
        } catch (TException e) {
          throw new IOException("reading a scanner on " + server + " failed: "
              + e.getMessage(), e);
        }
        if (batch.isEmpty()) {
          done = true;
        }
        buffer.addAll(ThriftModel.resultsFromThrift(batch));
      }
      return buffer.poll();
    }

    /**
     * After a failed fetch: closing would be a call to a server that just failed (a paused one
     * would hold it for the whole RPC timeout); its scanner expires there by itself.
     */
    @Override
    public void abandon() {
      LOG.debug("left scanner {} on {} to expire there", id, server);
    }

    private NotServingRegionException lost(String why) {
      return new NotServingRegionException("region " + owner.region().encodedName() + " on "
          + server + " could not be read: " + why);
    }

    @Override
    public void close() {
      try {
        forwarder.call(server, c -> {
          c.closeScanner(id);
          return null;
        });
      } catch (IOException | TException e) {
        LOG.debug("closing scanner {} on {} failed (it expires there): {}", id, server,
            e.getMessage());
      }
    }
  }
}
