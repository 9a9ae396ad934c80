package org.basaltdb.server.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.CorruptionException;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionInfo;
import org.junit.jupiter.api.Test;

class RegionInfoFileTest {
  private static final RegionInfo EXAMPLE = new RegionInfo(TableName.valueOf("t"), new byte[0],
      Bytes.toBytes("m"), 1);

  /** The worked example of docs/formats/region-info.md, byte for byte. */
  @Test
  void encodesTheDocumentedExample() {
    byte[] e = RegionInfoFile.encode(EXAMPLE);
    byte[] body = {0x42, 0x52, 0x47, 0x49, 0, 0, 0, 1, 0, 7, 'd', 'e', 'f', 'a', 'u', 'l', 't', 0,
        1, 't', 0, 0, 0, 0, 0, 0, 0, 1, 'm', 0, 0, 0, 0, 0, 0, 0, 1};
    assertEquals(body.length + 4, e.length);
    assertArrayEquals(body, Arrays.copyOf(e, body.length));
  }

  @Test
  void roundTripsAndRejectsEveryFlippedByte() throws Exception {
    byte[] e = RegionInfoFile.encode(EXAMPLE);
    assertEquals(EXAMPLE, RegionInfoFile.decode("x", e));
    for (int i = 0; i < e.length; i++) {
      byte[] bad = e.clone();
      bad[i] ^= 0x40;
      CorruptionException c = assertThrows(CorruptionException.class,
          () -> RegionInfoFile.decode("/r/.regioninfo", bad), "flip at " + i);
      assertTrue(c.getMessage().startsWith("/r/.regioninfo at offset "), c.getMessage());
    }
    for (int n = 0; n < e.length; n++) {
      byte[] cut = Arrays.copyOf(e, n);
      assertThrows(CorruptionException.class, () -> RegionInfoFile.decode("x", cut));
    }
    CorruptionException missing = assertThrows(CorruptionException.class,
        () -> RegionInfoFile.decode("meta row r:t,", null));
    assertEquals("meta row r:t, at offset 0: region info is missing", missing.getMessage());
  }
}
