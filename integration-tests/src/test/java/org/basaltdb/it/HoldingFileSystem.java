package org.basaltdb.it;

import java.io.File;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local filesystem, except that while the file {@value #HOLD_KEY} names exists, a store's
 * commit (a rename out of a region's {@code .tmp/<open>/} directory into a family directory)
 * waits until that file is deleted. A child region server configured with it
 * ({@code fs.file.impl}) can thus be caught between writing a flush or compaction and making it
 * visible, the moment a pause makes a zombie dangerous. It prints {@code holding the commit of
 * <file>} when it starts to wait and {@code commit of <file> renamed} or {@code ... refused:
 * <why>} after, for the test to wait on.
 *
 * <p>Likewise, while the file {@value #HOLD_OPENS_KEY} names exists, a region open waits where
 * it reads the region's {@code .regioninfo} (its first step), printing {@code holding the open
 * of <region>}, then {@code open of <region> released}.
 */
public final class HoldingFileSystem extends RawLocalFileSystem {
  /** The configuration key naming the hold file. */
  static final String HOLD_KEY = "test.hold.commits.file";
  /** The configuration key naming the file that holds region opens. */
  static final String HOLD_OPENS_KEY = "test.hold.opens.file";
  /** How often a held commit looks whether the hold file is gone. */
  private static final long POLL_MILLIS = 10;

  @Override
  public org.apache.hadoop.fs.FSDataInputStream open(Path f, int bufferSize) throws IOException {
    String hold = getConf() == null ? null : getConf().get(HOLD_OPENS_KEY);
    if (hold == null || !f.getName().equals(".regioninfo") || !new File(hold).exists()) {
      return super.open(f, bufferSize);
    }
    String region = f.getParent().getName();
    System.out.println("holding the open of " + region);
    waitWhileExists(hold);
    System.out.println("open of " + region + " released");
    return super.open(f, bufferSize);
  }

  private static void waitWhileExists(String hold) throws IOException {
    while (new File(hold).exists()) {
      try {
        Thread.sleep(POLL_MILLIS); // the test deletes the hold file; nothing else tells us
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted holding a file operation");
      }
    }
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    Path parent = src.getParent();
    boolean commit = parent != null && parent.getParent() != null
        && parent.getParent().getName().equals(".tmp");
    String hold = getConf() == null ? null : getConf().get(HOLD_KEY);
    if (!commit || hold == null || !new File(hold).exists()) {
      return super.rename(src, dst);
    }
    System.out.println("holding the commit of " + src.getName());
    waitWhileExists(hold);
    try {
      boolean moved = super.rename(src, dst);
      System.out.println("commit of " + src.getName() + (moved ? " renamed" : " refused: false"));
      return moved;
    } catch (IOException | RuntimeException e) {
      System.out.println("commit of " + src.getName() + " refused: " + e);
      throw e;
    }
  }
}
