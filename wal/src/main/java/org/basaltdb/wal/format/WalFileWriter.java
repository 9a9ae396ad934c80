package org.basaltdb.wal.format;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one log or recovered-edits file: header at creation, framed records, trailer on clean
 * close.
 *
 * <p>Thread safety: none; one thread writes a file (the log's consumer thread, or a splitter).
 * Durability: nothing is durable until {@link #hflush()} or {@link #hsync()} returns.
 */
public final class WalFileWriter {
  /** Output buffer: a typical group-commit batch fits, so one batch is one write. */
  private static final int BUFFER_SIZE = 256 << 10;

  private final Path path;
  private final FSDataOutputStream out;
  private long length;
  private long entries;
  private long firstSequenceId = -1;
  private long lastSequenceId = -1;

  private WalFileWriter(Path path, FSDataOutputStream out) {
    this.path = path;
    this.out = out;
  }

  /**
   * Creates {@code path} (its directory must exist: a fenced, renamed log directory is never
   * recreated) and writes the header, not yet flushed.
   */
  public static WalFileWriter create(FileSystem fs, Path path, int kind, String writer,
      long createdAt) throws IOException {
    return create(fs, path, kind, writer, createdAt, BUFFER_SIZE);
  }

  /**
   * As {@link #create(FileSystem, Path, int, String, long)}, with an output buffer of
   * {@code bufferSize} bytes (a split holds one file open per region, so a smaller one).
   */
  public static WalFileWriter create(FileSystem fs, Path path, int kind, String writer,
      long createdAt, int bufferSize) throws IOException {
    FSDataOutputStream out = fs.createNonRecursive(path, false, bufferSize,
        fs.getDefaultReplication(path), fs.getDefaultBlockSize(path), null);
    WalFileWriter w = new WalFileWriter(path, out);
    try {
      byte[] header = RecordCodec.encodeHeader(kind, createdAt, writer);
      out.write(header);
      w.length = header.length;
    } catch (IOException e) {
      w.abort();
      throw e;
    }
    return w;
  }

  /** Appends a record made by {@link RecordCodec#encodeEntry}. */
  public void append(byte[] record, long sequenceId) throws IOException {
    out.write(record);
    length += record.length;
    entries++;
    if (firstSequenceId < 0) {
      firstSequenceId = sequenceId;
    }
    lastSequenceId = sequenceId;
  }

  /** Every byte written so far is in the memory of every replica (HDFS) or the OS (local). */
  public void hflush() throws IOException {
    out.hflush();
  }

  /** Every byte written so far is on disk. */
  public void hsync() throws IOException {
    out.hsync();
  }

  /** Writes the trailer, flushes and closes: the file is complete. */
  public void close() throws IOException {
    out.write(RecordCodec.encodeTrailer(new Trailer(entries, firstSequenceId, lastSequenceId)));
    out.hflush();
    out.close();
  }

  /** Closes without a trailer, ignoring errors: the stream is broken or being abandoned. */
  public void abort() {
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      // Abandoned: whatever reached the file is read back under the torn-tail rules.
    }
  }

  public Path path() {
    return path;
  }

  /** Bytes written, header included (synced or not). */
  public long length() {
    return length;
  }

  public long entries() {
    return entries;
  }
}
