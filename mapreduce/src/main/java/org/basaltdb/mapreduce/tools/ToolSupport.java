package org.basaltdb.mapreduce.tools;

import org.apache.hadoop.conf.Configuration;

/** What the tools share. */
final class ToolSupport {
  private ToolSupport() {}

  /**
   * On the local job runner, run as many map tasks at once as there are processors, unless the
   * user chose ({@code mapreduce.local.map.tasks.maximum}; Hadoop's default is one at a time).
   */
  static void defaultLocalParallelism(Configuration conf) {
    if (conf.get("mapreduce.local.map.tasks.maximum") == null) {
      conf.setInt("mapreduce.local.map.tasks.maximum",
          Math.max(1, Runtime.getRuntime().availableProcessors()));
    }
  }
}
