package org.basaltdb.mapreduce.tools;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;

/** What the tools share. */
final class ToolSupport {
  private static final String FILE_IMPL = "fs.file.impl";

  private ToolSupport() {}

  /**
   * On the local job runner, {@code file:} is {@link NioLocalFileSystem} unless the user chose
   * ({@code fs.file.impl}): the job's files get their permissions without a {@code chmod}
   * process each. On a cluster the job's configuration does not name it, so the tasks' JVMs
   * need nothing of Basalt's to open local files.
   */
  static void localFileSystem(Configuration conf) {
    if (isLocal(conf) && conf.getTrimmed(FILE_IMPL, "").isEmpty()) {
      conf.set(FILE_IMPL, NioLocalFileSystem.class.getName());
    }
  }

  /** Whether jobs of {@code conf} run on the local job runner (Hadoop's default). */
  static boolean isLocal(Configuration conf) {
    return MRConfig.LOCAL_FRAMEWORK_NAME.equals(
        conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME));
  }

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
