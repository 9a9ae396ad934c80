package org.basaltdb.mapreduce.bulkload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineBufferTest {
  private static String line(LineBuffer b, int i) {
    return new String(b.chunk(i), b.offset(i), b.length(i), StandardCharsets.UTF_8);
  }

  /** Adds "ROW\tVALUE" lines, each from the middle of a larger array. */
  private static void add(LineBuffer b, String row, String value) {
    byte[] padded = ("xx" + row + "\t" + value + "yy").getBytes(StandardCharsets.UTF_8);
    int len = padded.length - 4;
    int rowEnd = 2 + row.getBytes(StandardCharsets.UTF_8).length;
    b.add(padded, 2, len, 2, rowEnd, new int[] {2, rowEnd, rowEnd + 1, 2 + len}, 2);
  }

  @Test
  void sortsByRowKeepingTheOrderLinesWereAddedWithinARow() {
    long seed = System.nanoTime();
    System.out.println("LineBufferTest seed " + seed);
    Random rnd = new Random(seed);
    LineBuffer b = new LineBuffer();
    for (int round = 0; round < 3; round++) { // the chunks are reused after clear()
      List<String[]> added = new ArrayList<>();
      int n = 1 + rnd.nextInt(20_000);
      for (int i = 0; i < n; i++) {
        // rows with bytes above 0x7f too: the order is unsigned; rows that share their first
        // eight or sixteen bytes (compared as longs), rows that differ by a trailing zero byte
        String row = (rnd.nextBoolean() ? "" : "a-long-prefix-") + "r"
            + (char) ('a' + rnd.nextInt(30)) + rnd.nextInt(500)
            + (rnd.nextInt(10) == 0 ? "\u00e9" : "") + (rnd.nextInt(10) == 0 ? "\0" : "");
        String value = round + "-" + i + "-" + "v".repeat(rnd.nextInt(300));
        added.add(new String[] {row, value});
        add(b, row, value);
      }
      assertEquals(n, b.size());
      List<String[]> expected = new ArrayList<>(added);
      expected.sort(Comparator.comparing((String[] a) -> a[0].getBytes(StandardCharsets.UTF_8),
          Arrays::compareUnsigned)); // List.sort is stable
      int[] order = b.sortedByRow();
      for (int k = 0; k < n; k++) {
        String[] e = expected.get(k);
        assertEquals(e[0] + "\t" + e[1], line(b, order[k]), "seed " + seed + " position " + k);
        assertArrayEquals(e[0].getBytes(StandardCharsets.UTF_8), b.row(order[k]));
        int[] f = new int[4];
        assertEquals(2, b.fields(order[k], f));
        assertEquals(e[0], new String(b.chunk(order[k]), f[0], f[1] - f[0], StandardCharsets.UTF_8));
        assertEquals(e[1], new String(b.chunk(order[k]), f[2], f[3] - f[2], StandardCharsets.UTF_8));
      }
      b.clear();
      assertEquals(0, b.size());
      assertEquals(0, b.bytes());
    }
  }

  @Test
  void aLineLongerThanAChunkGetsOneOfItsOwn() {
    LineBuffer b = new LineBuffer();
    add(b, "b", "small");
    String big = "x".repeat(LineBuffer.CHUNK + 10);
    add(b, "a", big);
    add(b, "c", "after");
    int[] order = b.sortedByRow();
    assertEquals("a\t" + big, line(b, order[0]));
    assertEquals("b\tsmall", line(b, order[1]));
    assertEquals("c\tafter", line(b, order[2]));
    assertEquals(3L * (LineBuffer.PER_LINE + 2 * LineBuffer.PER_FIELD) + 7 + 2 + big.length() + 7,
        b.bytes());
  }
}
