package org.basaltdb.wal.format;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.common.CorruptionException;
import org.basaltdb.wal.WalEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the entries of one log or recovered-edits file, in order.
 *
 * <p>End of file: a trailer, the end of the bytes at a record boundary, or a <em>torn tail</em>:
 * a last record that runs past the end of the file, or whose checksum fails and which ends
 * exactly at the end of the file. A writer that crashed, or that abandoned the file after a
 * failed sync (re-appending its unsynced edits to the next file), leaves such a tail; it is
 * logged and is not an error. A file shorter than its header is empty. Any other damage is a
 * {@link CorruptionException} naming the file and the record's offset.
 *
 * <p>Thread safety: none.
 */
public final class WalFileReader implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(WalFileReader.class);

  /** How a file ended. */
  public enum End {
    /** Not reached yet. */
    NONE,
    /** A trailer: the writer closed the file cleanly. */
    TRAILER,
    /** The bytes ended at a record boundary without a trailer. */
    EOF,
    /** A torn last record (see the class comment). */
    TORN_TAIL
  }

  private final Path path;
  private final long fileLength;
  private final DataInputStream in;
  private final FileHeader header;
  private long offset;
  private End end = End.NONE;
  private Trailer trailer;

  private WalFileReader(Path path, long fileLength, DataInputStream in, FileHeader header) {
    this.path = path;
    this.fileLength = fileLength;
    this.in = in;
    this.header = header;
    this.offset = header == null ? fileLength : header.length();
    if (header == null) {
      end = End.EOF;
    }
  }

  public static WalFileReader open(FileSystem fs, Path path) throws IOException {
    long len = fs.getFileStatus(path).getLen();
    org.apache.hadoop.fs.FSDataInputStream raw = fs.open(path);
    if (raw instanceof org.apache.hadoop.hdfs.client.HdfsDataInputStream) {
      // A file still being written (or abandoned by a live writer) reports only its completed
      // blocks in its status; the stream knows the length hflush made visible.
      len = Math.max(len,
          ((org.apache.hadoop.hdfs.client.HdfsDataInputStream) raw).getVisibleLength());
    }
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 64 << 10));
    try {
      FileHeader h = readHeader(path, len, in);
      return new WalFileReader(path, len, in, h);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static FileHeader readHeader(Path path, long len, DataInputStream in)
      throws IOException {
    if (len < WalFormat.FILE_HEADER_FIXED) {
      if (len > 0) {
        LOG.info("{}: {} bytes, shorter than a header: an empty log file", path, len);
      }
      return null;
    }
    byte[] fixed = new byte[WalFormat.FILE_HEADER_FIXED];
    in.readFully(fixed);
    if (!Arrays.equals(Arrays.copyOf(fixed, 8), WalFormat.MAGIC)) {
      throw new CorruptionException(path.toString(), 0, "bad magic: not a Basalt log file");
    }
    ByteBuffer b = ByteBuffer.wrap(fixed, 8, fixed.length - 8);
    int version = b.getShort() & 0xFFFF;
    int kind = b.get() & 0xFF;
    long createdAt = b.getLong();
    int writerLen = b.getShort() & 0xFFFF;
    int total = WalFormat.FILE_HEADER_FIXED + writerLen + 4;
    if (len < total) {
      LOG.info("{}: {} bytes, shorter than its header: an empty log file", path, len);
      return null;
    }
    byte[] rest = new byte[writerLen + 4];
    in.readFully(rest);
    byte[] all = new byte[WalFormat.FILE_HEADER_FIXED + writerLen];
    System.arraycopy(fixed, 0, all, 0, fixed.length);
    System.arraycopy(rest, 0, all, fixed.length, writerLen);
    int crc = ByteBuffer.wrap(rest, writerLen, 4).getInt();
    if (crc != RecordCodec.crc(all, 0, all.length)) {
      throw new CorruptionException(path.toString(), 0, "header checksum mismatch");
    }
    if (version != WalFormat.VERSION) {
      throw new CorruptionException(path.toString(), 8, "unsupported format version " + version);
    }
    if (kind != WalFormat.KIND_WAL && kind != WalFormat.KIND_RECOVERED_EDITS) {
      throw new CorruptionException(path.toString(), 10, "unknown file kind " + kind);
    }
    return new FileHeader(version, kind,
        createdAt, new String(rest, 0, writerLen, java.nio.charset.StandardCharsets.UTF_8),
        total);
  }

  /**
   * The next entry, or null at the end of the file ({@link #end()} says how it ended).
   *
   * @throws CorruptionException on damage before the end of the file
   */
  public WalEntry next() throws IOException {
    while (end == End.NONE) {
      long remaining = fileLength - offset;
      if (remaining == 0) {
        end = End.EOF;
        return null;
      }
      if (remaining < WalFormat.RECORD_HEADER) {
        return tornTail("a record header cut short");
      }
      int length = in.readInt();
      int crc = in.readInt();
      int type = in.readUnsignedByte();
      long payloadLength = length & 0xFFFFFFFFL;
      if (payloadLength > WalFormat.MAX_PAYLOAD) {
        // No writer writes such a length, so this is damage, not a torn write.
        throw corruption("bad record length " + payloadLength);
      }
      if (offset + WalFormat.RECORD_HEADER + payloadLength > fileLength) {
        // A writer cut off mid-record. (A damaged length field in the last record looks the
        // same; as in LevelDB, it cannot be told apart.)
        return tornTail("a record of " + payloadLength + " bytes runs past the end of the file");
      }
      byte[] payload = new byte[(int) payloadLength];
      in.readFully(payload);
      byte[] typed = new byte[payload.length + 1];
      typed[0] = (byte) type;
      System.arraycopy(payload, 0, typed, 1, payload.length);
      long recordEnd = offset + WalFormat.RECORD_HEADER + payloadLength;
      if (crc != RecordCodec.crc(typed, 0, typed.length)) {
        if (recordEnd == fileLength) {
          return tornTail("the last record fails its checksum");
        }
        throw corruption("record checksum mismatch");
      }
      switch (type) {
        case WalFormat.TYPE_ENTRY: {
          if (payloadLength < WalFormat.MIN_ENTRY_PAYLOAD) {
            throw corruption("entry record of " + payloadLength + " bytes is too short");
          }
          WalEntry e;
          try {
            e = RecordCodec.decodeEntry(payload);
          } catch (IllegalArgumentException ex) {
            throw new CorruptionException(path.toString(), offset,
                "malformed entry: " + ex.getMessage(), ex);
          }
          offset = recordEnd;
          return e;
        }
        case WalFormat.TYPE_BULK_LOAD: {
          if (payloadLength < WalFormat.MIN_ENTRY_PAYLOAD) {
            throw corruption("bulk-load record of " + payloadLength + " bytes is too short");
          }
          WalEntry e;
          try {
            e = RecordCodec.decodeBulkLoad(payload);
          } catch (IllegalArgumentException ex) {
            throw new CorruptionException(path.toString(), offset,
                "malformed bulk-load record: " + ex.getMessage(), ex);
          }
          offset = recordEnd;
          return e;
        }
        case WalFormat.TYPE_TRAILER: {
          try {
            trailer = RecordCodec.decodeTrailer(payload);
          } catch (IllegalArgumentException ex) {
            throw corruption("malformed trailer: " + ex.getMessage());
          }
          if (recordEnd != fileLength) {
            throw corruption((fileLength - recordEnd) + " bytes after the trailer");
          }
          offset = recordEnd;
          end = End.TRAILER;
          return null;
        }
        default:
          throw corruption("unknown record type " + type);
      }
    }
    return null;
  }

  private WalEntry tornTail(String why) {
    LOG.info("{}: end of log at offset {} ({} bytes dropped): {}", path, offset,
        fileLength - offset, why);
    end = End.TORN_TAIL;
    return null;
  }

  private CorruptionException corruption(String what) {
    return new CorruptionException(path.toString(), offset, what);
  }

  public Path path() {
    return path;
  }

  /** The header, or null for a file shorter than its header (treated as empty). */
  public FileHeader header() {
    return header;
  }

  /** The trailer once {@link #end()} is TRAILER, else null. */
  public Trailer trailer() {
    return trailer;
  }

  public End end() {
    return end;
  }

  /** Offset of the next record: after the end, where the readable log ends. */
  public long offset() {
    return offset;
  }

  public long fileLength() {
    return fileLength;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
