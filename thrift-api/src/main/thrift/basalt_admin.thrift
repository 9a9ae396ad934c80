/*
 * BasaltAdmin: Basalt's own administrative service, served by every region server on its
 * admin port (admin.port, default 16020), separate from the HBase-compatible THBaseService.
 * It carries what HBase's Thrift2 protocol has no method for: flushing and compacting tables
 * and regions, and the server's status.
 *
 * Field ids are part of the wire format: never renumber them; add new fields with new ids.
 */
namespace java org.basaltdb.thrift.generated.admin

/** Any failure; the message says what and where. canRetry: trying again later may succeed. */
exception TAdminError {
  1: required string message
  2: optional bool canRetry = false
}

/** One region server's state. */
struct TServerStatus {
  1: required string serverName   // host,port,startcode
  2: required string version
  3: required i64 startTime        // ms since the epoch
  4: required i32 regions
  5: required i64 memstoreBytes
  6: required i32 storeFiles
  7: required i64 storeFileBytes
  8: required i64 blockCacheBytes
  9: required double blockCacheHitRatio
}

/** One open region. */
struct TRegionStatus {
  1: required string encodedName
  2: required string table         // namespace:qualifier
  3: required binary startKey
  4: required binary endKey
  5: required i64 memstoreBytes
  6: required i32 storeFiles
  7: required i64 storeFileBytes
}

/** One region server as the master sees it. */
struct TClusterServer {
  1: required string serverName          // host,port,startcode
  2: required i32 regionCount
  3: required list<string> regions       // encoded names of the regions assigned to it
}

/** The cluster as the active master sees it. */
struct TClusterStatus {
  1: required string clusterId
  2: required string activeMaster
  3: required list<string> backupMasters
  4: required list<TClusterServer> servers   // live region servers
  5: required list<string> deadServers       // servers whose crash was (or is being) handled
  6: required bool balancerOn
  7: required i32 regionsInTransition
}

/** What the compactions of a table's (or a region's) stores are doing: HBase's CompactionState. */
enum TCompactionState {
  NONE = 0,
  MINOR = 1,
  MAJOR = 2,
  MAJOR_AND_MINOR = 3
}

service BasaltAdmin {
  /** Flushes every open region of the table on this server. */
  void flushTable(1: required string table) throws (1: TAdminError e)

  /**
   * Compacts every open region of the table: minor, or major when major is true, returning when
   * done (requestCompaction only queues them).
   */
  void compactTable(1: required string table, 2: required bool major) throws (1: TAdminError e)

  /**
   * Queues a compaction of every region of the table, wherever it is served, and returns at once,
   * as HBase's Admin.compact and majorCompact do; compactionState tells when they are done.
   */
  void requestCompaction(1: required string table, 2: required bool major)
      throws (1: TAdminError e)

  /** The compactions queued or running on the table's regions (HBase's getCompactionState). */
  TCompactionState compactionState(1: required string table) throws (1: TAdminError e)

  /** Flushes one region, named by its encoded name. */
  void flushRegion(1: required string encodedName) throws (1: TAdminError e)

  /** Compacts one region, named by its encoded name. */
  void compactRegion(1: required string encodedName, 2: required bool major)
      throws (1: TAdminError e)

  /**
   * Splits regions of a table (the master does it): the region holding splitKey at that key; or,
   * without a key, the region named encodedRegion (every region of the table when that is unset
   * too) at its middle row.
   */
  void split(1: required string table, 2: optional binary splitKey, 3: optional string encodedRegion)
      throws (1: TAdminError e)

  /**
   * Bulk-loads finished SSTables into one region of a table, atomically: every family's files
   * become visible at one instant, exactly once across crashes (a WAL marker records the load).
   * familyFiles: family → fully qualified paths of SSTables (the flush format). The server moves
   * them (a copy when they are on another filesystem). A region not open here is forwarded to
   * its server; canRetry when it is moving or split, or a file no longer fits it, so the caller
   * re-reads the region boundaries. Returns the load's sequence id.
   */
  i64 bulkLoad(1: required string table, 2: required string encodedName,
      3: required map<binary, list<string>> familyFiles) throws (1: TAdminError e)

  TServerStatus status() throws (1: TAdminError e)

  /** The open regions of a table, or of every table when table is empty. */
  list<TRegionStatus> regions(1: required string table) throws (1: TAdminError e)

  // ---- cluster operations: the server forwards them to the active master ----

  /** Moves a region to the named server, or to any other live server when destServer is unset. */
  void move(1: required string encodedName, 2: string destServer)
      throws (1: TAdminError e)

  /** Runs the balancer now; false when the balancer is switched off. */
  bool balance() throws (1: TAdminError e)

  /** Switches the periodic balancer on or off; returns the previous setting. */
  bool balanceSwitch(1: required bool on) throws (1: TAdminError e)

  /** Merges two adjacent regions of one table into one. */
  void mergeRegions(1: required string encodedA, 2: required string encodedB)
      throws (1: TAdminError e)

  /** Opens a region that is not open (on a server the master picks). */
  void assign(1: required string encodedName) throws (1: TAdminError e)

  /** Closes a region and leaves it closed until assigned again. */
  void unassign(1: required string encodedName) throws (1: TAdminError e)

  TClusterStatus clusterStatus() throws (1: TAdminError e)

  /**
   * The master's consistency check (as HBase's hbck): every key of every table covered by one
   * region, every region open on exactly one live server, no region directory meta does not
   * know. Returns what is wrong; empty when nothing is.
   */
  list<string> checkConsistency() throws (1: TAdminError e)
}
