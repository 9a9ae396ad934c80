package org.basaltdb.common.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.basaltdb.common.Bytes;
import org.basaltdb.common.Durability;
import org.basaltdb.common.TableName;

/** A table's name, column families and table-wide options. Immutable. */
public final class TableDescriptor {
  private final TableName name;
  private final NavigableMap<byte[], ColumnFamilyDescriptor> families;
  private final Durability durability;

  private TableDescriptor(TableName name, NavigableMap<byte[], ColumnFamilyDescriptor> families,
      Durability durability) {
    this.name = name;
    this.families = Collections.unmodifiableNavigableMap(families);
    this.durability = durability;
  }

  public static TableDescriptor of(TableName name, ColumnFamilyDescriptor... families) {
    return of(name, List.of(families), Durability.USE_DEFAULT);
  }

  public static TableDescriptor of(TableName name, Collection<ColumnFamilyDescriptor> families,
      Durability durability) {
    if (families.isEmpty()) {
      throw new IllegalArgumentException("table " + name + " needs at least one column family");
    }
    NavigableMap<byte[], ColumnFamilyDescriptor> m = new TreeMap<>(Bytes.COMPARATOR);
    for (ColumnFamilyDescriptor f : families) {
      if (m.put(f.name(), f) != null) {
        throw new IllegalArgumentException("column family '" + f.nameAsString()
            + "' appears twice in table " + name);
      }
    }
    return new TableDescriptor(name, m, durability);
  }

  public TableName name() {
    return name;
  }

  public Collection<ColumnFamilyDescriptor> families() {
    return families.values();
  }

  public ColumnFamilyDescriptor family(byte[] name) {
    return families.get(name);
  }

  public boolean hasFamily(byte[] name) {
    return families.containsKey(name);
  }

  /** The table's default durability; {@code USE_DEFAULT} means SYNC_WAL. */
  public Durability durability() {
    return durability;
  }

  public TableDescriptor withFamily(ColumnFamilyDescriptor f) {
    List<ColumnFamilyDescriptor> fs = new ArrayList<>(families.values());
    fs.removeIf(x -> Bytes.equals(x.name(), f.name()));
    fs.add(f);
    return of(name, fs, durability);
  }

  public TableDescriptor withoutFamily(byte[] family) {
    List<ColumnFamilyDescriptor> fs = new ArrayList<>(families.values());
    fs.removeIf(x -> Bytes.equals(x.name(), family));
    return of(name, fs, durability);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("'").append(name).append("'");
    for (ColumnFamilyDescriptor f : families.values()) {
      sb.append(", ").append(f);
    }
    return sb.toString();
  }
}
