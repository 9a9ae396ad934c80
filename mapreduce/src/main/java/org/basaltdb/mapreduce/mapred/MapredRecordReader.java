package org.basaltdb.mapreduce.mapred;

import java.io.IOException;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.basaltdb.mapreduce.ImmutableBytesWritable;
import org.basaltdb.mapreduce.ResultWritable;
import org.basaltdb.mapreduce.TableRecordReader;
import org.basaltdb.mapreduce.TableSplit;

/**
 * The new API's {@link TableRecordReader} behind the old API's reader: rows go into the caller's
 * key and value objects, counters to the {@link Reporter}.
 */
final class MapredRecordReader implements RecordReader<ImmutableBytesWritable, ResultWritable> {
  private final TableRecordReader reader;
  private long rows;

  MapredRecordReader(TableSplit split, JobConf job, Reporter reporter) throws IOException {
    this.reader = TableRecordReader.open(split, job, (counter, delta) ->
        reporter.incrCounter(TableRecordReader.COUNTER_GROUP, counter, delta));
  }

  @Override
  public boolean next(ImmutableBytesWritable key, ResultWritable value) throws IOException {
    if (!reader.nextKeyValue()) {
      return false;
    }
    key.set(reader.getCurrentKey().get());
    value.set(reader.getCurrentValue());
    rows++;
    return true;
  }

  @Override
  public ImmutableBytesWritable createKey() {
    return new ImmutableBytesWritable();
  }

  @Override
  public ResultWritable createValue() {
    return new ResultWritable();
  }

  /** Rows returned so far (the old API's "position"). */
  @Override
  public long getPos() {
    return rows;
  }

  @Override
  public float getProgress() {
    return reader.getProgress();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
