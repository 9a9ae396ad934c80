package org.basaltdb.mapreduce.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools' local filesystem sets the permissions Hadoop's would, without a process. */
class NioLocalFileSystemTest {
  @TempDir
  Path dir;

  @Test
  void setsPermissionsOfFilesAndDirectories() throws Exception {
    Configuration conf = new Configuration();
    ToolSupport.localFileSystem(conf);
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf)) {
      assertInstanceOf(NioLocalFileSystem.class, fs);
      org.apache.hadoop.fs.Path staging = new org.apache.hadoop.fs.Path(dir.toUri().toString(),
          "staging");
      FileSystem.mkdirs(fs, staging, new FsPermission((short) 0700));
      assertEquals("rwx------", perms(dir.resolve("staging")));
      try (FSDataOutputStream out = FileSystem.create(fs, new org.apache.hadoop.fs.Path(staging,
          "job.xml"), new FsPermission((short) 0644))) {
        out.writeUTF("<configuration/>");
      }
      assertEquals("rw-r--r--", perms(dir.resolve("staging/job.xml")));
      fs.setPermission(staging, new FsPermission((short) 0751));
      assertEquals("rwxr-x--x", perms(dir.resolve("staging")));
      fs.setPermission(staging, new FsPermission((short) 01777)); // sticky: Hadoop's chmod
      assertEquals("rwxrwxrwx", perms(dir.resolve("staging")));
    }
  }

  @Test
  void notOnACluster() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "yarn");
    ToolSupport.localFileSystem(conf);
    assertEquals("", conf.getTrimmed("fs.file.impl", ""));
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
