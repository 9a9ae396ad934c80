package org.basaltdb.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.basaltdb.client.Admin;
import org.basaltdb.client.BufferedMutator;
import org.basaltdb.client.Connection;
import org.basaltdb.client.ConnectionFactory;
import org.basaltdb.common.TableName;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.common.ops.Mutation;
import org.basaltdb.common.ops.Put;

/**
 * Writes a job's {@link Put}s and {@link Delete}s to a Basalt table through a
 * {@link BufferedMutator}, as HBase's {@code TableOutputFormat}: the table is
 * {@code hbase.mapred.outputtable} (or {@code basalt.mapreduce.output.table}); keys are ignored.
 * Each task opens its own connection from the job's configuration (the client keys
 * {@code basalt.client.*}) and flushes on close, so a task that succeeds has written everything
 * it was given; a failed task's attempt may have written part of its output, and its retry
 * writes it again (puts with the same timestamps are idempotent).
 *
 * <p>{@link #checkOutputSpecs} fails at submission when the table is not named or does not exist.
 */
public class TableOutputFormat<KEY> extends OutputFormat<KEY, Mutation> implements Configurable {
  /** HBase's constant for the output table's key, so that code setting it ports unchanged. */
  public static final String OUTPUT_TABLE = MapReduceConfig.OUTPUT_TABLE.name();

  private Configuration conf;

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  /** The output table, checked to be named; an IllegalArgumentException saying which key. */
  static TableName outputTable(Configuration conf) {
    String name = MapReduceConfig.outputTable(conf);
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("no output table: set "
          + MapReduceConfig.OUTPUT_TABLE.name() + " (or " + MapReduceConfig.BASALT_OUTPUT_TABLE
          .name() + ")");
    }
    return TableName.valueOf(name);
  }

  @Override
  public void checkOutputSpecs(JobContext context) throws IOException {
    Configuration c = context.getConfiguration();
    TableName table;
    try {
      table = outputTable(c);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    try (Connection conn = ConnectionFactory.createConnection(c);
        Admin admin = conn.getAdmin()) {
      if (!admin.tableExists(table)) {
        throw new IOException("output table " + table + " does not exist ("
            + MapReduceConfig.OUTPUT_TABLE.name() + ")");
      }
    }
  }

  @Override
  public RecordWriter<KEY, Mutation> getRecordWriter(TaskAttemptContext context)
      throws IOException {
    Configuration c = context.getConfiguration();
    Connection conn = ConnectionFactory.createConnection(c);
    try {
      return new TableRecordWriter<>(conn, conn.getBufferedMutator(outputTable(c)));
    } catch (RuntimeException e) {
      conn.close();
      throw e;
    }
  }

  @Override
  public OutputCommitter getOutputCommitter(TaskAttemptContext context) {
    return new NoOpCommitter();
  }

  /** Buffers each mutation; closing flushes, then closes the task's connection. */
  static final class TableRecordWriter<KEY> extends RecordWriter<KEY, Mutation> {
    private final Connection conn;
    private final BufferedMutator mutator;

    TableRecordWriter(Connection conn, BufferedMutator mutator) {
      this.conn = conn;
      this.mutator = mutator;
    }

    @Override
    public void write(KEY key, Mutation value) throws IOException {
      if (!(value instanceof Put) && !(value instanceof Delete)) {
        throw new IOException("TableOutputFormat takes Put and Delete, not "
            + (value == null ? "null" : value.getClass().getSimpleName()));
      }
      mutator.mutate(value);
    }

    @Override
    public void close(TaskAttemptContext context) throws IOException {
      try {
        mutator.close();
      } finally {
        conn.close();
      }
    }
  }

  /** Nothing to commit: mutations are applied as they are flushed, as in HBase. */
  static final class NoOpCommitter extends OutputCommitter {
    @Override
    public void setupJob(JobContext jobContext) {}

    @Override
    public void setupTask(TaskAttemptContext taskContext) {}

    @Override
    public boolean needsTaskCommit(TaskAttemptContext taskContext) {
      return false;
    }

    @Override
    public void commitTask(TaskAttemptContext taskContext) {}

    @Override
    public void abortTask(TaskAttemptContext taskContext) {}
  }
}
