package org.basaltdb.tools.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.basaltdb.client.Connection;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Put;

/**
 * Writers that build linked lists (see {@link LinkedList}): each writer keeps {@code width}
 * lists and writes one node of each per batch; every node of batch k references the node of its
 * list in batch k-1. A batch is retried (same ids, same values: an idempotent put) until it is
 * acknowledged, and only then is the next one written, so no node ever references one that was
 * not acknowledged.
 *
 * <p>Thread safety: {@link #run} blocks until every writer is done; {@link #stop} and the
 * counters may be used from any thread meanwhile.
 */
public final class LinkedListGenerator {
  /** What to write: stops at {@code nodes} nodes in all, or after {@code millis}, first reached. */
  public record Options(TableName table, int writers, int width, long nodes, long millis,
      long giveUpMillis) {
    public Options {
      if (writers < 1 || width < 1) {
        throw new IllegalArgumentException("writers and width must be positive");
      }
      if (nodes <= 0 && millis <= 0) {
        throw new IllegalArgumentException("give a number of nodes or a duration");
      }
    }
  }

  /** The outcome: nodes acknowledged, batches retried, batches abandoned unacknowledged. */
  public record Result(long nodes, long retries, long abandoned, long millis) {
    public String line() {
      return String.format("generator: %,d nodes acknowledged in %.1f s (%,.0f nodes/s), "
          + "%,d batch retries, %d batches abandoned unacknowledged", nodes, millis / 1000.0,
          nodes * 1000.0 / Math.max(1, millis), retries, abandoned);
    }
  }

  private final Connection connection;
  private final Options options;
  private final PrintStream log;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong nodes = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private final String clientId;
  private volatile long deadline = Long.MAX_VALUE;

  public LinkedListGenerator(Connection connection, Options options, PrintStream log) {
    this.connection = connection;
    this.options = options;
    this.log = log;
    this.clientId = ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
  }

  /** Creates the table (pre-split into {@code regions}) unless it exists. */
  public static void createTable(Connection c, TableName t, int regions) throws IOException {
    var admin = c.getAdmin();
    if (!admin.tableExists(t)) {
      admin.createTable(org.basaltdb.common.schema.TableDescriptor.of(t,
          org.basaltdb.common.schema.ColumnFamilyDescriptor.of("meta")),
          LinkedList.splitKeys(regions));
    }
  }

  public long nodesWritten() {
    return nodes.get();
  }

  /** Asks the writers to finish the batch in flight (retrying it up to giveUpMillis) and end. */
  public void stop() {
    stop.set(true);
  }

  public Result run() throws InterruptedException {
    long t0 = System.nanoTime();
    deadline = options.millis() > 0 ? t0 + options.millis() * 1_000_000 : Long.MAX_VALUE;
    long perWriter = options.nodes() > 0
        ? (options.nodes() + options.writers() - 1) / options.writers() : Long.MAX_VALUE;
    SecureRandom seeds = new SecureRandom();
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < options.writers(); w++) {
      int id = w;
      long seed = seeds.nextLong();
      Thread t = new Thread(() -> write(id, new SplittableRandom(seed), perWriter),
          "linked-list-writer-" + w);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    return new Result(nodes.get(), retries.get(), abandoned.get(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  private void write(int writer, SplittableRandom random, long quota) {
    int width = options.width();
    byte[] client = Bytes.toBytes(clientId + "-w" + writer);
    long[] prev = null;
    long written = 0;
    try (Table table = connection.getTable(options.table())) {
      while (written < quota && !stop.get() && System.nanoTime() < deadline) {
        int n = (int) Math.min(width, quota - written);
        long[] ids = new long[n];
        List<Put> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          ids[i] = random.nextLong();
          Put p = new Put(LinkedList.key(ids[i]));
          if (prev != null) {
            p.addColumn(LinkedList.FAMILY, LinkedList.PREV, LinkedList.key(prev[i]));
          }
          p.addColumn(LinkedList.FAMILY, LinkedList.CLIENT, client);
          p.addColumn(LinkedList.FAMILY, LinkedList.COUNT, Bytes.toBytes(written + i));
          batch.add(p);
        }
        if (!putUntilAcknowledged(table, batch)) {
          abandoned.incrementAndGet();
          return;
        }
        prev = ids;
        written += n;
        nodes.addAndGet(n);
      }
    } catch (IOException e) {
      log.println("writer " + writer + " could not close its table: " + e);
    }
  }

  /** Retries until acknowledged; gives up giveUpMillis after a stop request or the deadline. */
  private boolean putUntilAcknowledged(Table table, List<Put> batch) {
    long giveUpAt = Long.MAX_VALUE;
    for (int attempt = 0; ; attempt++) {
      try {
        table.put(batch);
        return true;
      } catch (IOException | RuntimeException e) {
        retries.incrementAndGet();
        if (attempt % 10 == 0) {
          log.printf("%s writer retrying a batch (attempt %d): %s%n", Thread.currentThread()
              .getName(), attempt + 1, e.toString().lines().findFirst().orElse(""));
        }
        if ((stop.get() || System.nanoTime() > deadline) && giveUpAt == Long.MAX_VALUE) {
          giveUpAt = System.nanoTime() + options.giveUpMillis() * 1_000_000;
        }
        if (System.nanoTime() > giveUpAt) {
          return false;
        }
        try {
          Thread.sleep(Math.min(2_000, 100L << Math.min(attempt, 4))); // a client's back-off
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }
}
