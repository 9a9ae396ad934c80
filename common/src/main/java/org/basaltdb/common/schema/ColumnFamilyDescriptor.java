package org.basaltdb.common.schema;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Limits;

/**
 * A column family's options, with HBase's names, meanings and defaults. Immutable; change it
 * through {@link #toBuilder()}.
 */
public final class ColumnFamilyDescriptor {
  /** HBase's "forever": TTL in seconds. */
  public static final int FOREVER = Integer.MAX_VALUE;

  /** Bloom filter types the SSTable supports. */
  public static final Set<String> BLOOM_TYPES = Set.of("NONE", "ROW", "ROWCOL");

  /** Compression codecs the SSTable supports. */
  public static final Set<String> COMPRESSIONS = Set.of("NONE", "LZ4", "ZSTD", "SNAPPY");

  private final byte[] name;
  private final int maxVersions;
  private final int minVersions;
  private final int ttlSeconds;
  private final KeepDeletedCells keepDeletedCells;
  private final String bloomFilter;
  private final String compression;
  private final int blockSize;
  private final boolean inMemory;
  private final boolean blockCache;

  private ColumnFamilyDescriptor(Builder b) {
    this.name = b.name;
    this.maxVersions = b.maxVersions;
    this.minVersions = b.minVersions;
    this.ttlSeconds = b.ttlSeconds;
    this.keepDeletedCells = b.keepDeletedCells;
    this.bloomFilter = b.bloomFilter;
    this.compression = b.compression;
    this.blockSize = b.blockSize;
    this.inMemory = b.inMemory;
    this.blockCache = b.blockCache;
  }

  public static ColumnFamilyDescriptor of(String name) {
    return builder(Bytes.toBytes(name)).build();
  }

  public static Builder builder(byte[] name) {
    return new Builder(name);
  }

  public static Builder builder(String name) {
    return new Builder(Bytes.toBytes(name));
  }

  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.maxVersions = maxVersions;
    b.minVersions = minVersions;
    b.ttlSeconds = ttlSeconds;
    b.keepDeletedCells = keepDeletedCells;
    b.bloomFilter = bloomFilter;
    b.compression = compression;
    b.blockSize = blockSize;
    b.inMemory = inMemory;
    b.blockCache = blockCache;
    return b;
  }

  public byte[] name() {
    return name;
  }

  public String nameAsString() {
    return Bytes.toString(name);
  }

  /** VERSIONS: how many versions of a column are kept (default 1). */
  public int maxVersions() {
    return maxVersions;
  }

  /** MIN_VERSIONS: versions kept even when older than TTL (default 0). */
  public int minVersions() {
    return minVersions;
  }

  /** TTL in seconds; {@link #FOREVER} means cells never expire. */
  public int ttlSeconds() {
    return ttlSeconds;
  }

  public long ttlMillis() {
    return ttlSeconds == FOREVER ? Long.MAX_VALUE : ttlSeconds * 1000L;
  }

  public KeepDeletedCells keepDeletedCells() {
    return keepDeletedCells;
  }

  /** NONE, ROW (default) or ROWCOL. */
  public String bloomFilter() {
    return bloomFilter;
  }

  /** NONE (default), LZ4, ZSTD or SNAPPY. */
  public String compression() {
    return compression;
  }

  /** BLOCKSIZE in bytes (default 64 KiB). */
  public int blockSize() {
    return blockSize;
  }

  public boolean inMemory() {
    return inMemory;
  }

  public boolean blockCache() {
    return blockCache;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnFamilyDescriptor d && Bytes.equals(name, d.name)
        && maxVersions == d.maxVersions && minVersions == d.minVersions
        && ttlSeconds == d.ttlSeconds && keepDeletedCells == d.keepDeletedCells
        && bloomFilter.equals(d.bloomFilter) && compression.equals(d.compression)
        && blockSize == d.blockSize && inMemory == d.inMemory && blockCache == d.blockCache;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Bytes.toString(name), maxVersions, minVersions, ttlSeconds,
        keepDeletedCells, bloomFilter, compression, blockSize, inMemory, blockCache);
  }

  /** HBase shell style: {@code {NAME => 'f', VERSIONS => '1', ...}}. */
  @Override
  public String toString() {
    return "{NAME => '" + Bytes.toStringBinary(name) + "', VERSIONS => '" + maxVersions
        + "', MIN_VERSIONS => '" + minVersions + "', TTL => '"
        + (ttlSeconds == FOREVER ? "FOREVER" : ttlSeconds + " SECONDS") + "', KEEP_DELETED_CELLS => '"
        + keepDeletedCells + "', BLOOMFILTER => '" + bloomFilter + "', COMPRESSION => '"
        + compression + "', BLOCKSIZE => '" + blockSize + "', IN_MEMORY => '" + inMemory
        + "', BLOCKCACHE => '" + blockCache + "'}";
  }

  /** Builds a descriptor; every setter checks its argument. */
  public static final class Builder {
    private final byte[] name;
    private int maxVersions = 1;
    private int minVersions = 0;
    private int ttlSeconds = FOREVER;
    private KeepDeletedCells keepDeletedCells = KeepDeletedCells.FALSE;
    private String bloomFilter = "ROW";
    private String compression = "NONE";
    private int blockSize = 64 * 1024;
    private boolean inMemory;
    private boolean blockCache = true;

    private Builder(byte[] name) {
      Limits.checkFamily(name);
      this.name = name;
    }

    public Builder maxVersions(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("VERSIONS must be at least 1, got " + v);
      }
      this.maxVersions = v;
      return this;
    }

    public Builder minVersions(int v) {
      if (v < 0) {
        throw new IllegalArgumentException("MIN_VERSIONS must not be negative, got " + v);
      }
      this.minVersions = v;
      return this;
    }

    public Builder ttlSeconds(int ttl) {
      if (ttl <= 0) {
        throw new IllegalArgumentException("TTL must be positive seconds, got " + ttl);
      }
      this.ttlSeconds = ttl;
      return this;
    }

    public Builder keepDeletedCells(KeepDeletedCells k) {
      this.keepDeletedCells = Objects.requireNonNull(k);
      return this;
    }

    public Builder bloomFilter(String type) {
      this.bloomFilter = oneOf("BLOOMFILTER", type, BLOOM_TYPES);
      return this;
    }

    public Builder compression(String codec) {
      this.compression = oneOf("COMPRESSION", codec, COMPRESSIONS);
      return this;
    }

    public Builder blockSize(int bytes) {
      if (bytes < 1024 || bytes > 16 << 20) {
        throw new IllegalArgumentException("BLOCKSIZE must be between 1 KiB and 16 MiB, got "
            + bytes);
      }
      this.blockSize = bytes;
      return this;
    }

    public Builder inMemory(boolean b) {
      this.inMemory = b;
      return this;
    }

    public Builder blockCache(boolean b) {
      this.blockCache = b;
      return this;
    }

    public ColumnFamilyDescriptor build() {
      if (minVersions > maxVersions) {
        throw new IllegalArgumentException("MIN_VERSIONS (" + minVersions
            + ") must not exceed VERSIONS (" + maxVersions + ")");
      }
      return new ColumnFamilyDescriptor(this);
    }

    private static String oneOf(String option, String v, Set<String> allowed) {
      String u = Objects.requireNonNull(v, option).toUpperCase(Locale.ROOT);
      if (!allowed.contains(u)) {
        throw new IllegalArgumentException(option + " must be one of " + allowed + ", got '" + v
            + "'");
      }
      return u;
    }
  }
}
