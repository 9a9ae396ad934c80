package org.basaltdb.mapreduce;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.client.Admin;
import org.basaltdb.client.BufferedMutator;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Put;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.standalone.Standalone;

/** A standalone Basalt in-process on free ports, and job configurations for the local runner. */
public final class TestCluster implements AutoCloseable {
  public final Standalone basalt;
  public final Connection conn;
  private final Path dir;

  private TestCluster(Standalone basalt, Path dir) throws IOException {
    this.basalt = basalt;
    this.dir = dir;
    this.conn = ConnectionFactory.createConnection(clientConf(new Configuration(false)));
  }

  public static TestCluster start(Path dir) throws Exception {
    return start(dir, c -> { });
  }

  /** A server with {@code settings} applied to its configuration. */
  public static TestCluster start(Path dir, java.util.function.Consumer<Configuration> settings)
      throws Exception {
    Configuration conf = Standalone.embeddedConfiguration(dir.resolve("data"));
    settings.accept(conf);
    return new TestCluster(Standalone.start(conf), dir);
  }

  /** {@code conf} with the client keys pointing at this server. */
  public Configuration clientConf(Configuration conf) {
    ClientConfig.HOST.set(conf, "localhost");
    ClientConfig.PORT.set(conf, basalt.thriftPort());
    ClientConfig.ADMIN_PORT.set(conf, basalt.adminPort());
    ClientConfig.RETRY_PAUSE.set(conf, 10L);
    return conf;
  }

  /** A job configuration for Hadoop's local runner, files under the test's directory. */
  public Configuration jobConf() {
    return clientConf(localRunnerConf());
  }

  /** The local runner's settings without the client keys. */
  public Configuration localRunnerConf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", dir.resolve("hadoop").toString());
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    // waitForCompletion looks at the job every 5 s by default; a test need not wait that long
    conf.setInt("mapreduce.client.completion.pollinterval", 50);
    return conf;
  }

  /** "row00000"... */
  public static byte[] row(int i) {
    return Bytes.toBytes(String.format("row%05d", i));
  }

  /** Creates {@code table} with {@code regions} regions of about equal rows out of {@code rows}. */
  public void createTable(TableName table, int regions, int rows, String... families)
      throws IOException {
    List<ColumnFamilyDescriptor> fams = new ArrayList<>();
    for (String f : families) {
      fams.add(ColumnFamilyDescriptor.of(f));
    }
    byte[][] splits = new byte[regions - 1][];
    for (int i = 1; i < regions; i++) {
      splits[i - 1] = row((int) ((long) i * rows / regions));
    }
    try (Admin admin = conn.getAdmin()) {
      admin.createTable(
          TableDescriptor.of(table, fams.toArray(new ColumnFamilyDescriptor[0])), splits);
    }
  }

  /** Rows 0..rows-1, each with {@code family:q0..q(cells-1)} = "v-ROW-Q". */
  public void load(TableName table, int rows, String family, int cells) throws IOException {
    try (BufferedMutator m = conn.getBufferedMutator(table)) {
      for (int i = 0; i < rows; i++) {
        Put p = new Put(row(i));
        for (int q = 0; q < cells; q++) {
          p.addColumn(Bytes.toBytes(family), Bytes.toBytes("q" + q),
              Bytes.toBytes("v-" + i + "-" + q));
        }
        m.mutate(p);
      }
    }
  }

  @Override
  public void close() throws IOException {
    conn.close();
    basalt.close();
  }
}
