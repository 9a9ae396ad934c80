package org.basaltdb.mapreduce.bulkload;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.common.TableName;

/**
 * {@code bin/basalt completebulkload [-D key=value ...] [--dry-run] [--ignore-unmatched-families]
 * DIR TABLE}: loads the SSTables under {@code DIR/<family>/} into TABLE ({@link BulkLoader}).
 * The servers are found through {@code basalt.client.host}, {@code basalt.client.thrift.port} and
 * {@code basalt.client.admin.port} (from {@code basalt-site.xml} in {@code $BASALT_CONF_DIR}, or -D);
 * Hadoop's generic options come first ({@code org.basaltdb.mapreduce.tools.Tools}).
 */
public final class BulkLoadTool extends Configured implements Tool {
  static final String USAGE = """
      usage: basalt completebulkload [-D key=value ...] [--dry-run] [--ignore-unmatched-families] \
      DIR TABLE
        DIR    a directory of SSTables, one subdirectory per column family (as importtsv
               -Dimporttsv.bulk.output=DIR or SSTableOutputFormat write it)
        TABLE  the table to load into ([namespace:]name)
        --dry-run                     print the plan (file -> region, files to split, bytes per
                                      region) and change nothing
        --ignore-unmatched-families   skip family directories the table does not have
        -D basalt.bulkload.retries.number=N   passes over regions that moved or split (10)""";

  private final PrintStream out;

  public BulkLoadTool(Configuration conf, PrintStream out) {
    super(conf);
    this.out = out;
  }

  @Override
  public int run(String[] args) throws Exception {
    Configuration conf = getConf();
    List<String> pos = new ArrayList<>();
    for (String a : args) {
      switch (a) {
        case "--dry-run" -> BulkLoadConfig.DRY_RUN.set(conf, true);
        case "--ignore-unmatched-families" ->
            BulkLoadConfig.IGNORE_UNMATCHED_FAMILIES.set(conf, true);
        case "-h", "--help" -> {
          out.println(USAGE);
          return 0;
        }
        default -> {
          if (a.startsWith("--")) {
            System.err.println("completebulkload: unknown option " + a);
            System.err.println(USAGE);
            return 2;
          }
          pos.add(a);
        }
      }
    }
    if (pos.size() != 2) {
      System.err.println(USAGE);
      return 2;
    }
    Path dir = new Path(pos.get(0));
    TableName table = TableName.valueOf(pos.get(1));
    try (Connection conn = ConnectionFactory.createConnection(conf)) {
      BulkLoader loader = new BulkLoader(conn, conf, out);
      if (BulkLoadConfig.DRY_RUN.get(conf)) {
        loader.printPlan(dir, table);
      } else {
        loader.load(dir, table);
      }
      return 0;
    } catch (IllegalArgumentException | java.io.IOException e) {
      System.err.println("completebulkload: " + e.getMessage());
      return 1;
    }
  }

  /** For {@code bin/basalt completebulkload}, through {@code org.basaltdb.mapreduce.tools.Tools}. */
  public BulkLoadTool() {
    this(null, System.out);
  }
}
