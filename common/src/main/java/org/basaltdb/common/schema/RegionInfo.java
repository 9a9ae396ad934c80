package org.basaltdb.common.schema;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;

/**
 * One key range of a table: rows in {@code [startKey, endKey)}, an empty key meaning unbounded.
 * The encoded name, a hex digest of table, start key and region id, names the region's directory.
 */
public record RegionInfo(TableName table, byte[] startKey, byte[] endKey, long regionId) {
  public RegionInfo {
    if (startKey.length > 0 && endKey.length > 0 && Bytes.compare(startKey, endKey) >= 0) {
      throw new IllegalArgumentException("region start key must sort before its end key");
    }
  }

  public boolean containsRow(byte[] row) {
    return Bytes.compare(row, startKey) >= 0
        && (endKey.length == 0 || Bytes.compare(row, endKey) < 0);
  }

  /** A 32-hex-digit name, stable for the same table, start key and id. */
  public String encodedName() {
    byte[] in = Bytes.concat(table.toString().getBytes(StandardCharsets.UTF_8), new byte[] {','},
        startKey, new byte[] {','}, Bytes.toBytes(regionId));
    return com.google.common.hash.Hashing.murmur3_128().hashBytes(in).toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegionInfo r && table.equals(r.table) && regionId == r.regionId
        && Arrays.equals(startKey, r.startKey) && Arrays.equals(endKey, r.endKey);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * table.hashCode() + Arrays.hashCode(startKey)) + Long.hashCode(regionId);
  }

  @Override
  public String toString() {
    return table + ",[" + Bytes.toStringBinary(startKey) + "," + Bytes.toStringBinary(endKey)
        + ")," + regionId + "." + encodedName();
  }
}
