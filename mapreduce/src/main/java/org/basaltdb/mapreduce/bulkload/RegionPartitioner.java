package org.basaltdb.mapreduce.bulkload;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Partitioner;
import org.basaltdb.common.Bytes;
import org.basaltdb.mapreduce.ImmutableBytesWritable;

/**
 * A total-order partitioner over a table's regions: reducer {@code i} receives the rows of region
 * {@code i}, so each reducer's files fit one region (HBase uses Hadoop's
 * {@code TotalOrderPartitioner} with a partition file; the start keys fit in the configuration).
 * Reads the regions' start keys, after the first, from {@link #START_KEYS}.
 */
public final class RegionPartitioner<V> extends Partitioner<ImmutableBytesWritable, V>
    implements Configurable {
  /** Base64 start keys of the 2nd..nth region, comma-separated, in order. */
  public static final String START_KEYS = BulkLoadConfig.PARTITIONER_START_KEYS.name();

  private Configuration conf;
  private byte[][] splits = new byte[0][];

  /** Stores the start keys of {@code startKeys} (the first region's, empty, is left out). */
  public static void setStartKeys(Configuration conf, List<byte[]> startKeys) {
    List<String> enc = new ArrayList<>();
    for (int i = 1; i < startKeys.size(); i++) {
      enc.add(Base64.getEncoder().encodeToString(startKeys.get(i)));
    }
    conf.set(START_KEYS, String.join(",", enc));
  }

  @Override
  public void setConf(Configuration c) {
    this.conf = c;
    String s = c.get(START_KEYS, "");
    List<byte[]> keys = new ArrayList<>();
    for (String k : s.split(",")) {
      if (!k.isEmpty()) {
        keys.add(Base64.getDecoder().decode(k));
      }
    }
    splits = keys.toArray(new byte[0][]);
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  /** The region index of {@code row}: the number of split keys at or below it. */
  int regionOf(byte[] row) {
    int lo = 0;
    int hi = splits.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Bytes.compare(splits[mid], row) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public int getPartition(ImmutableBytesWritable key, V value, int numPartitions) {
    int r = regionOf(key.get());
    if (r >= numPartitions) {
      throw new IllegalStateException("row '" + Bytes.toStringBinary(key.get())
          + "' falls in region " + r + " but the job has " + numPartitions + " reducers; "
          + "configureIncrementalLoad sets one reducer per region");
    }
    return r;
  }
}
