package org.basaltdb.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's scratch directory under the system's temporary directory, for tests whose child JVMs
 * write their logs into it. After the test (and its {@code @AfterEach}, which stops the children)
 * the data below it (sub-directories: ZooKeeper, HDFS, the root) is deleted if the test passed,
 * while the children's logs and configuration files at its top stay, so a long chaos run can still
 * be read afterwards; a failed test keeps everything and says where. Without this, each run of
 * the chaos and crash tests left up to 6 GB behind.
 */
final class ScratchDir implements AfterEachCallback {
  private final String prefix;
  private File dir;

  ScratchDir(String prefix) {
    this.prefix = prefix;
  }

  /** Creates the directory for this test; {@code suffix} names the test case. */
  File create(String suffix) throws IOException {
    dir = Files.createTempDirectory(prefix + suffix).toFile();
    return dir;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (dir == null) {
      return;
    }
    File made = dir;
    dir = null;
    if (context.getExecutionException().isPresent()) {
      System.out.println("test failed: its data and logs are kept in " + made);
      return;
    }
    try (Stream<Path> top = Files.list(made.toPath())) {
      top.filter(Files::isDirectory).forEach(ScratchDir::deleteTree);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    System.out.println("test passed: its data deleted, the processes' logs kept in " + made);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
