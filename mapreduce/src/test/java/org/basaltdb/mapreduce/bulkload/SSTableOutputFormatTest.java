package org.basaltdb.mapreduce.bulkload;

import static org.basaltdb.common.Bytes.toBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellIterator;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.TableDescriptor;
import org.basaltdb.mapreduce.ImmutableBytesWritable;
import org.basaltdb.regionserver.sstable.BloomType;
import org.basaltdb.regionserver.sstable.Compression;
import org.basaltdb.regionserver.sstable.SSTableOptions;
import org.basaltdb.regionserver.sstable.SSTableReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SSTableOutputFormatTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void filesRollOnlyBetweenRowsAndCellsWithoutATimestampGetTheJobs() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration()).getRawFileSystem();
    Configuration conf = new Configuration(false);
    BulkLoadConfig.MAX_FILE_SIZE.set(conf, 2000L);
    BulkLoadConfig.TIMESTAMP.set(conf, 4242L);
    Path dir = new Path(tmp.toUri());
    SSTableOutputFormat.Writer w = new SSTableOutputFormat.Writer(fs, dir, conf);
    byte[] f = toBytes("f");
    for (int r = 0; r < 60; r++) {
      byte[] row = toBytes(String.format("row%03d", r));
      for (int q = 0; q < 12; q++) { // ~12 cells of ~40 bytes: a row is about 500 bytes
        w.write(new ImmutableBytesWritable(row), new CellWritable(Cell.put(row, f,
            toBytes(String.format("q%02d", q)), Cell.LATEST_TIMESTAMP, toBytes("value-" + q))));
      }
    }
    w.close(null);
    List<Path> files = w.files();
    assertTrue(files.size() > 5, "rolled " + files.size() + " times");
    Map<String, Integer> rowFile = new HashMap<>();
    int cells = 0;
    for (int i = 0; i < files.size(); i++) {
      assertEquals("f", files.get(i).getParent().getName(), "files go under <family>/");
      try (SSTableReader rd = SSTableReader.open(fs, files.get(i), null);
          CellIterator it = rd.iterator(false)) {
        it.seek(Cell.firstOnRow(Bytes.EMPTY));
        for (; it.valid(); it.next()) {
          Integer prev = rowFile.putIfAbsent(Bytes.toString(it.cell().row()), i);
          assertTrue(prev == null || prev == i, "row " + Bytes.toString(it.cell().row())
              + " in two files");
          assertEquals(4242L, it.cell().timestamp());
          cells++;
        }
      }
    }
    assertEquals(720, cells);
  }

  @Test
  void familyOptionsComeFromTheSchema() {
    TableDescriptor t = TableDescriptor.of(TableName.valueOf("t"),
        ColumnFamilyDescriptor.builder("a-b").compression("ZSTD").bloomFilter("ROWCOL")
            .blockSize(4096).build(),
        ColumnFamilyDescriptor.of("plain"));
    org.apache.hadoop.mapreduce.Job job;
    try {
      job = org.apache.hadoop.mapreduce.Job.getInstance(new Configuration(false));
      job.setMapOutputValueClass(CellWritable.class);
      SSTableOutputFormat.configureIncrementalLoad(job, t, List.of(
          new org.basaltdb.common.schema.RegionInfo(t.name(), new byte[0], toBytes("m"), 1),
          new org.basaltdb.common.schema.RegionInfo(t.name(), toBytes("m"), new byte[0], 1)));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    Configuration conf = job.getConfiguration();
    SSTableOptions o = SSTableOutputFormat.options(conf, "a-b");
    assertEquals(Compression.ZSTD, o.compression());
    assertEquals(BloomType.ROWCOL, o.bloomType());
    assertEquals(4096, o.blockSize());
    assertEquals(SSTableOptions.defaults().compression(),
        SSTableOutputFormat.options(conf, "plain").compression());
    assertEquals(2, job.getNumReduceTasks());
    assertEquals(SortReducers.CellSortReducer.class.getName(),
        conf.get("mapreduce.job.reduce.class"));
    assertTrue(BulkLoadConfig.TIMESTAMP.get(conf) > 0, "the job's start time is fixed");
    List<String> names = new ArrayList<>();
    names.add(conf.get(RegionPartitioner.START_KEYS));
    assertEquals(List.of(java.util.Base64.getEncoder().encodeToString(toBytes("m"))), names);
  }

  @Test
  void onTheLocalRunnerReducersReadTheirInputFromMemoryUnlessTheUserSaidOtherwise() {
    Configuration local = new Configuration(); // with mapred-default.xml's values, as a job has
    local.addResource("mapred-default.xml");
    local.setInt("mapreduce.local.reduce.tasks.maximum", 2);
    SSTableOutputFormat.keepReduceInputInMemory(local);
    assertEquals(Runtime.getRuntime().maxMemory() / 2,
        local.getLong(SSTableOutputFormat.REDUCE_MEMORY_TOTAL, 0));
    assertEquals(SSTableOutputFormat.REDUCE_INPUT_IN_MEMORY,
        local.getFloat(SSTableOutputFormat.REDUCE_INPUT_BUFFER, 0), 0.0001);
    assertEquals(SSTableOutputFormat.SHUFFLE_MERGE_AT,
        local.getFloat(SSTableOutputFormat.SHUFFLE_MERGE_PERCENT, 0), 0.0001);

    Configuration mine = new Configuration();
    mine.addResource("mapred-default.xml");
    mine.setFloat(SSTableOutputFormat.REDUCE_INPUT_BUFFER, 0.1f);
    SSTableOutputFormat.keepReduceInputInMemory(mine);
    assertEquals(0.1f, mine.getFloat(SSTableOutputFormat.REDUCE_INPUT_BUFFER, 0), 0.0001);

    Configuration yarn = new Configuration();
    yarn.set("mapreduce.framework.name", "yarn");
    SSTableOutputFormat.keepReduceInputInMemory(yarn);
    assertEquals(null, yarn.get(SSTableOutputFormat.REDUCE_MEMORY_TOTAL));
    assertEquals(0f, yarn.getFloat(SSTableOutputFormat.REDUCE_INPUT_BUFFER, 0), 0.0001);
  }
}
