package org.basaltdb.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Basalt's version, as servers report it and the shell prints it: the build's, from
 * {@code basalt-version.properties}, which Maven fills in from the pom when it builds this
 * module.
 */
public final class Version {
  private Version() {}

  public static final String VERSION = read();

  private static String read() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/basalt-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource only loses the version string
    }
    return p.getProperty("version", "unknown");
  }
}
