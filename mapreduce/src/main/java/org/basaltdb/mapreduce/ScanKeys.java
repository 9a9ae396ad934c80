package org.basaltdb.mapreduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.common.ConfigKey;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.common.ops.TimeRange;

/**
 * The job's scan, from {@code hbase.mapreduce.scan} when set, or else built from the
 * {@code hbase.mapreduce.scan.*} keys, as HBase's
 * {@code TableInputFormat.createScanFromConfiguration} does. A bad value is an IOException
 * naming the key and the value.
 */
public final class ScanKeys {
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private ScanKeys() {}

  public static Scan scanFrom(Configuration conf) throws IOException {
    String encoded = MapReduceConfig.SCAN.get(conf);
    if (encoded != null) {
      return ScanEncoding.decode(encoded, MapReduceConfig.SCAN.name());
    }
    Scan scan = new Scan();
    String v;
    if ((v = MapReduceConfig.SCAN_ROW_START.get(conf)) != null) {
      scan.withStartRow(parseBinary(v, MapReduceConfig.SCAN_ROW_START.name()));
    }
    if ((v = MapReduceConfig.SCAN_ROW_STOP.get(conf)) != null) {
      scan.withStopRow(parseBinary(v, MapReduceConfig.SCAN_ROW_STOP.name()));
    }
    if ((v = MapReduceConfig.SCAN_COLUMNS.get(conf)) != null) {
      for (String col : SPACES.split(v.trim())) {
        if (!col.isEmpty()) {
          addColumn(scan, col, MapReduceConfig.SCAN_COLUMNS.name());
        }
      }
    }
    if ((v = MapReduceConfig.SCAN_COLUMN_FAMILY.get(conf)) != null) {
      addColumn(scan, v, MapReduceConfig.SCAN_COLUMN_FAMILY.name());
    }
    if ((v = MapReduceConfig.SCAN_TIMESTAMP.get(conf)) != null) {
      long ts = parseLong(v, MapReduceConfig.SCAN_TIMESTAMP);
      if (ts < 0) {
        throw new IOException(MapReduceConfig.SCAN_TIMESTAMP.name()
            + " must not be negative, got " + ts);
      }
      scan.setTimestamp(ts);
    }
    String trStart = MapReduceConfig.SCAN_TIMERANGE_START.get(conf);
    String trEnd = MapReduceConfig.SCAN_TIMERANGE_END.get(conf);
    if (trStart != null || trEnd != null) {
      if (trStart == null || trEnd == null) {
        throw new IOException(MapReduceConfig.SCAN_TIMERANGE_START.name() + " and "
            + MapReduceConfig.SCAN_TIMERANGE_END.name() + " must be set together");
      }
      long from = parseLong(trStart, MapReduceConfig.SCAN_TIMERANGE_START);
      long to = parseLong(trEnd, MapReduceConfig.SCAN_TIMERANGE_END);
      try {
        scan.setTimeRange(new TimeRange(from, to));
      } catch (IllegalArgumentException e) {
        throw new IOException("bad time range [" + from + ", " + to + ") from "
            + MapReduceConfig.SCAN_TIMERANGE_START.name() + ": " + e.getMessage(), e);
      }
    }
    if ((v = MapReduceConfig.SCAN_MAXVERSIONS.get(conf)) != null) {
      scan.readVersions(positive(v, MapReduceConfig.SCAN_MAXVERSIONS));
    }
    if ((v = MapReduceConfig.SCAN_CACHEDROWS.get(conf)) != null) {
      scan.setCaching(positive(v, MapReduceConfig.SCAN_CACHEDROWS));
    }
    if ((v = MapReduceConfig.SCAN_BATCHSIZE.get(conf)) != null) {
      scan.setBatch(positive(v, MapReduceConfig.SCAN_BATCHSIZE));
    }
    // A job reads each block once: by default it should not push the working set out of the cache.
    v = MapReduceConfig.SCAN_CACHEBLOCKS.get(conf);
    if (v != null && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
      throw new IOException(MapReduceConfig.SCAN_CACHEBLOCKS.name()
          + " must be true or false, got '" + v + "'");
    }
    scan.setCacheBlocks(v != null && v.equalsIgnoreCase("true"));
    return scan;
  }

  /** {@code FAMILY} (the whole family) or {@code FAMILY:QUALIFIER}, added to {@code scan}. */
  public static void addColumn(Scan scan, String column, String where) throws IOException {
    int colon = column.indexOf(':');
    String family = colon < 0 ? column : column.substring(0, colon);
    if (family.isEmpty()) {
      throw new IOException("column '" + column + "' in " + where + " has no family");
    }
    try {
      if (colon < 0) {
        scan.addFamily(family.getBytes(StandardCharsets.UTF_8));
      } else {
        scan.addColumn(family.getBytes(StandardCharsets.UTF_8),
            parseBinary(column.substring(colon + 1), where));
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("bad column '" + column + "' in " + where + ": " + e.getMessage(), e);
    }
  }

  /**
   * The bytes of a key written as the shell prints them ({@code Bytes.toStringBinary}): printable
   * characters as themselves, any byte as {@code \xNN}. A {@code \x} not followed by two hex
   * digits is an IOException naming {@code where}.
   */
  public static byte[] parseBinary(String s, String where) throws IOException {
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[in.length];
    int n = 0;
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b == '\\' && i + 1 < in.length && in[i + 1] == 'x') {
        int hi = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
        int lo = i + 3 < in.length ? Character.digit(in[i + 3], 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new IOException(where + ": bad escape at offset " + i + " in '" + s
              + "': \\x must be followed by two hex digits");
        }
        out[n++] = (byte) (hi << 4 | lo);
        i += 3;
      } else {
        out[n++] = b;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  private static long parseLong(String v, ConfigKey<String> key) throws IOException {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IOException(key.name() + " must be a number, got '" + v + "'", e);
    }
  }

  private static int positive(String v, ConfigKey<String> key) throws IOException {
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IOException(key.name() + " must be a whole number, got '" + v + "'", e);
    }
    if (n < 1) {
      throw new IOException(key.name() + " must be at least 1, got " + n);
    }
    return n;
  }
}
