package org.basaltdb.master;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.basaltdb.server.ClusterStatus;
import org.basaltdb.server.info.InfoServer;

/**
 * The active master's meters on its info server: from {@link Master#clusterStatus()} once per
 * scrape, live and dead region servers, regions per server, regions in transition and the age
 * of the oldest; counted as they happen, balancer runs and moves, splits, merges and the time
 * each dead server's recovery took.
 */
public final class MasterInfo {
  private MasterInfo() {}

  /** Adds {@code master}'s meters to {@code info}. */
  public static void register(InfoServer info, Master master) {
    info.addStatusSection(() -> MasterPage.section(master));
    info.addPage("/table", query -> MasterPage.table(master, query));
    MeterRegistry r = info.registry();
    AtomicReference<ClusterStatus> status = new AtomicReference<>(
        new ClusterStatus("", "", List.of(), Map.of(), List.of(), false, 0));
    MultiGauge perServer = MultiGauge.builder("basalt.master.server.regions")
        .description("Regions assigned to each live region server").register(r);
    info.beforeScrape(() -> {
      ClusterStatus s;
      try {
        s = master.clusterStatus();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("reading the cluster status", e);
      }
      status.set(s);
      perServer.register(s.servers().entrySet().stream().map(e -> MultiGauge.Row.of(
          Tags.of("server", e.getKey()), e.getValue().size())).toList(), true);
    });
    FunctionCounter.builder("basalt.master.balancer.runs", master, Master::balancerRuns)
        .description("Balancer runs completed").register(r);
    FunctionCounter.builder("basalt.master.balancer.moves", master, Master::balancerMoves)
        .description("Regions the balancer moved").register(r);
    FunctionCounter.builder("basalt.master.splits", master, Master::splitsDone)
        .description("Region splits completed").register(r);
    FunctionCounter.builder("basalt.master.merges", master, Master::mergesDone)
        .description("Region merges completed").register(r);
    Timer recoveries = Timer.builder("basalt.master.recovery")
        .description("Dead region servers recovered (logs split, regions reopened), from"
            + " ZooKeeper reporting the loss to the last region reopened")
        .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300),
            Duration.ofSeconds(600))
        .register(r);
    master.setRecoveryObserver(nanos -> recoveries.record(nanos, TimeUnit.NANOSECONDS));
    Gauge.builder("basalt.master.servers.live", status, s -> s.get().servers().size())
        .description("Region servers alive in ZooKeeper").register(r);
    Gauge.builder("basalt.master.servers.dead", status, s -> s.get().deadServers().size())
        .description("Region servers dead and not yet recovered").register(r);
    Gauge.builder("basalt.master.regions.in.transition", status,
        s -> s.get().regionsInTransition())
        .description("Regions opening, closing, splitting or merging now").register(r);
    Gauge.builder("basalt.master.regions.in.transition.oldest.age", master,
        m -> m.regionsInTransitionAges().values().stream().mapToLong(Long::longValue).max()
            .orElse(0) / 1000.0).baseUnit("seconds")
        .description("How long the oldest region in transition has been in it (0: none)")
        .register(r);
    Gauge.builder("basalt.master.regions", status,
        s -> s.get().servers().values().stream().mapToInt(List::size).sum())
        .description("Regions assigned to live servers").register(r);
  }
}
