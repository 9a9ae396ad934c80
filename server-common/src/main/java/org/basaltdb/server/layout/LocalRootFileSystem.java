package org.basaltdb.server.layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The raw local filesystem a local root lives on, setting permissions through Java's own file
 * API. Without Hadoop's native library (Basalt does not ship it), {@link RawLocalFileSystem}
 * forks a {@code chmod} process for every directory it makes and every file it creates: four
 * per region in a standalone restart (its recovered edits' directory and file, its open's two
 * directories), 4,000 processes for 1,000 regions, most of the split's and the opens' time
 * on a busy machine (tens of milliseconds each).
 *
 * <p>A permission Java cannot express (sticky, setuid or setgid bits) still goes to Hadoop's
 * {@code chmod}. Thread safety: as {@link RawLocalFileSystem}.
 */
public final class LocalRootFileSystem extends RawLocalFileSystem {
  private static final PosixFilePermission[] BITS = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ};

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    int mode = permission.toShort();
    if ((mode & ~0777) != 0) {
      super.setPermission(p, permission);
      return;
    }
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(mode));
    } catch (UnsupportedOperationException e) {
      super.setPermission(p, permission); // not a POSIX filesystem
    }
  }

  /** The POSIX permissions of a mode's nine low bits ({@code 0755}: rwxr-xr-x). */
  static Set<PosixFilePermission> posix(int mode) {
    Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        out.add(BITS[bit]);
      }
    }
    return out;
  }
}
