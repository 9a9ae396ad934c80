package org.basaltdb.regionserver.sstable;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Cell;
import org.basaltdb.common.CellComparator;

/**
 * Writes one SSTable (LevelDB's {@code table_builder}); the layout is in
 * {@code docs/formats/sstable.md} and {@link SSTableFormat}.
 *
 * <p>Usage: {@link #create}, {@link #append} cells in strictly ascending {@link CellComparator}
 * order, optionally {@link #putFileInfo}, then {@link #finish()}; or {@link #abort()} to delete
 * the partial file. A writer that threw an IOException must be aborted.
 *
 * <p>Memory: one block of buffered cells, the index entries, and the bloom filter's bits: 14 bits
 * per key of the options' {@link SSTableOptions#maxCells() bound} (twice that for ROWCOL),
 * or 8 bytes per key when there is no bound (see {@link BloomFilter.Builder}).
 *
 * <p>Thread safety: one thread at a time.
 */
public final class SSTableWriter implements Closeable {
  private static final CellComparator CMP = CellComparator.INSTANCE;

  private final FileSystem fs;
  private final Path path;
  private final String file;
  private final SSTableOptions options;
  private final FSDataOutputStream out;

  private final BlockBuilder block = new BlockBuilder();
  private final ByteWriter keyBuf = new ByteWriter(256);
  private final ByteWriter index = new ByteWriter(4096);
  private final Map<String, byte[]> fileInfo = new HashMap<>();
  private int indexCount;
  private long offset;
  private int maxRawBlockSize;

  private Cell first;
  private Cell prev;
  /** Separator of the block being built (computed when its first cell arrives). */
  private Cell blockSeparator;
  private long cellCount;
  private long deleteMarkers;
  private long minTs = Long.MAX_VALUE;
  private long maxTs = Long.MIN_VALUE;
  private long maxSeq = Long.MIN_VALUE;

  private BloomFilter.Builder bloom;

  /** Set once finish succeeded or abort ran. */
  private boolean done;
  /** Set when finish starts; a failed finish leaves done false so abort still deletes. */
  private boolean finishing;

  private SSTableWriter(FileSystem fs, Path path, SSTableOptions options,
      FSDataOutputStream out) {
    this.fs = fs;
    this.path = path;
    this.file = path.toString();
    this.options = options;
    this.out = out;
    long keysPerCell = options.bloomType() == BloomType.ROWCOL ? 2 : 1;
    this.bloom = options.bloomType() == BloomType.NONE ? null
        : new BloomFilter.Builder(options.maxCells() * keysPerCell);
  }

  /** Creates the file (failing if it exists) and returns a writer positioned at its start. */
  public static SSTableWriter create(FileSystem fs, Path path, SSTableOptions options)
      throws IOException {
    Objects.requireNonNull(options, "options");
    FSDataOutputStream out = fs.create(path, false);
    return new SSTableWriter(fs, path, options, out);
  }

  /**
   * As {@link #create}, but fails if the file's directory does not exist instead of creating
   * it: a store writes into its region's own output directory, which a later open of the region
   * deletes to fence this writer out (see {@code Region.open}).
   */
  public static SSTableWriter createInExistingDir(FileSystem fs, Path path,
      SSTableOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    FSDataOutputStream out = fs.createNonRecursive(path, false,
        fs.getConf().getInt("io.file.buffer.size", 4096), fs.getDefaultReplication(path),
        fs.getDefaultBlockSize(path), null);
    return new SSTableWriter(fs, path, options, out);
  }

  /**
   * Adds a cell. REQUIRES: it sorts strictly after the previous cell (equal keys must differ
   * in sequence id), its type is a stored type (not MINIMUM/MAXIMUM), its row is at most
   * 65535 bytes and its family at most 255 bytes; otherwise IllegalArgumentException.
   */
  public void append(Cell cell) throws IOException {
    checkOpen();
    if (prev != null && CMP.compare(prev, cell) >= 0) {
      throw new IllegalArgumentException("cell out of order: " + cell + " after " + prev
          + " in " + file);
    }
    if (cell.type() == Cell.Type.MINIMUM || cell.type() == Cell.Type.MAXIMUM) {
      throw new IllegalArgumentException("search-only type " + cell.type() + " in " + cell);
    }
    if (cell.row().length > KeyCodec.MAX_ROW || cell.family().length > KeyCodec.MAX_FAMILY) {
      throw new IllegalArgumentException("row or family too long: " + cell);
    }
    if (blockSeparator == null) {
      blockSeparator = prev == null ? cell.withValue(Bytes.EMPTY)
          : BlockIndex.separator(prev, cell);
    }
    keyBuf.reset();
    KeyCodec.write(keyBuf, cell);
    block.add(keyBuf.array(), keyBuf.size(), cell.valueArray(), cell.valueOffset(),
        cell.valueLength());
    addBloomKeys(cell);
    if (first == null) {
      first = cell.withValue(Bytes.EMPTY);
    }
    cellCount++;
    if (cell.isDelete()) {
      deleteMarkers++;
    }
    minTs = Math.min(minTs, cell.timestamp());
    maxTs = Math.max(maxTs, cell.timestamp());
    maxSeq = Math.max(maxSeq, cell.sequenceId());
    prev = cell;
    if (block.estimatedSize() >= options.blockSize()) {
      flushBlock();
    }
  }

  private void addBloomKeys(Cell cell) {
    switch (options.bloomType()) {
      case NONE:
        return;
      case ROW:
        if (prev == null || !prev.sameRow(cell)) {
          bloom.add(BloomFilter.hashRow(cell.row()));
        }
        return;
      case ROWCOL:
        boolean newRow = prev == null || !prev.sameRow(cell);
        if (newRow) {
          bloom.add(BloomFilter.hashRow(cell.row()));
        }
        if (newRow || !Arrays.equals(prev.qualifier(), cell.qualifier())) {
          bloom.add(BloomFilter.hashRowCol(cell.row(), cell.qualifier()));
        }
        return;
      default:
        throw new IllegalStateException(options.bloomType().toString());
    }
  }

  /** Adds a free-form file-info entry, e.g. "MAJOR_COMPACTION"; a later put replaces it. */
  public void putFileInfo(String key, byte[] value) {
    checkOpen();
    fileInfo.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value").clone());
  }

  /** Bytes written to the file so far plus the block being built (uncompressed). */
  public long bytesWritten() {
    return offset + (block.isEmpty() ? 0 : block.estimatedSize());
  }

  private void flushBlock() throws IOException {
    int n = block.finishInPlace();
    BlockHandle h = writeBlock(block.array(), n, options.compression());
    BlockIndex.encodeEntry(index, blockSeparator, h);
    indexCount++;
    maxRawBlockSize = Math.max(maxRawBlockSize, n);
    blockSeparator = null;
  }

  /** Writes payload + block trailer, compressing if that saves at least 1/8. */
  private BlockHandle writeBlock(byte[] raw, Compression compression) throws IOException {
    return writeBlock(raw, raw.length, compression);
  }

  /** As above, for the block {@code raw[0, len)}. */
  private BlockHandle writeBlock(byte[] raw, int len, Compression compression)
      throws IOException {
    byte[] stored = raw;
    int storedLen = len;
    Compression used = Compression.NONE;
    if (compression != Compression.NONE) {
      byte[] c = compression.compress(raw, len);
      if (c.length <= len - len / SSTableFormat.MIN_SAVING_DIVISOR) {
        stored = c;
        storedLen = c.length;
        used = compression;
      }
    }
    BlockHandle h = new BlockHandle(offset, storedLen, len);
    out.write(stored, 0, storedLen);
    out.write(SSTableFormat.blockTrailer(stored, storedLen, used.code));
    offset = h.end();
    return h;
  }

  /**
   * Writes the last data block, the bloom, index and file-info blocks and the trailer, then
   * hsyncs and closes the file: a flushed file replaces WAL edits that get archived, so it must
   * be on disk, not just in the page cache, before the flush completes (unless
   * {@link SSTableOptions#syncOnFinish()} is off: bulk-load output, synced when it is loaded).
   * The writer cannot be used afterwards.
   */
  public void finish() throws IOException {
    checkOpen();
    finishing = true;
    if (!block.isEmpty()) {
      flushBlock();
    }
    long dataEnd = offset;
    long bloomSize = 0;
    if (options.bloomType() != BloomType.NONE) {
      bloomSize = writeBlock(bloom.finish(), Compression.NONE).size();
      bloom = null;
    }
    ByteWriter idx = new ByteWriter(index.size() + 10);
    idx.varint(indexCount);
    idx.bytes(index.array(), 0, index.size());
    long indexOffset = offset;
    long indexSize = writeBlock(idx.toByteArray(), Compression.NONE).size();
    byte[] info = SSTableInfo.encode(cellCount, deleteMarkers, minTs, maxTs, maxSeq,
        options.compression(), options.bloomType(), options.blockSize(), first,
        prev == null ? null : prev.withValue(Bytes.EMPTY), fileInfo);
    long infoOffset = offset;
    long infoSize = writeBlock(info, Compression.NONE).size();
    Trailer t = new Trailer(dataEnd, bloomSize, indexOffset, indexSize, infoOffset, infoSize,
        maxRawBlockSize, SSTableFormat.VERSION);
    out.write(t.encode());
    offset += Trailer.SIZE;
    if (options.syncOnFinish()) {
      out.hsync();
    }
    out.close();
    done = true;
  }

  /** Closes and deletes the partial file. Never throws; a no-op after finish. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    try {
      out.close();
    } catch (IOException e) {
      // The file is being deleted; a close failure changes nothing.
    }
    try {
      fs.delete(path, false);
    } catch (IOException e) {
      // Leaves a partial file in .tmp; the store's cleanup of .tmp removes it.
    }
  }

  /** Aborts if neither finish nor abort was called: closing without finish discards. */
  @Override
  public void close() {
    abort();
  }

  public Path path() {
    return path;
  }

  private void checkOpen() {
    if (done || finishing) {
      throw new IllegalStateException("writer of " + file + " is finished or aborted");
    }
  }
}
