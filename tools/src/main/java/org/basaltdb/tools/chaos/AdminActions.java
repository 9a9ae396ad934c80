package org.basaltdb.tools.chaos;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.basaltdb.client.Admin;
import org.basaltdb.client.ClusterStatus;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.RegionLocation;

/**
 * The faults the admin API can cause on one table: region moves, splits, merges, flushes, major
 * compactions and balancer runs. Process faults (kill -9, SIGSTOP) need the processes, so they
 * come from whoever started the cluster (see the integration tests' ChaosTest).
 */
public final class AdminActions {
  /** Every name {@link #byName} knows, in the order they are listed. */
  public static final List<String> NAMES = List.of("move", "split", "merge", "flush",
      "major-compact", "balance");

  private AdminActions() {}

  public static List<ChaosAction> all(Admin admin, TableName table) {
    return byName(admin, table, NAMES);
  }

  /** The actions on several tables: each action but balance picks one of them first. */
  public static List<ChaosAction> all(Admin admin, List<TableName> tables) {
    return byName(admin, tables, NAMES);
  }

  public static List<ChaosAction> byName(Admin admin, TableName table, List<String> names) {
    return byName(admin, Collections.singletonList(table), names);
  }

  /**
   * The named actions on {@code tables}. With one table no choice is drawn for it, so a seed
   * makes the same choices as before tables could be several.
   */
  public static List<ChaosAction> byName(Admin admin, List<TableName> tables,
      List<String> names) {
    if (tables.isEmpty()) {
      throw new IllegalArgumentException("chaos actions need a table");
    }
    Function<SplittableRandom, TableName> pick = r -> tables.size() == 1 ? tables.get(0)
        : tables.get(r.nextInt(tables.size()));
    Map<String, Function<SplittableRandom, String>> known = Map.of(
        "move", r -> call(() -> move(admin, pick.apply(r), r)),
        "split", r -> call(() -> split(admin, pick.apply(r), r)),
        "merge", r -> call(() -> merge(admin, pick.apply(r), r)),
        "flush", r -> call(() -> {
          TableName table = pick.apply(r);
          admin.flush(table);
          return "flushed " + table;
        }),
        "major-compact", r -> call(() -> {
          TableName table = pick.apply(r);
          admin.majorCompact(table);
          return "major compaction of " + table + " queued"; // it runs on, as HBase's does
        }),
        "balance", r -> call(() -> "balancer " + (admin.balance() ? "ran" : "did not run")));
    List<ChaosAction> out = new ArrayList<>();
    for (String n : names) {
      Function<SplittableRandom, String> f = known.get(n);
      if (f == null) {
        throw new IllegalArgumentException("unknown chaos action '" + n + "'; known: " + NAMES);
      }
      out.add(new ChaosAction() {
        @Override
        public String name() {
          return n;
        }

        @Override
        public String perform(SplittableRandom random) {
          return f.apply(random);
        }
      });
    }
    return out;
  }

  private interface IoCall {
    String call() throws IOException;
  }

  private static String call(IoCall c) {
    try {
      return c.call();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The table's regions in key order. */
  private static List<RegionLocation> regions(Admin admin, TableName table) throws IOException {
    List<RegionLocation> rs = new ArrayList<>(admin.getRegions(table));
    rs.sort(Comparator.comparing(l -> l.region().startKey(), Arrays::compareUnsigned));
    return rs;
  }

  private static String move(Admin admin, TableName table, SplittableRandom r)
      throws IOException {
    List<RegionLocation> rs = regions(admin, table);
    RegionLocation l = rs.get(r.nextInt(rs.size()));
    ClusterStatus status = admin.getClusterStatus();
    List<String> others = status.liveServers().stream().map(ClusterStatus.LiveServer::serverName)
        .filter(s -> !s.equals(l.server())).sorted().toList();
    if (others.isEmpty()) {
      return "no other live server to move " + l.region().encodedName() + " to";
    }
    String dest = others.get(r.nextInt(others.size()));
    admin.move(l.region().encodedName(), dest);
    return "moved " + table + " " + l.region().encodedName() + " from " + l.server() + " to " + dest;
  }

  private static String split(Admin admin, TableName table, SplittableRandom r)
      throws IOException {
    List<RegionLocation> rs = regions(admin, table);
    RegionLocation l = rs.get(r.nextInt(rs.size()));
    byte[] mid = middle(l.region().startKey(), l.region().endKey());
    if (mid == null) {
      return "region " + l.region().encodedName() + " too narrow to split";
    }
    admin.splitRegion(table, l.region().encodedName(), mid);
    return "split " + table + " " + l.region().encodedName() + " at " + Bytes.toStringBinary(mid);
  }

  private static String merge(Admin admin, TableName table, SplittableRandom r)
      throws IOException {
    List<RegionLocation> rs = regions(admin, table);
    if (rs.size() < 2) {
      return "one region only; nothing to merge";
    }
    int i = r.nextInt(rs.size() - 1);
    String a = rs.get(i).region().encodedName();
    String b = rs.get(i + 1).region().encodedName();
    admin.mergeRegions(a, b);
    return "merged " + table + " " + a + " and " + b;
  }

  /**
   * A key strictly between {@code start} and {@code end} (empty = the table's first or last
   * key), as 8-byte unsigned numbers, or null if there is none.
   */
  public static byte[] middle(byte[] start, byte[] end) {
    BigInteger lo = asNumber(start, false);
    BigInteger hi = asNumber(end, true);
    BigInteger mid = lo.add(hi).shiftRight(1);
    if (mid.compareTo(lo) <= 0 || mid.compareTo(hi) >= 0) {
      return null;
    }
    byte[] b = mid.toByteArray();
    byte[] out = new byte[8];
    int n = Math.min(8, b.length);
    System.arraycopy(b, b.length - n, out, 8 - n, n);
    int len = 8;
    while (len > 1 && out[len - 1] == 0) {
      len--; // 0x80 rather than 0x8000000000000000: a readable split key
    }
    byte[] key = Arrays.copyOf(out, len);
    return Arrays.compareUnsigned(key, start) > 0
        && (end.length == 0 || Arrays.compareUnsigned(key, end) < 0) ? key : null;
  }

  private static BigInteger asNumber(byte[] key, boolean isEnd) {
    if (key.length == 0) {
      return isEnd ? BigInteger.ONE.shiftLeft(64) : BigInteger.ZERO;
    }
    byte[] b = Arrays.copyOf(key, 8); // pads with zeros; longer keys are cut (ids are 8 bytes)
    return new BigInteger(1, b);
  }
}
