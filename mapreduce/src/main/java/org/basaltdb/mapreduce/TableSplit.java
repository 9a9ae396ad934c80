package org.basaltdb.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.InputSplit;
import org.basaltdb.common.Bytes;

/**
 * One map task's share of a table: rows {@code [startRow, endRow)} (an empty end: to the end of
 * the table), the encoded name of the region they were cut from, the host of the server holding
 * it (the scheduler's locality hint; empty when unknown) and their size in bytes from the
 * region's store files, by which the framework starts the biggest splits first.
 *
 * <p>It is a split of both MapReduce APIs, so the {@code mapred} adapter hands it out as well.
 *
 * <p>Serialized form (the job's split file): a version byte (1), then table, start row, end row,
 * encoded region name and host as Hadoop vint-prefixed byte arrays or Text, then the length as a
 * vlong.
 */
public class TableSplit extends InputSplit
    implements Writable, Comparable<TableSplit>, org.apache.hadoop.mapred.InputSplit {
  /** Written into split files: never reuse. */
  private static final byte VERSION = 1;

  private String table = "";
  private byte[] startRow = Bytes.EMPTY;
  private byte[] endRow = Bytes.EMPTY;
  private String encodedRegionName = "";
  private String regionLocation = "";
  private long length;

  /** For deserialization. */
  public TableSplit() {}

  public TableSplit(String table, byte[] startRow, byte[] endRow, String encodedRegionName,
      String regionLocation, long length) {
    this.table = table;
    this.startRow = startRow;
    this.endRow = endRow;
    this.encodedRegionName = encodedRegionName == null ? "" : encodedRegionName;
    this.regionLocation = regionLocation == null ? "" : regionLocation;
    this.length = Math.max(0, length);
  }

  public String getTable() {
    return table;
  }

  public byte[] getStartRow() {
    return startRow;
  }

  /** The row the split ends before; empty for the end of the table. */
  public byte[] getEndRow() {
    return endRow;
  }

  public String getEncodedRegionName() {
    return encodedRegionName;
  }

  /** The host of the region's server, or empty. */
  public String getRegionLocation() {
    return regionLocation;
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public String[] getLocations() {
    return regionLocation.isEmpty() ? new String[0] : new String[] {regionLocation};
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeByte(VERSION);
    Text.writeString(out, table);
    writeBytes(out, startRow);
    writeBytes(out, endRow);
    Text.writeString(out, encodedRegionName);
    Text.writeString(out, regionLocation);
    WritableUtils.writeVLong(out, length);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int version = in.readByte();
    if (version != VERSION) {
      throw new IOException("unknown TableSplit version " + version + " (this Basalt reads "
          + VERSION + ")");
    }
    table = Text.readString(in);
    startRow = readBytes(in);
    endRow = readBytes(in);
    encodedRegionName = Text.readString(in);
    regionLocation = Text.readString(in);
    length = WritableUtils.readVLong(in);
  }

  private static void writeBytes(DataOutput out, byte[] b) throws IOException {
    WritableUtils.writeVInt(out, b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInput in) throws IOException {
    int n = WritableUtils.readVInt(in);
    if (n < 0) {
      throw new IOException("negative row length " + n + " in a TableSplit");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** Orders by table, then start row. */
  @Override
  public int compareTo(TableSplit o) {
    int c = table.compareTo(o.table);
    return c != 0 ? c : Bytes.compare(startRow, o.startRow);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableSplit s && table.equals(s.table)
        && Arrays.equals(startRow, s.startRow) && Arrays.equals(endRow, s.endRow)
        && encodedRegionName.equals(s.encodedRegionName)
        && regionLocation.equals(s.regionLocation) && length == s.length;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * table.hashCode() + Arrays.hashCode(startRow)) + Arrays.hashCode(endRow);
  }

  @Override
  public String toString() {
    return table + ",[" + Bytes.toStringBinary(startRow) + "," + Bytes.toStringBinary(endRow)
        + ")," + encodedRegionName + "@" + (regionLocation.isEmpty() ? "?" : regionLocation)
        + "," + length + "b";
  }
}
