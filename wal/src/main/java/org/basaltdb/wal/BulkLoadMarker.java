package org.basaltdb.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one bulk load added to one region: for each family, the names the loaded SSTables had in
 * the region's bulk-load staging directory ({@code <region>/.bulkload/<family>/<name>}). The
 * marker's sequence id is the files' sequence id; in the family directory each file is named
 * {@link #storeFileName(String, long)}. Written as a {@code BULK_LOAD} record
 * ({@code docs/formats/wal.md}); replaying it finishes a load that a crash interrupted after
 * the record was durable, and does nothing for a load that had finished.
 *
 * @param families the families, each with its staged file names, in the order loaded
 */
public record BulkLoadMarker(List<Family> families) {
  public BulkLoadMarker {
    families = List.copyOf(families);
  }

  /** One family's loaded files. */
  public record Family(byte[] family, List<String> files) {
    public Family {
      Objects.requireNonNull(family, "family");
      files = List.copyOf(files);
    }
  }

  /** Suffix of a bulk-loaded SSTable's name in a family directory: {@code <name>_SeqId_<seq>_}. */
  public static String storeFileName(String stagedName, long sequenceId) {
    return stagedName + "_SeqId_" + sequenceId + "_";
  }

  /**
   * The sequence id a store file's name carries when it was bulk loaded, or -1 for a flushed or
   * compacted file (HBase names bulk-loaded files the same way).
   */
  public static long sequenceIdOf(String fileName) {
    int end = fileName.length() - 1;
    if (end < 0 || fileName.charAt(end) != '_') {
      return -1;
    }
    int at = fileName.lastIndexOf("_SeqId_");
    if (at < 0) {
      return -1;
    }
    try {
      return Long.parseLong(fileName.substring(at + 7, end));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Every file, for messages. */
  public List<String> allFiles() {
    List<String> out = new ArrayList<>();
    for (Family f : families) {
      for (String n : f.files) {
        out.add(new String(f.family, java.nio.charset.StandardCharsets.UTF_8) + "/" + n);
      }
    }
    return out;
  }
}
