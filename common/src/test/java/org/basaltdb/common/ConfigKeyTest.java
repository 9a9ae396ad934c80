package org.basaltdb.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {
  static final ConfigKey<Long> SIZE = ConfigKey.ofBytes("x.size", 64, "a size");
  static final ConfigKey<Long> WAIT = ConfigKey.ofMillis("x.wait", 1000, "a duration");
  static final ConfigKey<Integer> COUNT = ConfigKey.ofInt("x.count", 3, "a count");

  @Test
  void defaultsSuffixesAndDurations() {
    Configuration c = new Configuration(false);
    assertEquals(64L, SIZE.get(c));
    c.set("x.size", "128m");
    assertEquals(128L << 20, SIZE.get(c));
    assertEquals(1000L, WAIT.get(c));
    c.set("x.wait", "500ms");
    assertEquals(500L, WAIT.get(c));
    c.set("x.wait", "60s");
    assertEquals(60_000L, WAIT.get(c));
    c.set("x.wait", "2h");
    assertEquals(7_200_000L, WAIT.get(c));
    c.set("x.wait", "250");
    assertEquals(250L, WAIT.get(c));
  }

  @Test
  void malformedValuesNameTheKey() {
    Configuration c = new Configuration(false);
    c.set("x.wait", "soon");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WAIT.get(c));
    assertTrue(e.getMessage().contains("x.wait") && e.getMessage().contains("soon"));
    c.set("x.count", "three");
    e = assertThrows(IllegalArgumentException.class, () -> COUNT.get(c));
    assertTrue(e.getMessage().contains("x.count"), e.getMessage());
  }

  @Test
  void aRenamedKeyStillReadsItsOldNamesAndTheNewNameWins() {
    ConfigKey<Long> renamed = ConfigKey.ofMillis("x.new.wait", 1000, "a duration")
        .withDeprecatedNames("x.old.wait", "x.older.wait");
    Configuration c = new Configuration(false);
    assertEquals(1000L, renamed.get(c));
    assertEquals(false, renamed.isSet(c));
    c.set("x.older.wait", "3s");
    assertEquals(3000L, renamed.get(c), "the oldest name still works");
    c.set("x.old.wait", "2s");
    assertEquals(2000L, renamed.get(c), "old names are read in the order given");
    c.set("x.new.wait", "1s");
    assertEquals(1000L, renamed.get(c), "the new name wins");
    assertTrue(renamed.isSet(c));
    c.unset("x.new.wait");
    c.set("x.old.wait", "soon");
    var e = assertThrows(IllegalArgumentException.class, () -> renamed.get(c));
    assertTrue(e.getMessage().contains("x.old.wait"), "the error names the key as set: "
        + e.getMessage());
  }
}
