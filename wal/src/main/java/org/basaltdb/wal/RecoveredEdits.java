package org.basaltdb.wal;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.basaltdb.wal.format.WalFileReader;

/**
 * A region's recovered edits: the files the splitter writes into
 * {@code <regionDir>/recovered.edits/} ({@code docs/formats/recovered-edits.md}), which the
 * region replays at open and then deletes.
 *
 * <p>Each file is named by the highest sequence id it holds (20 digits); files being written
 * end in {@code .tmp} and are ignored. A region opens like this:
 * <pre>
 * long max = RecoveredEdits.replay(fs, regionDir, flushedSeqId, e -> memstore.add(e.cells()));
 * wal.advanceTo(max) ... flush ... RecoveredEdits.deleteAll(fs, regionDir);
 * </pre>
 */
public final class RecoveredEdits {
  /** The directory under a region's directory. */
  public static final String DIR = "recovered.edits";
  /** Suffix of a file the splitter is still writing. */
  public static final String TEMP_SUFFIX = ".tmp";

  private RecoveredEdits() {}

  public static Path dir(Path regionDir) {
    return new Path(regionDir, DIR);
  }

  /** The file name for edits whose highest sequence id is {@code maxSeq}. */
  public static String fileName(long maxSeq) {
    return String.format(Locale.ROOT, "%020d", maxSeq);
  }

  /** The region's recovered-edits files, lowest max sequence id first; empty if none. */
  public static List<Path> list(FileSystem fs, Path regionDir) throws IOException {
    FileStatus[] st;
    try {
      st = fs.listStatus(dir(regionDir));
    } catch (FileNotFoundException e) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    for (FileStatus s : st) {
      String n = s.getPath().getName();
      if (s.isFile() && n.length() == 20 && n.chars().allMatch(Character::isDigit)) {
        out.add(s.getPath());
      }
    }
    out.sort(Comparator.comparing(Path::getName));
    return out;
  }

  /** Iterates one file's entries in order. Close it when done. */
  public static EntryIterator read(FileSystem fs, Path file) throws IOException {
    return new EntryIterator(WalFileReader.open(fs, file));
  }

  /**
   * Feeds {@code sink} every entry of the region's recovered edits with a sequence id above
   * {@code flushedSequenceId}, in increasing order, each at most once (files may overlap after
   * a restarted split). Returns the highest sequence id seen, or {@code flushedSequenceId}.
   *
   * <p>Memory: one entry per file. The files are merged as they are read, each being in
   * increasing order already; reading every entry into a list first held a region's whole
   * recovered edits twice over (the entries and the memstore) and ran region servers opening
   * several such regions at once out of heap.
   *
   * @throws IOException also when a file's entries are not in increasing order (naming it)
   */
  public static long replay(FileSystem fs, Path regionDir, long flushedSequenceId,
      Consumer<WalEntry> sink) throws IOException {
    PriorityQueue<Head> heads = new PriorityQueue<>(
        Comparator.comparingLong((Head h) -> h.entry.sequenceId()));
    List<EntryIterator> open = new ArrayList<>();
    try {
      for (Path p : list(fs, regionDir)) {
        EntryIterator it = read(fs, p);
        open.add(it);
        Head h = new Head(p, it);
        if (h.advance()) {
          heads.add(h);
        }
      }
      long last = flushedSequenceId;
      while (!heads.isEmpty()) {
        Head h = heads.poll();
        WalEntry e = h.entry;
        if (e.sequenceId() > last) {
          sink.accept(e);
          last = e.sequenceId();
        }
        if (h.advance()) {
          heads.add(h);
        }
      }
      return last;
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    } finally {
      for (EntryIterator it : open) {
        it.close();
      }
    }
  }

  /** One file's next entry, in the merge of {@link #replay}. */
  private static final class Head {
    final Path file;
    final EntryIterator it;
    WalEntry entry;

    Head(Path file, EntryIterator it) {
      this.file = file;
      this.it = it;
    }

    /** Moves to the file's next entry; false at its end. */
    boolean advance() throws IOException {
      if (!it.hasNext()) {
        return false;
      }
      WalEntry next = it.next();
      if (entry != null && next.sequenceId() < entry.sequenceId()) {
        throw new IOException("recovered edits " + file + " are not in increasing sequence-id "
            + "order: id " + next.sequenceId() + " follows " + entry.sequenceId());
      }
      entry = next;
      return true;
    }
  }

  /** Deletes the recovered-edits directory once its edits are flushed. */
  public static void deleteAll(FileSystem fs, Path regionDir) throws IOException {
    fs.delete(dir(regionDir), true);
  }

  /** An iterator over one file whose I/O errors surface as {@link java.io.UncheckedIOException}. */
  public static final class EntryIterator implements java.util.Iterator<WalEntry>, Closeable {
    private final WalFileReader reader;
    private WalEntry next;
    private boolean done;

    EntryIterator(WalFileReader reader) {
      this.reader = reader;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        try {
          next = reader.next();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        done = next == null;
      }
      return next != null;
    }

    @Override
    public WalEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      WalEntry e = next;
      next = null;
      return e;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
