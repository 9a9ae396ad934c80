package org.basaltdb.shell;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, from the properties Maven filters into the jar. */
public final class Version {
  private Version() {}

  public static String get() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/basalt-shell.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // an unreadable resource only loses the version string
    }
    return p.getProperty("version", "unknown");
  }
}
