package org.basaltdb.mapreduce.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local filesystem, changing permissions through {@code java.nio} instead of a
 * {@code chmod} process: without Hadoop's native library (which Basalt does not ship),
 * {@link RawLocalFileSystem#setPermission} starts one for every file and directory a job creates
 * with a permission, some 25 for a job on the local runner (its staging directory, split files,
 * {@code job.xml}, each with its checksum file). The tools use it for {@code file:} on the local
 * job runner ({@link ToolSupport#localFileSystem}). A permission java.nio cannot express
 * (the sticky bit), or a filesystem without POSIX permissions, goes to Hadoop's way.
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The raw filesystem under the checksums, where permissions are set. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      try {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission);
      }
    }

    private static Set<PosixFilePermission> posix(FsPermission p) {
      Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
      add(s, p.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
      add(s, p.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE);
      add(s, p.getOtherAction(), PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
      return s;
    }

    private static void add(Set<PosixFilePermission> s, FsAction a, PosixFilePermission r,
        PosixFilePermission w, PosixFilePermission x) {
      if (a.implies(FsAction.READ)) {
        s.add(r);
      }
      if (a.implies(FsAction.WRITE)) {
        s.add(w);
      }
      if (a.implies(FsAction.EXECUTE)) {
        s.add(x);
      }
    }
  }
}
