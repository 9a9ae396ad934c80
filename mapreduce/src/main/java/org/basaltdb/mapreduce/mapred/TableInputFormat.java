package org.basaltdb.mapreduce.mapred;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.JobConfigurable;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.basaltdb.mapreduce.ImmutableBytesWritable;
import org.basaltdb.mapreduce.MapReduceConfig;
import org.basaltdb.mapreduce.ResultWritable;
import org.basaltdb.mapreduce.TableSplit;

/**
 * {@link org.basaltdb.mapreduce.TableInputFormat} for the old {@code org.apache.hadoop.mapred}
 * API (Hive's storage handlers use it). The table is {@code hbase.mapreduce.inputtable}, or, as
 * in HBase's {@code mapred.TableInputFormat}, the name of the job's first input path; the columns
 * may also come from HBase's {@code hbase.mapred.tablecolumns} (space-separated
 * {@code FAMILY[:QUALIFIER]}). Splits and reading are the new API's; values are
 * {@link ResultWritable}s, since this API fills its value objects in place.
 */
public class TableInputFormat implements InputFormat<ImmutableBytesWritable, ResultWritable>,
    JobConfigurable {
  /** HBase's key for the columns in the old API. */
  public static final String COLUMN_LIST = MapReduceConfig.MAPRED_COLUMNS.name();

  private final org.basaltdb.mapreduce.TableInputFormat delegate =
      new org.basaltdb.mapreduce.TableInputFormat();

  @Override
  public void configure(JobConf job) {
    if (MapReduceConfig.inputTable(job) == null) {
      Path[] paths = FileInputFormat.getInputPaths(job);
      if (paths.length > 0) {
        job.set(MapReduceConfig.INPUT_TABLE.name(), paths[0].getName());
      }
    }
    String columns = job.get(COLUMN_LIST);
    if (columns != null && job.get(MapReduceConfig.SCAN_COLUMNS.name()) == null
        && job.get(MapReduceConfig.SCAN.name()) == null) {
      job.set(MapReduceConfig.SCAN_COLUMNS.name(), columns);
    }
    delegate.setConf(job);
  }

  @Override
  public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
    configure(job);
    List<org.apache.hadoop.mapreduce.InputSplit> splits =
        delegate.getSplits(new JobContextImpl(job, null));
    InputSplit[] out = new InputSplit[splits.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (TableSplit) splits.get(i);
    }
    return out;
  }

  @Override
  public RecordReader<ImmutableBytesWritable, ResultWritable> getRecordReader(InputSplit split,
      JobConf job, Reporter reporter) throws IOException {
    configure(job);
    return new MapredRecordReader((TableSplit) split, job, reporter);
  }
}
