package org.basaltdb.master;

import java.util.List;
import org.basaltdb.common.ConfigKey;

/** Configuration keys of the master. Listed in docs/configuration.md. */
public final class MasterConfig {
  private MasterConfig() {}

  public static final ConfigKey<Long> BALANCER_PERIOD = ConfigKey.ofMillis("balancer.period",
      300_000, "How often the master evens the number of regions per server (when the "
          + "balancer is switched on).");

  public static final ConfigKey<Long> JANITOR_PERIOD = ConfigKey.ofMillis("master.janitor.period",
      60_000, "How often the master looks for split or merged parents whose files nothing "
          + "references any more, and deletes them.");

  public static final ConfigKey<Long> JANITOR_ORPHAN_GRACE = ConfigKey.ofMillis(
      "master.janitor.orphan.grace", 600_000,
      "How long nothing must have been written under a region directory that meta does not "
          + "name (left by a split or merge a kill interrupted) before the janitor deletes it; "
          + "directories that reference files still name are kept.");

  public static final ConfigKey<Long> WAL_ARCHIVE_TTL = ConfigKey.ofMillis(
      "master.wal.archive.ttl", 600_000,
      "How long an archived WAL file (oldWALs/<server>/, every edit in it flushed) is kept "
          + "before the master deletes it, checked every master.janitor.period; HBase's "
          + "hbase.master.logcleaner.ttl.");

  public static final ConfigKey<Long> WAIT_FOR_SERVERS = ConfigKey.ofMillis(
      "master.wait.for.servers", 120_000,
      "How long a newly active master waits for a first region server before giving up.");

  public static final ConfigKey<Long> SERVER_PROBE_PERIOD = ConfigKey.ofMillis(
      "master.server.probe.period", 250,
      "How often the active master connects to each region server's RPC port; a server whose "
          + "host refuses twice in a row (50 ms apart) is recovered at once instead of when its "
          + "ZooKeeper session expires (0: off, recovery waits for the session). A refusal comes "
          + "from the host's kernel, so a slow or paused server is never taken for dead.");

  public static final ConfigKey<Integer> LOG_SPLIT_SERVERS = ConfigKey.ofInt(
      "master.log.split.servers", 4,
      "How many dead region servers' logs the master splits at once (servers that died "
          + "together, or were found dead when it took charge).");

  public static final ConfigKey<Integer> REGION_OPEN_THREADS = ConfigKey.ofInt(
      "master.region.open.threads", 8,
      "When the master opens many regions (it takes charge, or reopens a dead server's "
          + "regions) it sends each server one batch, and this many servers' batches run at once "
          + "(each server opens its batch server.region.open.threads at once); also how many "
          + "regions it opens at once, one call each, when it retries opens that failed.");

  public static final ConfigKey<Long> STATUS_SERVER_TIMEOUT = ConfigKey.ofMillis(
      "master.status.server.timeout", 2_000,
      "How long the master's status pages wait for the region servers' loads, asked of all at "
          + "once; a server that has not answered by then shows as not answering.");

  public static final ConfigKey<String> MASTER_HOST = ConfigKey.ofString("master.host", "",
      "The host the master advertises to the others (default: this machine's name).");

  public static final ConfigKey<Integer> MASTER_PORT = ConfigKey.ofInt("master.port", 16000,
      "The port of the master's internal RPC service; cluster mode only.");

  public static final List<ConfigKey<?>> ALL = List.of(BALANCER_PERIOD, JANITOR_PERIOD,
      JANITOR_ORPHAN_GRACE, WAL_ARCHIVE_TTL, WAIT_FOR_SERVERS, SERVER_PROBE_PERIOD, LOG_SPLIT_SERVERS, REGION_OPEN_THREADS,
      STATUS_SERVER_TIMEOUT, MASTER_HOST, MASTER_PORT);
}
