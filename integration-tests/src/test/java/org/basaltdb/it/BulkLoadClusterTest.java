package org.basaltdb.it;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.client.ResultScanner;
import org.basaltdb.client.Table;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Result;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.RegionLocation;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.bulkload.BulkLoader;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.regionserver.sstable.SSTableOptions;
import org.basaltdb.regionserver.sstable.SSTableWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * completebulkload on a cluster of three region servers while regions keep moving between them:
 * the client talks to one server, whose admin service forwards each region's load to the server
 * holding it; a region closing under a load makes that region retry in a later pass. Every row
 * ends up there exactly once.
 */
class BulkLoadClusterTest {
  private static final TableName T = TableName.valueOf("bulkcluster");

  @TempDir
  Path dir;

  TestCluster cluster;

  @BeforeEach
  void start() throws Exception {
    cluster = TestCluster.started(dir, 3);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private Connection connect(RegionServerProcess rs) throws Exception {
    Configuration conf = new Configuration(false);
    org.basaltdb.client.ClientConfig.HOST.set(conf, "127.0.0.1");
    org.basaltdb.client.ClientConfig.PORT.set(conf, rs.thriftPort());
    org.basaltdb.client.ClientConfig.ADMIN_PORT.set(conf, rs.adminPort());
    org.basaltdb.client.ClientConfig.RETRY_PAUSE.set(conf, 20L);
    return ConnectionFactory.createConnection(conf);
  }

  @Test
  void everyRowOnceWhileRegionsMove() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    org.apache.hadoop.fs.Path load = new org.apache.hadoop.fs.Path(dir.resolve("load").toUri());
    // Six regions, twelve files per family, each within one region.
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      rows.add(String.format("%04d", i));
    }
    for (String fam : List.of("f", "g")) {
      for (int part = 0; part < 12; part++) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(load, fam + "/part-" + part);
        try (SSTableWriter w = SSTableWriter.create(fs, p, SSTableOptions.defaults())) {
          for (String r : rows.subList(part * 100, part * 100 + 100)) {
            w.append(Cell.put(toBytes(r), toBytes(fam), toBytes("q"), 7, toBytes(fam + r)));
          }
          w.finish();
        }
      }
    }
    try (Connection c = connect(cluster.servers.get(0)); Table t = c.getTable(T)) {
      byte[][] splits = new byte[5][];
      for (int i = 1; i < 6; i++) {
        splits[i - 1] = toBytes(String.format("%04d", i * 200));
      }
      c.getAdmin().createTable(TableDescriptor.of(T, ColumnFamilyDescriptor.of("f"),
          ColumnFamilyDescriptor.of("g")), splits);

      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger moves = new AtomicInteger();
      AtomicReference<Throwable> moverError = new AtomicReference<>();
      Thread mover = new Thread(() -> {
        try {
          int i = 0;
          while (!stop.get()) {
            List<RegionLocation> ls = c.getAdmin().getRegions(T);
            RegionLocation l = ls.get(i % ls.size());
            String to = cluster.servers.get(i % 3).serverName();
            if (!to.equals(l.server())) {
              cluster.masters.get(0).master().move(l.region().encodedName(), to);
              moves.incrementAndGet();
            }
            i++;
          }
        } catch (Exception e) {
          if (!stop.get()) {
            moverError.set(e);
          }
        }
      });
      mover.start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BulkLoader.Result r;
      try {
        r = new BulkLoader(c, new Configuration(false),
            new PrintStream(out, true, StandardCharsets.UTF_8)).maxPasses(50).load(load, T);
      } finally {
        stop.set(true);
        mover.join(60_000);
      }
      System.out.println("bulk load under moves: " + moves.get() + " moves, " + r.passes()
          + " pass(es)\n" + out.toString(StandardCharsets.UTF_8));
      assertEquals(null, moverError.get());
      assertEquals(24, r.files());

      TreeSet<String> seen = new TreeSet<>();
      int cells = 0;
      try (ResultScanner s = t.getScanner(new Scan().readVersions(10))) {
        for (Result res : s) {
          String row = Bytes.toString(res.row());
          assertTrue(seen.add(row), "row " + row + " twice");
          assertEquals("f" + row, Bytes.toString(res.value(toBytes("f"), toBytes("q"))));
          assertEquals("g" + row, Bytes.toString(res.value(toBytes("g"), toBytes("q"))));
          cells += res.size();
        }
      }
      assertEquals(1200, seen.size());
      assertEquals(2400, cells, "one version per family per row");
      List<String> loaded = new ArrayList<>();
      try (var w = Files.walk(dir.resolve("root"))) {
        w.filter(p -> p.getFileName().toString().contains("_SeqId_"))
            .forEach(p -> loaded.add(p.toString()));
      }
      assertEquals(24, loaded.size(), "each file loaded once: " + loaded);
    }
  }
}
