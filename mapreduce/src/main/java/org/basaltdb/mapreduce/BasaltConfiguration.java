package org.basaltdb.mapreduce;

import java.io.File;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.basaltdb.client.ClientConfig;
import org.basaltdb.common.ConfigKey;

/**
 * A job's configuration that knows where the Basalt cluster is, as HBase's
 * {@code HBaseConfiguration.create()}: Hadoop's defaults and site files (from the class path,
 * where {@code bin/basalt} puts {@code $HADOOP_CONF_DIR}), then {@code basalt-site.xml} from
 * {@code $BASALT_CONF_DIR} (or the class path). The servers' {@code thrift.port} and
 * {@code admin.port} stand in for the client's {@code basalt.client.thrift.port} and
 * {@code basalt.client.admin.port} when those (and their old names) are not set, so the file
 * that configures a standalone server also points jobs at it.
 */
public final class BasaltConfiguration {
  /** The servers' keys that name the ports the client's keys point at. */
  private static final Map<String, ConfigKey<Integer>> SERVER_TO_CLIENT = Map.of(
      "thrift.port", ClientConfig.PORT,
      "admin.port", ClientConfig.ADMIN_PORT);

  private BasaltConfiguration() {}

  public static Configuration create() {
    Configuration conf = load();
    fillClientKeys(conf);
    return conf;
  }

  /**
   * Hadoop's configuration and basalt-site.xml, without {@link #fillClientKeys}: for callers
   * that add more resources first (the tools' {@code -conf FILE}), since a key set in code
   * would hide the same key in a resource added later.
   */
  public static Configuration load() {
    Configuration conf = new Configuration();
    String dir = System.getenv("BASALT_CONF_DIR");
    File site = dir == null ? null : new File(dir, "basalt-site.xml");
    if (site != null && site.isFile()) {
      conf.addResource(new Path(site.getAbsolutePath()));
    } else {
      conf.addResource("basalt-site.xml"); // from the class path, if there is one
    }
    return conf;
  }

  /** Sets the client's port keys from the servers' where only those are set. */
  public static void fillClientKeys(Configuration conf) {
    SERVER_TO_CLIENT.forEach((server, client) -> {
      if (!client.isSet(conf) && conf.get(server) != null) {
        conf.set(client.name(), conf.get(server));
      }
    });
  }
}
