package org.basaltdb.server.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.basaltdb.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRootFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void modesMapToPosixPermissions() {
    assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"), LocalRootFileSystem.posix(0755));
    assertEquals(PosixFilePermissions.fromString("rw-r-----"), LocalRootFileSystem.posix(0640));
    assertEquals(PosixFilePermissions.fromString("---------"), LocalRootFileSystem.posix(0));
  }

  @Test
  void aLocalRootMakesDirectoriesAndFilesWithTheirPermissions() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set(ServerConfig.ROOT_DIR.name(), dir.toUri().toString());
    RootDir root = RootDir.of(conf);
    FileSystem fs = root.fs();
    assertTrue(fs instanceof LocalRootFileSystem, fs.getClass().getName());
    Path d = new Path(root.path(), "a/b");
    assertTrue(fs.mkdirs(d, new FsPermission((short) 0750)));
    assertEquals("rwxr-x---", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("a/b"))));
    try (FSDataOutputStream out = fs.create(new Path(d, "f"), new FsPermission((short) 0640),
        false, 4096, (short) 1, 1 << 20, null)) {
      out.write(1);
      out.hsync(); // the raw local filesystem's streams can sync
    }
    assertEquals("rw-r-----", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("a/b/f"))));
  }
}
