package org.basaltdb.mapreduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.basaltdb.common.ops.Scan;
import org.basaltdb.thrift.ThriftModel;
import org.basaltdb.thrift.generated.TScan;

/**
 * Basalt's text encoding of a {@link Scan}, the value of {@code hbase.mapreduce.scan} (HBase
 * puts a Base64 protobuf there; Basalt its own, documented in
 * {@code docs/formats/scan-encoding.md}):
 *
 * <pre>
 *   encoded := "BS1:" base64(tscan)
 *   tscan   := hbase.thrift's TScan struct in Thrift's binary protocol
 * </pre>
 *
 * <p>{@code BS1} names the format and its version 1; base64 is RFC 4648's standard alphabet with
 * padding. Any language with hbase.thrift can write one. A scan with an exclusive start or an
 * inclusive stop row is written with the next row key ({@code row + 0x00}) instead, which
 * selects the same rows; a raw scan cannot be encoded.
 */
public final class ScanEncoding {
  /** The prefix of version 1. Written into job configurations: never change it. */
  public static final String PREFIX_V1 = "BS1:";

  private ScanEncoding() {}

  public static String encode(Scan scan) {
    return PREFIX_V1 + Base64.getEncoder().encodeToString(
        ThriftBytes.write(ThriftModel.toThrift(scan)));
  }

  /**
   * The scan {@code s} encodes; a value that is not one is an IOException that names
   * {@code key} and says what is wrong with it.
   */
  public static Scan decode(String s, String key) throws IOException {
    if (s == null || !s.startsWith(PREFIX_V1)) {
      throw new IOException(key + " is not a Basalt scan encoding: it must start with '"
          + PREFIX_V1 + "' (made by TableMapReduceUtil.convertScanToString; see "
          + "docs/formats/scan-encoding.md), got '" + abbreviate(s) + "'");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(
          s.substring(PREFIX_V1.length()).trim().getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IOException(key + " has bad base64 after '" + PREFIX_V1 + "': "
          + e.getMessage(), e);
    }
    TScan t = ThriftBytes.read(new TScan(), bytes, key);
    try {
      return ThriftModel.fromThrift(t);
    } catch (RuntimeException e) {
      throw new IOException(key + " holds a scan Basalt cannot run: " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
