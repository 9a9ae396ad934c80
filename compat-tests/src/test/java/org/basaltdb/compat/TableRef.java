package org.basaltdb.compat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The table operations go to; a replay while shrinking points it at a fresh table. */
final class TableRef {
  private String text;

  void set(String name) {
    this.text = name;
  }

  String text() {
    return text;
  }

  ByteBuffer name() {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
