/*
 * Basalt's internal services, spoken between the processes of one cluster and never by clients:
 *
 *   RegionServerRpc  on every region server's rpc.port: open and close regions for the master,
 *                    and (multiplexed beside it on the same port as "hbase") THBaseService
 *                    answered from this server's own regions only, never forwarded, which is how
 *                    one region server forwards a client's request to the region's owner.
 *   MasterRpc        on the active master's master.port: what region servers ask of the master
 *                    (multiplexed beside it as "hbase": THBaseService's DDL and catalog methods).
 *
 * Both ports use TMultiplexedProtocol with the service names "rs", "master" and "hbase".
 * Field ids are part of the wire format: never renumber them; add new fields with new ids.
 */
include "hbase.thrift"
include "basalt_admin.thrift"

namespace java org.basaltdb.thrift.generated.cluster

/**
 * Any failure. canRetry: the same call may succeed later (a region moving, a server starting).
 * staleEpoch: the caller's assignment epoch is older than one the server has seen; the caller
 * must not retry with it.
 */
exception TClusterError {
  1: required string message
  2: optional bool canRetry = false
  3: optional bool staleEpoch = false
}

/** A region's identity: its table (namespace:qualifier), key range and id. */
struct TRegion {
  1: required string table
  2: required binary startKey
  3: required binary endKey      // empty: to the end of the table
  4: required i64 regionId
}

/** A region open on a server, with the epoch of the assignment that opened it. */
struct TOpenRegion {
  1: required TRegion region
  2: required i64 epoch
}

/** One region of an openRegions batch: what openRegion takes. */
struct TRegionToOpen {
  1: required TRegion region
  2: required hbase.TTableDescriptor table
  3: required i64 epoch
}

/**
 * How the open of one region of an openRegions batch ended. opened false: error says why, and
 * staleEpoch says the server has seen a higher epoch for the region (as TClusterError's).
 */
struct TOpenOutcome {
  1: required string encodedName
  2: required i64 epoch
  3: required bool opened
  4: optional string error
  5: optional bool staleEpoch = false
}

/**
 * One region's load, as its server measures it: requests since it opened there (reads: gets and
 * rows scanners returned; writes: mutations), their rates over the server's last
 * server.rate.period, and its memstore and store files.
 */
struct TRegionLoad {
  1: required string encodedName
  2: required i64 readRequests
  3: required i64 writeRequests
  4: required double readsPerSecond
  5: required double writesPerSecond
  6: required i64 memstoreBytes
  7: required i32 storeFiles
  8: required i64 storeFileBytes
}

/** A region server's load: its heap and each of its regions'. */
struct TServerLoad {
  1: required i64 heapUsedBytes
  2: required i64 heapMaxBytes
  3: required list<TRegionLoad> regions
}

service RegionServerRpc {
  /**
   * Opens a region (replaying its recovered edits) and starts serving it. epoch: the master's
   * assignment number for this region, strictly above every earlier one; a server that has seen
   * a higher epoch for the region refuses with staleEpoch. Opening a region already open with
   * the same epoch succeeds.
   */
  void openRegion(1: required TRegion region, 2: required hbase.TTableDescriptor table,
      3: required i64 epoch) throws (1: TClusterError e)

  /**
   * Starts opening a batch of regions and returns at once: each is opened as openRegion opens
   * one, several at once on the server's open pool (server.region.open.threads), meta's and
   * system tables' regions first. One failing does not stop the others. openOutcomes says how
   * each ended. A region already being opened here under the same epoch is not opened twice.
   */
  void openRegions(1: required list<TRegionToOpen> regions) throws (1: TClusterError e)

  /**
   * How opens started by openRegions ended: regions maps encoded name to the epoch it was sent
   * with. Waits up to waitMillis until at least one of them has ended, then returns every one
   * that has (each is reported once; a region asked again after that is answered from what is
   * open here). A region with no open under way here under that epoch, and not open here under
   * it or a higher one, is reported failed. An empty list: none ended within waitMillis.
   */
  list<TOpenOutcome> openOutcomes(1: required map<string, i64> regions,
      2: required i32 waitMillis) throws (1: TClusterError e)

  /**
   * Flushes and closes a region; epoch 0 closes whatever assignment is open. A non-zero epoch is
   * remembered as seen, so an open under a lower epoch still queued here is refused.
   */
  void closeRegion(1: required string encodedName, 2: required i64 epoch)
      throws (1: TClusterError e)

  list<TOpenRegion> onlineRegions() throws (1: TClusterError e)

  /** Applies puts and deletes to rows of one open region atomically (meta's multi-row updates). */
  void mutateRegion(1: required string encodedName, 2: required list<hbase.TMutation> mutations)
      throws (1: TClusterError e)

  /** The row at which to split a region in two; empty when it holds too few rows. */
  binary splitPoint(1: required string encodedName) throws (1: TClusterError e)

  /** Flushes a region's memstores now, returning when done. */
  void flushRegion(1: required string encodedName) throws (1: TClusterError e)

  /**
   * Compacts a region now (major: every file into one), returning when done; the master uses it
   * to rewrite a region's references to its parent's files before splitting or merging it.
   */
  void compactRegion(1: required string encodedName, 2: required bool major)
      throws (1: TClusterError e)

  /** Queues a compaction of a region (major: every file into one) and returns at once. */
  void requestCompaction(1: required string encodedName, 2: required bool major)
      throws (1: TClusterError e)

  /** The compactions queued or running on a region's stores. */
  basalt_admin.TCompactionState compactionState(1: required string encodedName)
      throws (1: TClusterError e)

  /**
   * Bulk-loads SSTables into an open region, atomically (see BasaltAdmin.bulkLoad); returns the
   * load's sequence id.
   */
  i64 bulkLoad(1: required string encodedName, 2: required map<binary, list<string>> familyFiles)
      throws (1: TClusterError e)

  /** The server's load now: what the master's status pages show (requests/s, heat maps). */
  TServerLoad serverLoad() throws (1: TClusterError e)

  /** Stops the server (flushing its regions), as SIGTERM does. */
  void stop(1: required string reason) throws (1: TClusterError e)
}

service MasterRpc {
  /** A region server asks for one of its regions to be split at its middle (it grew too big). */
  void requestSplit(1: required string encodedName) throws (1: TClusterError e)

  /** Splits regions of a table, as BasaltAdmin.split. */
  void split(1: required string table, 2: binary splitKey,
      3: string encodedRegion) throws (1: TClusterError e)

  void move(1: required string encodedName, 2: string destServer)
      throws (1: TClusterError e)
  bool balance() throws (1: TClusterError e)
  bool balanceSwitch(1: required bool on) throws (1: TClusterError e)
  void mergeRegions(1: required string encodedA, 2: required string encodedB)
      throws (1: TClusterError e)
  void assign(1: required string encodedName) throws (1: TClusterError e)
  void unassign(1: required string encodedName) throws (1: TClusterError e)
  basalt_admin.TClusterStatus clusterStatus() throws (1: TClusterError e)
  list<string> checkConsistency() throws (1: TClusterError e)
}
