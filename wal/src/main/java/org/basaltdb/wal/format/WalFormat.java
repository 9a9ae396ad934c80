package org.basaltdb.wal.format;

import java.nio.charset.StandardCharsets;

/**
 * Constants of the log file format, documented in {@code docs/formats/wal.md}; the same format
 * holds recovered edits ({@code docs/formats/recovered-edits.md}).
 *
 * <pre>
 * file    := header record* trailer?
 * header  := magic[8] version:u16 kind:u8 createdAt:i64 writerLen:u16 writer[writerLen] crc:u32
 * record  := length:u32 crc:u32 type:u8 payload[length]     (crc = CRC32C of type and payload)
 * trailer := a record of type TRAILER
 * </pre>
 *
 * All integers are big-endian. The numbers below are written to disk and must never be
 * changed or reused; a retired code stays here as a comment.
 */
public final class WalFormat {
  /** "BSLTWAL" and a zero byte. */
  public static final byte[] MAGIC = "BSLTWAL\0".getBytes(StandardCharsets.US_ASCII);

  public static final int VERSION = 1;

  /** File kinds (header byte 10). Persisted: never renumber. */
  public static final int KIND_WAL = 1;
  public static final int KIND_RECOVERED_EDITS = 2;

  /** Record types. Persisted: never renumber. 0 is never used, so zeroed bytes are invalid. */
  public static final int TYPE_ENTRY = 1;
  public static final int TYPE_TRAILER = 2;
  /** A bulk load's marker: the SSTables it added to a region ({@code BulkLoadMarker}). */
  public static final int TYPE_BULK_LOAD = 3;

  /** Bytes before a record's payload: length, crc, type. */
  public static final int RECORD_HEADER = 4 + 4 + 1;

  /** Fixed header bytes before the writer name: magic, version, kind, createdAt, writerLen. */
  public static final int FILE_HEADER_FIXED = 8 + 2 + 1 + 8 + 2;

  /**
   * Largest payload a reader accepts. Larger lengths can only come from damage: an append is
   * bounded by the client's batch limits far below this.
   */
  public static final int MAX_PAYLOAD = 512 << 20;

  /** Smallest entry payload: sequence id, write time, two empty names, cell count. */
  public static final int MIN_ENTRY_PAYLOAD = 8 + 8 + 2 + 2 + 4;

  /** Trailer payload: entry count, first and last sequence id. */
  public static final int TRAILER_PAYLOAD = 8 + 8 + 8;

  private WalFormat() {}
}
