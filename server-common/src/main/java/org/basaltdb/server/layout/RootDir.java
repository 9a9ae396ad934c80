package org.basaltdb.server.layout;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.basaltdb.server.ServerConfig;

/**
 * The root directory {@code basalt.root.dir} names and the filesystem it lives on. A local root
 * uses the raw local filesystem (the checksummed one cannot hflush or hsync), one that sets
 * permissions without forking a process ({@link LocalRootFileSystem}).
 */
public record RootDir(FileSystem fs, Path path) {

  public static RootDir of(Configuration conf) throws IOException {
    Path root = new Path(ServerConfig.ROOT_DIR.get(conf));
    FileSystem fs = root.getFileSystem(conf);
    if (fs instanceof LocalFileSystem lfs) {
      fs = lfs.getRawFileSystem();
    }
    // Hadoop's own (not one a test configures through fs.file.impl, which is kept).
    if (fs.getClass() == RawLocalFileSystem.class) {
      LocalRootFileSystem local = new LocalRootFileSystem();
      local.initialize(URI.create("file:///"), conf);
      fs = local;
    }
    root = fs.makeQualified(root);
    fs.mkdirs(root);
    return new RootDir(fs, root);
  }
}
