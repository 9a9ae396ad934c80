package org.basaltdb.mapreduce.bulkload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SplitLineReader} gives each split the lines Hadoop's {@code LineRecordReader} does. */
class SplitLineReaderTest {
  @TempDir
  Path tmp;

  /**
   * The lines of {@code data}'s split {@code [start, end)}, read once without and once with
   * separators recorded (which must give the same lines, each with exactly its tabs).
   */
  private static List<String> ours(byte[] data, int start, int end, int block) throws IOException {
    List<String> plain = read(data, start, end, block, -1);
    assertEquals(plain, read(data, start, end, block, '\t'));
    return plain;
  }

  private static List<String> read(byte[] data, int start, int end, int block, int sep)
      throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    in.skip(start);
    SplitLineReader r = new SplitLineReader(in, start, end, block, sep);
    List<String> out = new ArrayList<>();
    while (r.next()) {
      String line = new String(r.buffer(), r.offset(), r.length(), StandardCharsets.ISO_8859_1);
      out.add(line);
      if (sep >= 0) {
        List<Integer> want = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
          if (line.charAt(i) == sep) {
            want.add(i);
          }
        }
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < r.separatorCount(); i++) {
          got.add(r.separators()[i]);
        }
        assertEquals(want, got, "separators of '" + line + "'");
      }
    }
    return out;
  }

  private static List<String> hadoops(Path file, int start, int end) throws IOException {
    Configuration conf = new Configuration(false);
    LineRecordReader r = new LineRecordReader();
    r.initialize(new FileSplit(new org.apache.hadoop.fs.Path(file.toUri()), start, end - start,
        null), new TaskAttemptContextImpl(conf, new TaskAttemptID()));
    List<String> out = new ArrayList<>();
    while (r.nextKeyValue()) {
      out.add(new String(r.getCurrentValue().getBytes(), 0, r.getCurrentValue().getLength(),
          StandardCharsets.ISO_8859_1));
    }
    r.close();
    return out;
  }

  @Test
  void givesEachSplitTheLinesLineRecordReaderGivesIt() throws IOException {
    long seed = System.nanoTime();
    System.out.println("SplitLineReaderTest seed " + seed);
    Random rnd = new Random(seed);
    String[] ends = {"\n", "\n", "\n", "\r\n", "\r"};
    for (int round = 0; round < 25; round++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      if (rnd.nextInt(5) == 0) {
        b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // a byte order mark
      }
      int lines = rnd.nextInt(60);
      for (int i = 0; i < lines; i++) {
        int len = rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(rnd.nextBoolean() ? 12 : 90);
        for (int j = 0; j < len; j++) {
          b.write(rnd.nextInt(20) == 0 ? '\t' : 'a' + rnd.nextInt(26));
        }
        if (i < lines - 1 || rnd.nextBoolean()) { // the last line may have no line end
          b.writeBytes(ends[rnd.nextInt(ends.length)].getBytes(StandardCharsets.US_ASCII));
        }
      }
      byte[] data = b.toByteArray();
      Path file = tmp.resolve("f" + round + ".txt");
      Files.write(file, data);
      int block = 1 + rnd.nextInt(40); // small buffers: lines across reads, growing buffers
      List<String> whole = hadoops(file, 0, data.length);
      assertEquals(whole, ours(data, 0, data.length, block), "seed " + seed + " whole file");
      for (int k = 0; k < 10 && data.length > 0; k++) { // two splits at every kind of boundary
        int cut = 1 + rnd.nextInt(data.length); // (no split is empty)
        List<String> both = new ArrayList<>(ours(data, 0, cut, block));
        both.addAll(ours(data, cut, data.length, block));
        assertEquals(hadoops(file, 0, cut), ours(data, 0, cut, block), "seed " + seed);
        assertEquals(hadoops(file, cut, data.length), ours(data, cut, data.length, block),
            "seed " + seed + " cut " + cut);
        assertEquals(whole, both, "seed " + seed + " cut " + cut);
      }
    }
  }

  @Test
  void findsLineEndsAtEveryPositionOfAWord() {
    for (int at = 0; at < 20; at++) {
      byte[] b = "x".repeat(20).getBytes(StandardCharsets.US_ASCII);
      b[at] = '\r';
      assertEquals(at, SplitLineReader.findEnd(b, 0, b.length));
      b[at] = '\n';
      assertEquals(at, SplitLineReader.findEnd(b, 0, b.length));
      assertEquals(-1, SplitLineReader.findEnd(b, at + 1, b.length));
    }
  }
}
