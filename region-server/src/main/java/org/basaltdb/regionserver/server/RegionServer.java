package org.basaltdb.regionserver.server;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Clock;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.regionserver.cache.BlockCache;
import org.basaltdb.regionserver.region.BackgroundServices;
import org.basaltdb.regionserver.region.MemoryBudget;
import org.basaltdb.regionserver.region.Region;
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.basaltdb.regionserver.region.UnflushedCloseException;
import org.basaltdb.regionserver.store.Store;
import org.basaltdb.server.ServerLoad;
import org.basaltdb.server.coordination.SessionLease;
import org.basaltdb.server.layout.RegionLayout;
import org.basaltdb.server.rpc.NotServingRegionException;
import org.basaltdb.server.rpc.StaleEpochException;
import org.basaltdb.wal.FSWal;
import org.basaltdb.wal.split.WalSplitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts regions: one shared WAL, one block cache, one memstore budget, background flushes and
 * compactions, and the map from (table, row) to the region that holds it.
 *
 * <p>Start-up recovers what a previous process left: WAL directories of servers that are no
 * longer running (in standalone mode, every one but ours) are split into per-region
 * recovered edits, which each region replays when it opens. The new WAL starts above every
 * sequence id already persisted.
 *
 * <p>Thread safety: all public methods from any thread.
 */
public final class RegionServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(RegionServer.class);

  private final Configuration conf;
  private final FileSystem fs;
  private final Path root;
  private final String serverName;
  private final Clock clock;
  private final RequestRates rates = new RequestRates();
  private final BlockCache cache;
  private final MemoryBudget budget;
  private final BackgroundServices services;
  private final Map<String, Region> online = new ConcurrentHashMap<>();
  private final Map<TableName, NavigableMap<byte[], Region>> byTable = new ConcurrentHashMap<>();
  private final ScheduledExecutorService chores = Executors.newSingleThreadScheduledExecutor(
      new ThreadFactoryBuilder().setNameFormat("basalt-chores").setDaemon(true).build());
  /** Per region: the highest assignment epoch seen here (kept after close, to refuse stale ones). */
  private final Map<String, Long> epochs = new ConcurrentHashMap<>();
  /** Regions whose split this server has asked for and not yet seen happen. */
  private final java.util.Set<String> splitRequested = ConcurrentHashMap.newKeySet();
  private volatile java.util.function.Consumer<Region> splitRequester = r -> { };
  private volatile FSWal wal;
  private volatile org.basaltdb.wal.WalStats.SyncObserver walSyncObserver = (e, n) -> { };
  private final java.util.concurrent.CountDownLatch started =
      new java.util.concurrent.CountDownLatch(1);
  private volatile boolean stopped;
  /** Null when there is no session to lose (standalone mode: one process, one pause). */
  private volatile SessionLease lease;
  private volatile java.util.function.Consumer<String> abortHandler = reason -> { };
  private final java.util.concurrent.atomic.AtomicBoolean aborting =
      new java.util.concurrent.atomic.AtomicBoolean();
  /** The batches of regions the master sends, opened several at once. */
  private final BatchOpens batchOpens;

  public RegionServer(Configuration conf, FileSystem fs, Path root, String serverName,
      Clock clock) {
    this.conf = conf;
    this.fs = fs;
    this.root = root;
    this.serverName = serverName;
    this.clock = clock;
    long cacheBytes = RegionServerConfig.BLOCK_CACHE_SIZE.get(conf);
    if (cacheBytes <= 0) {
      cacheBytes = (long) (Runtime.getRuntime().maxMemory()
          * RegionServerConfig.BLOCK_CACHE_FRACTION.get(conf));
    }
    this.cache = new BlockCache(cacheBytes);
    long limit = RegionServerConfig.GLOBAL_MEMSTORE_LIMIT.get(conf);
    double lower = RegionServerConfig.GLOBAL_MEMSTORE_LOWER_FRACTION.get(conf);
    this.budget = limit > 0 ? new MemoryBudget(limit, lower)
        : MemoryBudget.ofHeapFraction(RegionServerConfig.GLOBAL_MEMSTORE_FRACTION.get(conf), lower);
    this.services = new BackgroundServices(budget, online::values,
        RegionServerConfig.FLUSH_THREADS.get(conf));
    services.setFailureListener(this::abortForFailedRegion);
    this.batchOpens = new BatchOpens(this, RegionServerConfig.OPEN_THREADS.get(conf));
  }

  /**
   * Starts opening a batch of regions ({@code infos[i]} of {@code tables[i]} under
   * {@code epochs[i]}), {@code server.region.open.threads} at once, meta's and system tables'
   * first, and returns at once; {@link #openOutcomes} says how each ended.
   */
  public void openRegions(List<RegionInfo> infos, List<TableDescriptor> tables,
      List<Long> epochs) throws IOException {
    checkRunning();
    List<BatchOpens.Request> batch = new ArrayList<>();
    for (int i = 0; i < infos.size(); i++) {
      batch.add(new BatchOpens.Request(infos.get(i), tables.get(i), epochs.get(i)));
    }
    batchOpens.submit(batch);
  }

  /** How one open of an {@link #openRegions} batch ended: {@code error} null when it opened. */
  public record OpenOutcome(String encodedName, long epoch, String error, boolean staleEpoch) {}

  /**
   * How the opens {@link #openRegions} started for {@code asked} (encoded name → epoch) ended:
   * waits up to {@code waitMillis} for one to end, then returns every one that has, each once
   * (a region asked again is answered from what is open here).
   */
  public List<OpenOutcome> openOutcomes(Map<String, Long> asked, long waitMillis)
      throws IOException {
    List<OpenOutcome> out = new ArrayList<>();
    try {
      for (BatchOpens.Outcome o : batchOpens.outcomes(asked, waitMillis)) {
        out.add(new OpenOutcome(o.encodedName(), o.epoch(), o.error(), o.staleEpoch()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for region opens");
    }
    return out;
  }

  public String serverName() {
    return serverName;
  }

  public Path rootDir() {
    return root;
  }

  public FileSystem fileSystem() {
    return fs;
  }

  public Configuration conf() {
    return conf;
  }

  /** This server's load now: heap, and each open region's requests, rates and files. */
  public ServerLoad load() {
    List<ServerLoad.RegionLoad> regions = new ArrayList<>();
    for (Region r : onlineRegions()) {
      RequestRates.Rate rate = rates.of(r);
      int files = 0;
      long fileBytes = 0;
      for (Store s : r.stores()) {
        files += s.files().size();
        fileBytes += s.storeFileSize();
      }
      regions.add(new ServerLoad.RegionLoad(r.name(), r.requests().reads(),
          r.requests().writes(), rate.readsPerSecond(), rate.writesPerSecond(), r.memstoreSize(),
          files, fileBytes));
    }
    Runtime jvm = Runtime.getRuntime();
    return new ServerLoad(jvm.totalMemory() - jvm.freeMemory(), jvm.maxMemory(),
        List.copyOf(regions));
  }

  /** Each region's requests per second, sampled every {@code server.rate.period}. */
  public RequestRates requestRates() {
    return rates;
  }

  public Clock clock() {
    return clock;
  }

  public BlockCache blockCache() {
    return cache;
  }

  /**
   * Splits the logs of servers that are not running ({@code isDead} decides; in standalone mode
   * every log directory but this server's), then opens this server's WAL above every persisted
   * sequence id.
   */
  public void start(java.util.function.Predicate<String> isDead) throws IOException {
    Path walRoot = new Path(root, "WALs");
    Path oldWals = new Path(root, "oldWALs");
    fs.mkdirs(walRoot);
    for (FileStatus st : fs.listStatus(walRoot)) {
      String name = st.getPath().getName();
      String owner = name.endsWith(WalSplitter.SPLITTING_SUFFIX)
          ? name.substring(0, name.length() - WalSplitter.SPLITTING_SUFFIX.length()) : name;
      if (st.isDirectory() && !owner.equals(serverName) && isDead.test(owner)) {
        WalSplitter.Result r = new WalSplitter(fs, oldWals,
            (table, region) -> new Path(RegionLayout.tableDir(root, table), region), conf, clock)
            .split(new Path(walRoot, owner));
        LOG.info("split the log of {}: {} edits for {} regions", owner, r.entries(),
            r.recoveredEdits().size());
      }
    }
    long startSeq = PersistedSequenceIds.max(fs, root);
    wal = FSWal.open(fs, new Path(walRoot, serverName), oldWals, serverName, startSeq, conf,
        clock);
    wal.setFlushRequester(this::requestFlushByName);
    wal.stats().setSyncObserver(walSyncObserver);
    started.countDown();
    long period = RegionServerConfig.CHORE_PERIOD.get(conf);
    chores.scheduleWithFixedDelay(this::chore, period, period, TimeUnit.MILLISECONDS);
    long ratePeriod = RegionServerConfig.RATE_PERIOD.get(conf);
    chores.scheduleAtFixedRate(() -> rates.sample(online.values(), clock.currentTimeMillis()),
        0, ratePeriod, TimeUnit.MILLISECONDS);
    LOG.info("region server {} started; WAL starts above sequence id {}", serverName, startSeq);
  }

  private void requestFlushByName(String encodedName) {
    Region r = online.get(encodedName);
    if (r != null) {
      services.requestFlush(r);
    }
  }

  /**
   * What to do when this server must stop at once (its WAL failed for good): the process that
   * hosts it decides (standalone mode exits). Called at most once, after every region was
   * aborted.
   */
  public void setAbortHandler(java.util.function.Consumer<String> handler) {
    this.abortHandler = handler;
  }

  /**
   * Aborts the server if its WAL has failed for good (it could not roll to a new file after a
   * failed sync): no write can be made durable any more, so the server stops serving rather than
   * refuse writes forever. Unflushed edits stay in the WAL files and are recovered by the next
   * start. Returns true if the server aborted.
   */
  public boolean checkHealth() {
    FSWal w = wal;
    IOException failure = w == null ? null : w.failure();
    if (failure == null || !aborting.compareAndSet(false, true)) {
      return false;
    }
    String reason = "the WAL has failed and accepts no writes: " + failure.getMessage();
    LOG.error("region server {} aborts: {}", serverName, reason, failure);
    abort();
    abortHandler.accept(reason);
    return true;
  }

  /**
   * A region closed with edits only in the WAL: the server stops at once, leaving its log whole,
   * so that the master (or the standalone's next start) splits it and the region's next open
   * replays them, as HBase's region server aborts when a close cannot flush. Not while the
   * server is stopping anyway: its log is then not retired, and is split by the next start.
   */
  private void abortForUnflushedClose(String encodedName, UnflushedCloseException e) {
    if (stopped || !aborting.compareAndSet(false, true)) {
      return;
    }
    String reason = "region " + encodedName + " closed without flushing: " + e.getMessage();
    LOG.error("region server {} aborts: {}", serverName, reason, e);
    abort();
    abortHandler.accept(reason);
  }

  /**
   * A region could not write its memstores to a file (or finish a bulk load after its WAL
   * marker): the edits it acknowledged are only in the WAL, and it refuses writes. As HBase's
   * region server aborts on a dropped snapshot, this one aborts, from its chore thread (the
   * failing thread may hold the region's locks), so that its log is split and the region opens
   * again with every edit, elsewhere in a cluster or at the standalone's next start. Left alone,
   * the region would refuse writes until someone moved it and keep every WAL file from being
   * archived. A region being closed is left to its close, which aborts the same way; one still
   * opening (its replay of recovered edits flushes) is left to its open, which fails and which the
   * master retries elsewhere, as HBase's does: aborting for it would let one bad region stop
   * server after server as each tried to open it.
   */
  private void abortForFailedRegion(Region region, IOException cause) {
    if (region.isClosing() || stopped || online.get(region.name()) != region) {
      return;
    }
    try {
      chores.execute(() -> {
        if (stopped || !aborting.compareAndSet(false, true)) {
          return;
        }
        String reason = "region " + region.name() + " failed and refuses writes: "
            + cause.getMessage();
        LOG.error("region server {} aborts: {}", serverName, reason, cause);
        abort();
        abortHandler.accept(reason);
      });
    } catch (RejectedExecutionException e) {
      // stopping or aborting already
    }
  }

  /**
   * Who to ask when a region grows past {@code region.split.size}: the master, which splits it.
   * Asked at most once per region while it stays open here.
   */
  public void setSplitRequester(java.util.function.Consumer<Region> requester) {
    this.splitRequester = requester;
  }

  private void chore() {
    if (checkHealth()) {
      return;
    }
    long splitSize = RegionServerConfig.REGION_SPLIT_SIZE.get(conf);
    for (Region r : online.values()) {
      if (r.isClosed()) {
        continue;
      }
      services.requestCompaction(r);
      if (splitSize > 0 && largestStore(r) > splitSize && !r.info().table().namespace()
          .equals(TableName.SYSTEM_NAMESPACE) && splitRequested.add(r.name())) {
        LOG.info("region {} has a store past {} bytes; asking for a split", r.name(), splitSize);
        try {
          splitRequester.accept(r);
        } catch (RuntimeException e) {
          LOG.warn("asking to split {} failed; will ask again", r, e);
          splitRequested.remove(r.name());
        }
      }
    }
  }

  private static long largestStore(Region r) {
    long max = 0;
    for (var s : r.stores()) {
      max = Math.max(max, s.storeFileSize());
    }
    return max;
  }

  /** Opens a region here (replaying its recovered edits) and starts serving it. */
  public Region openRegion(RegionInfo info, TableDescriptor table) throws IOException {
    return openRegion(info, table, 0);
  }

  /**
   * Opens a region for the assignment numbered {@code epoch} (0: unnumbered, standalone mode).
   * Refuses with {@link StaleEpochException} an epoch below one already seen for the region, so
   * a master that lost its leadership cannot reopen a region another master moved.
   */
  public Region openRegion(RegionInfo info, TableDescriptor table, long epoch)
      throws IOException {
    checkRunning();
    String name = info.encodedName();
    synchronized (lockFor(name)) {
      checkEpoch(name, epoch, "open");
      Region existing = online.get(name);
      if (existing != null) {
        epochs.merge(name, epoch, Math::max);
        return existing;
      }
      long start = clock.nanoTime();
      Region r = Region.open(fs, root, info, table, wal, cache, clock, conf, services);
      LOG.info("opened region {} of {} (epoch {}) in {} ms", name, info.table(), epoch,
          (clock.nanoTime() - start) / 1_000_000);
      epochs.merge(name, epoch, Math::max);
      online.put(name, r);
      byTable.computeIfAbsent(info.table(), t -> new ConcurrentSkipListMap<>(Bytes.COMPARATOR))
          .put(info.startKey(), r);
      return r;
    }
  }

  private final Map<String, Object> openLocks = new ConcurrentHashMap<>();

  private Object lockFor(String encodedName) {
    return openLocks.computeIfAbsent(encodedName, n -> new Object());
  }

  private void checkEpoch(String encodedName, long epoch, String what) throws StaleEpochException {
    Long seen = epochs.get(encodedName);
    if (epoch != 0 && seen != null && epoch < seen) {
      throw new StaleEpochException("refusing to " + what + " region " + encodedName + " on "
          + serverName + " for assignment epoch " + epoch + ": epoch " + seen
          + " was already seen here");
    }
  }

  /** The epoch of the assignment that opened a region here, or 0. */
  public long epochOf(String encodedName) {
    return epochs.getOrDefault(encodedName, 0L);
  }

  /**
   * Closes a region for the assignment numbered {@code epoch} (0: whichever is open). The epoch
   * is remembered as seen, so an open under a lower one, still queued in a batch, is refused: a
   * master that finds a region sent here under an epoch and not open cancels that open so.
   */
  public void closeRegion(String encodedName, long epoch) throws IOException {
    synchronized (lockFor(encodedName)) {
      checkEpoch(encodedName, epoch, "close");
      if (epoch != 0) {
        epochs.merge(encodedName, epoch, Math::max);
      }
      closeRegion(encodedName, false);
    }
  }

  /** Stops serving a region and closes it (flushing unless {@code abort}). */
  public void closeRegion(String encodedName, boolean abort) throws IOException {
    splitRequested.remove(encodedName);
    Region r = online.remove(encodedName);
    if (r == null) {
      return;
    }
    NavigableMap<byte[], Region> m = byTable.get(r.info().table());
    if (m != null) {
      m.remove(r.info().startKey(), r);
    }
    long start = clock.nanoTime();
    if (abort) {
      r.abort();
    } else {
      try {
        r.close();
      } catch (UnflushedCloseException e) {
        abortForUnflushedClose(encodedName, e);
        throw e;
      }
    }
    // With the open's line, what an operator (or a chaos run) needs to tell a slow move apart.
    LOG.info("{} region {} of {} in {} ms", abort ? "aborted" : "closed (flushed)", encodedName,
        r.info().table(), (clock.nanoTime() - start) / 1_000_000);
  }

  /** The region holding {@code row} of {@code table}. */
  public Region region(TableName table, byte[] row) throws NotServingRegionException {
    NavigableMap<byte[], Region> m = byTable.get(table);
    Map.Entry<byte[], Region> e = m == null ? null : m.floorEntry(row);
    if (e == null || !e.getValue().info().containsRow(row) || e.getValue().isClosed()) {
      throw new NotServingRegionException("no region of table " + table + " holding row '"
          + Bytes.toStringBinary(row) + "' is open on " + serverName);
    }
    return e.getValue();
  }

  /** The open regions of a table, in key order. */
  public List<Region> regions(TableName table) {
    NavigableMap<byte[], Region> m = byTable.get(table);
    return m == null ? List.of() : new ArrayList<>(m.values());
  }

  public Region regionByName(String encodedName) {
    return online.get(encodedName);
  }

  /** The open region of that encoded name; a region not open here is a not-serving error. */
  public Region onlineRegion(String encodedName) throws NotServingRegionException {
    Region r = online.get(encodedName);
    if (r == null || r.isClosed()) {
      throw new NotServingRegionException("region " + encodedName + " is not open on "
          + serverName);
    }
    return r;
  }

  public List<Region> onlineRegions() {
    return new ArrayList<>(online.values());
  }

  public FSWal wal() {
    return wal;
  }

  /** The background flusher and compactor, with their queues. */
  public BackgroundServices background() {
    return services;
  }

  /** Told of every WAL sync from now on (and of the WAL {@link #start} opens). */
  public void setWalSyncObserver(org.basaltdb.wal.WalStats.SyncObserver o) {
    this.walSyncObserver = o;
    FSWal w = wal;
    if (w != null) {
      w.stats().setSyncObserver(o);
    }
  }

  /**
   * The lease on this server's ZooKeeper session that {@link #checkLease} consults; a cluster's
   * server sets it before it serves.
   */
  public void setSessionLease(SessionLease l) {
    this.lease = l;
  }

  /**
   * Throws the not-serving error clients re-locate on when this server may not serve now: its
   * last confirmed contact with ZooKeeper is too old for it to be sure that no other server
   * holds its regions ({@link SessionLease}). Request handlers call it before serving a
   * request, and after a read, before its reply.
   */
  public void checkLease() throws NotServingRegionException {
    SessionLease l = lease;
    if (l != null) {
      l.check();
    }
  }

  /** True once the server is stopping or aborted: it must answer nobody any more. */
  public boolean isStopped() {
    return stopped;
  }

  private void checkRunning() throws IOException {
    if (stopped) {
      throw new IOException("region server " + serverName + " is stopping");
    }
    if (wal == null) {
      // A cluster's server is announced before its WAL opens; a master quick to use it waits.
      try {
        if (!started.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("region server " + serverName + " is not started");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted waiting for " + serverName
            + " to start");
      }
    }
  }

  /** Flushes and closes every region, then the WAL. */
  @Override
  public void close() throws IOException {
    if (stopped) {
      return;
    }
    stopped = true;
    chores.shutdownNow();
    batchOpens.shutdown();
    IOException first = null;
    for (String name : new ArrayList<>(online.keySet())) {
      try {
        closeRegion(name, false);
      } catch (IOException e) {
        LOG.error("closing region {} failed; its edits stay in the WAL", name, e);
        first = first == null ? e : first;
      }
    }
    try {
      services.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (wal != null) {
      wal.close();
    }
    if (first != null) {
      throw first;
    }
    retireLog();
    LOG.info("region server {} stopped", serverName);
  }

  /**
   * After a clean close every region is flushed, so no edit in this server's log is needed any
   * more: its files move to the old-logs directory and its directory goes, and nobody needs to
   * split it.
   */
  private void retireLog() {
    Path dir = new Path(new Path(root, "WALs"), serverName);
    Path archive = new Path(new Path(root, "oldWALs"), serverName);
    try {
      if (!fs.exists(dir)) {
        return;
      }
      fs.mkdirs(archive);
      for (FileStatus f : fs.listStatus(dir)) {
        fs.rename(f.getPath(), new Path(archive, f.getPath().getName()));
      }
      fs.delete(dir, true);
    } catch (IOException e) {
      LOG.warn("could not retire the log directory {}; it will be split (harmlessly) by the "
          + "next master or start", dir, e);
    }
  }

  /** Stops at once without flushing, as a crash would (the WAL keeps the edits). */
  public void abort() {
    stopped = true;
    chores.shutdownNow();
    batchOpens.shutdown();
    for (Region r : online.values()) {
      r.abort();
    }
    online.clear();
    byTable.clear();
  }
}
