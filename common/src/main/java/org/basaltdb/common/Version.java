package org.basaltdb.common;

/** Basalt's version, as servers report it. */
public final class Version {
  private Version() {}

  public static final String VERSION = "0.1.0-SNAPSHOT";
}
