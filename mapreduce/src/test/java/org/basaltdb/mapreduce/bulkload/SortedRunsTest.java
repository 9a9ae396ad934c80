package org.basaltdb.mapreduce.bulkload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sorted runs written by mappers and merged by {@link RunMergeReducer}, against a model. */
class SortedRunsTest {
  @TempDir java.nio.file.Path tmp;

  private final TsvParser parser = new TsvParser("HBASE_ROW_KEY,f:a", "\t");

  private void add(LineBuffer b, String line) throws Exception {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    int[] fields = new int[2 * parser.columns()];
    int n = parser.check(bytes, 0, bytes.length, fields);
    int r = parser.rowField();
    b.add(bytes, 0, bytes.length, fields[2 * r], fields[2 * r + 1], fields, n);
  }

  /**
   * Random runs with rows repeated within a run and across runs (and lines of every length
   * around the readers' buffer): the merge gives each row once, with the value of the line read
   * first (earlier run; within a run, the earlier line), in row order, in one file.
   */
  @Test
  void mergedRunsGiveEachRowOnceWithTheFirstLinesValue() throws Exception {
    long seed = System.nanoTime();
    System.out.println("SortedRunsTest seed " + seed);
    Random rnd = new Random(seed);
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    Path dir = new Path(tmp.toUri());
    TreeMap<String, String> model = new TreeMap<>();
    List<SortedRuns.Reader> readers = new ArrayList<>();
    int runs = 1 + rnd.nextInt(6);
    int lines = 0;
    for (int run = 0; run < runs; run++) {
      LineBuffer b = new LineBuffer();
      int n = rnd.nextInt(400);
      for (int i = 0; i < n; i++) {
        String row = String.format("row%04d", rnd.nextInt(300));
        int len = rnd.nextInt(20) == 0 ? (1 << 20) - 30 + rnd.nextInt(60) : rnd.nextInt(50);
        String value = run + "-" + i + "-" + "v".repeat(len);
        add(b, row + "\t" + value);
        model.putIfAbsent(row, value);
        lines++;
      }
      Path p = SortedRuns.runPath(dir, 0, run);
      int[] order = b.sortedByRow();
      int[] scratch = new int[2 * parser.columns()];
      try (SortedRuns.Writer w = new SortedRuns.Writer(fs, p)) {
        for (int k = 0; k < b.size(); k++) {
          w.add(b, order[k], scratch);
        }
      }
      readers.add(new SortedRuns.Reader(fs, p, run));
    }
    Path out = new Path(dir, "out");
    Configuration conf = new Configuration(false);
    SSTableOutputFormat.Writer w = new SSTableOutputFormat.Writer(fs, out, conf);
    long[] merged = new long[1];
    RunMergeReducer.merge(readers, parser, 7, w, n -> merged[0] += n);
    w.close(null);
    for (SortedRuns.Reader r : readers) {
      r.close();
    }
    assertEquals(lines, merged[0], "seed " + seed);
    TreeMap<String, String> got = new TreeMap<>();
    assertEquals(model.isEmpty() ? 0 : 1, w.files().size(), "seed " + seed);
    for (Path f : w.files()) {
      try (SSTableReader rd = SSTableReader.open(fs, f, null);
          CellIterator it = rd.iterator(false)) {
        for (it.seek(Cell.firstOnRow(Bytes.EMPTY)); it.valid(); it.next()) {
          Cell c = it.cell();
          assertEquals(7, c.timestamp());
          String prev = got.put(Bytes.toString(c.row()), Bytes.toString(c.value()));
          assertEquals(null, prev, "row twice, seed " + seed);
        }
      }
    }
    assertEquals(model, got, "seed " + seed);
  }
}
