package org.basaltdb.mapreduce;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A class directory (a build's {@code target/classes}) packed into a temporary jar, so that
 * {@link TableMapReduceUtil#addDependencyJars} can ship classes that were not loaded from a jar.
 * Each directory is packed once per JVM; the jar is deleted when the JVM exits.
 */
final class JarOfDirectory {
  private static final Map<File, File> MADE = new ConcurrentHashMap<>();

  private JarOfDirectory() {}

  static File make(File dir) throws IOException {
    File made = MADE.get(dir);
    if (made != null) {
      return made;
    }
    Path jar = Files.createTempFile("basalt-classes-", ".jar");
    jar.toFile().deleteOnExit();
    Path root = dir.toPath();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out)) {
      for (Path f : files) {
        j.putNextEntry(new JarEntry(root.relativize(f).toString().replace(File.separatorChar,
            '/')));
        Files.copy(f, j);
        j.closeEntry();
      }
    }
    MADE.put(dir, jar.toFile());
    return jar.toFile();
  }
}
