package org.basaltdb.shell.command;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.basaltdb.common.schema.ColumnFamilyDescriptor;
import org.basaltdb.common.schema.KeepDeletedCells;
import org.basaltdb.shell.lang.Value;

/** Column family options as {@code create} and {@code alter} take them: {@code {NAME => 'f', ...}}. */
final class FamilyOptions {
  static final Set<String> KEYS = Set.of("NAME", "VERSIONS", "MIN_VERSIONS", "TTL",
      "KEEP_DELETED_CELLS", "BLOOMFILTER", "COMPRESSION", "BLOCKSIZE", "IN_MEMORY", "BLOCKCACHE");

  private FamilyOptions() {}

  /** Applies every option but NAME (and the keys in {@code ignore}) onto {@code b}. */
  static ColumnFamilyDescriptor apply(ColumnFamilyDescriptor.Builder b, Value.Hash h,
      Set<String> ignore) {
    for (Map.Entry<String, Value> e : h.entries().entrySet()) {
      String k = e.getKey();
      Value v = e.getValue();
      if (k.equals("NAME") || ignore.contains(k)) {
        continue;
      }
      switch (k) {
        case "VERSIONS" -> b.maxVersions(Args.intValue(v, k));
        case "MIN_VERSIONS" -> b.minVersions(Args.intValue(v, k));
        case "TTL" -> {
          if (v instanceof Value.Str s && s.text().equalsIgnoreCase("FOREVER")) {
            b.ttlSeconds(ColumnFamilyDescriptor.FOREVER);
          } else {
            b.ttlSeconds(Args.intValue(v, k));
          }
        }
        case "KEEP_DELETED_CELLS" -> b.keepDeletedCells(v instanceof Value.Bool x
            ? (x.value() ? KeepDeletedCells.TRUE : KeepDeletedCells.FALSE)
            : keepDeleted(Args.text(v, k)));
        case "BLOOMFILTER" -> b.bloomFilter(Args.text(v, k));
        case "COMPRESSION" -> b.compression(Args.text(v, k));
        case "BLOCKSIZE" -> b.blockSize(Args.intValue(v, k));
        case "IN_MEMORY" -> b.inMemory(Args.bool(v, k));
        case "BLOCKCACHE" -> b.blockCache(Args.bool(v, k));
        default -> throw new UsageException("unknown column family option " + k + "; known: "
            + String.join(", ", new java.util.TreeSet<>(KEYS)));
      }
    }
    return b.build();
  }

  private static KeepDeletedCells keepDeleted(String s) {
    try {
      return KeepDeletedCells.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("KEEP_DELETED_CELLS must be true, false or 'TTL', got '" + s + "'");
    }
  }
}
