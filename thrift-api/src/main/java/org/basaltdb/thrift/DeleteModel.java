package org.basaltdb.thrift;

import static org.basaltdb.thrift.Wire.array;
import static org.basaltdb.thrift.Wire.at;
import static org.basaltdb.thrift.Wire.bad;
import static org.basaltdb.thrift.Wire.required;
import static org.basaltdb.thrift.Wire.timestamp;
import static org.basaltdb.thrift.Wire.wrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.basaltdb.common.Cell;
import org.basaltdb.common.Durability;
import org.basaltdb.common.ops.Delete;
import org.basaltdb.thrift.generated.TColumn;
import org.basaltdb.thrift.generated.TDelete;
import org.basaltdb.thrift.generated.TDeleteType;

/**
 * {@link ThriftModel}'s delete conversions: a TDelete's columns and delete type as a Delete's
 * markers, and a Delete back as one TDelete per kind of marker. Pure functions, as there.
 */
final class DeleteModel {
  private DeleteModel() {}

  /** See {@link ThriftModel#fromThrift(TDelete)}. */
  static Delete fromThrift(TDelete in) {
    required(in, "TDelete");
    byte[] row = required(array(in.row), "TDelete.row");
    Delete out;
    if (in.getColumns() == null || in.getColumns().isEmpty()) {
      long ts = in.isSetTimestamp()
          ? timestamp(in.getTimestamp(), "TDelete.timestamp") : Cell.LATEST_TIMESTAMP;
      out = at("TDelete.row", () -> new Delete(row, ts));
    } else {
      out = at("TDelete.row", () -> new Delete(row));
      TDeleteType type = in.getDeleteType();
      if (type == null) {
        throw bad("TDelete.deleteType", "is missing or not a known TDeleteType");
      }
      List<TColumn> columns = in.getColumns();
      for (int i = 0; i < columns.size(); i++) {
        String field = "TDelete.columns[" + i + "]";
        TColumn c = required(columns.get(i), field);
        addDeleteColumn(out, type, c, field);
      }
    }
    out.setDurability(ThriftModel.fromThrift(in.getDurability()));
    return out;
  }

  private static void addDeleteColumn(Delete out, TDeleteType type, TColumn c, String field) {
    byte[] family = required(array(c.family), field + ".family");
    Long ts = c.isSetTimestamp() ? timestamp(c.getTimestamp(), field + ".timestamp") : null;
    byte[] qualifier = array(c.qualifier);
    at(field, () -> {
      switch (type) {
        case DELETE_COLUMN:
        case DELETE_COLUMNS:
          if (qualifier == null) {
            addFamily(out, family, ts);
          } else if (type == TDeleteType.DELETE_COLUMN) {
            if (ts == null) {
              out.addColumn(family, qualifier);
            } else {
              out.addColumn(family, qualifier, ts);
            }
          } else if (ts == null) {
            out.addColumns(family, qualifier);
          } else {
            out.addColumns(family, qualifier, ts);
          }
          break;
        case DELETE_FAMILY:
          addFamily(out, family, ts);
          break;
        case DELETE_FAMILY_VERSION:
          if (ts == null) {
            throw bad(field + ".timestamp", "is required with DELETE_FAMILY_VERSION");
          }
          out.addFamilyVersion(family, ts);
          break;
        default:
          throw bad("TDelete.deleteType", "is not a known TDeleteType: " + type);
      }
    });
  }

  private static void addFamily(Delete out, byte[] family, Long ts) {
    if (ts == null) {
      out.addFamily(family);
    } else {
      out.addFamily(family, ts);
    }
  }

  /** One TDelete per delete kind in {@code in}, kinds in order of first appearance. */
  static List<TDelete> split(Delete in) {
    Map<Cell.Type, TDelete> byKind = new LinkedHashMap<>();
    for (Cell c : in.cells()) {
      TDelete d = byKind.computeIfAbsent(c.type(), t -> newTDelete(in, deleteType(t)));
      TColumn col = new TColumn(wrap(c.family()));
      if (!c.type().isFamilyDelete()) {
        col.setQualifier(c.qualifier()); // set even when empty: empty is a real qualifier
      }
      if (c.timestamp() != Cell.LATEST_TIMESTAMP) {
        col.setTimestamp(c.timestamp());
      }
      d.addToColumns(col);
    }
    if (byKind.isEmpty()) {
      TDelete whole = newTDelete(in, TDeleteType.DELETE_COLUMNS);
      if (in.timestamp() != Cell.LATEST_TIMESTAMP) {
        whole.setTimestamp(in.timestamp());
      }
      return List.of(whole);
    }
    return new ArrayList<>(byKind.values());
  }

  private static TDelete newTDelete(Delete in, TDeleteType type) {
    TDelete d = new TDelete(wrap(in.row()));
    d.setDeleteType(type);
    if (in.durability() != Durability.USE_DEFAULT) {
      d.setDurability(ThriftModel.toThrift(in.durability()));
    }
    return d;
  }

  private static TDeleteType deleteType(Cell.Type t) {
    switch (t) {
      case DELETE:
        return TDeleteType.DELETE_COLUMN;
      case DELETE_COLUMN:
        return TDeleteType.DELETE_COLUMNS;
      case DELETE_FAMILY:
        return TDeleteType.DELETE_FAMILY;
      case DELETE_FAMILY_VERSION:
        return TDeleteType.DELETE_FAMILY_VERSION;
      default:
        throw bad("Delete", "holds a cell of type " + t + ", not a delete marker");
    }
  }
}
