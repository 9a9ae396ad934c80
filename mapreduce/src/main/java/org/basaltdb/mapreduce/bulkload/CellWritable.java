package org.basaltdb.mapreduce.bulkload;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.basaltdb.common.Cell;

/**
 * A cell as a map output value (HBase's {@code MapReduceExtendedCell}): the value type
 * {@link SSTableOutputFormat} writes, and one of the map outputs
 * {@link SSTableOutputFormat#configureIncrementalLoad} sorts ({@link SortReducers.CellSortReducer}).
 * Serialized form, all big-endian: rowLen:u16 row famLen:u8 family qualLen:i32 qualifier
 * timestamp:i64 type:u8 valueLen:i32 value. The sequence id does not travel (a loaded cell gets the
 * load's).
 */
public final class CellWritable implements Writable {
  private Cell cell;

  public CellWritable() {}

  public CellWritable(Cell cell) {
    this.cell = cell;
  }

  public Cell get() {
    return cell;
  }

  public void set(Cell c) {
    this.cell = c;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeShort(cell.row().length);
    out.write(cell.row());
    out.writeByte(cell.family().length);
    out.write(cell.family());
    out.writeInt(cell.qualifier().length);
    out.write(cell.qualifier());
    out.writeLong(cell.timestamp());
    out.writeByte(cell.type().code);
    out.writeInt(cell.value().length);
    out.write(cell.value());
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    byte[] row = read(in, in.readUnsignedShort());
    byte[] family = read(in, in.readUnsignedByte());
    byte[] qualifier = read(in, in.readInt());
    long ts = in.readLong();
    Cell.Type type = Cell.Type.ofCode(in.readUnsignedByte());
    byte[] value = read(in, in.readInt());
    cell = new Cell(row, family, qualifier, ts, type, 0, value);
  }

  private static byte[] read(DataInput in, int n) throws IOException {
    if (n < 0) {
      throw new IOException("negative length " + n + " in a serialized cell");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  @Override
  public String toString() {
    return String.valueOf(cell);
  }
}
