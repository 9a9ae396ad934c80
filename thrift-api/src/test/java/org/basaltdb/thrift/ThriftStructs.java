package org.basaltdb.thrift;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.thrift.TBase;
import org.apache.thrift.TFieldIdEnum;
import org.apache.thrift.TUnion;
import org.apache.thrift.meta_data.EnumMetaData;
import org.apache.thrift.meta_data.FieldMetaData;
import org.apache.thrift.meta_data.FieldValueMetaData;
import org.apache.thrift.meta_data.ListMetaData;
import org.apache.thrift.meta_data.MapMetaData;
import org.apache.thrift.meta_data.SetMetaData;
import org.apache.thrift.meta_data.StructMetaData;
import org.apache.thrift.protocol.TType;

/**
 * Reflection over Thrift-generated classes, for the wire-compatibility tests: the classes of a
 * generated package, a printable description of each struct's fields (id, requiredness, type,
 * recursively), and instances with every field set to a deterministic value.
 */
final class ThriftStructs {
  static final String HBASE_PKG = "org.apache.hadoop.hbase.thrift2.generated";
  static final String OURS_PKG = "org.basaltdb.thrift.generated";

  private ThriftStructs() {}

  /** Binary names ({@code THBaseService$get_args}) of the classes in the package of {@code c}. */
  static Set<String> classesBeside(Class<?> c) throws IOException {
    String dir = c.getPackageName().replace('.', '/');
    URI location;
    try {
      location = c.getProtectionDomain().getCodeSource().getLocation().toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    Path root = Path.of(location);
    Set<String> out = new TreeSet<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> s = Files.list(root.resolve(dir))) {
        s.forEach(p -> addClass(out, p.getFileName().toString()));
      }
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(root)) {
        try (Stream<Path> s = Files.list(jar.getPath(dir))) {
          s.forEach(p -> addClass(out, p.getFileName().toString()));
        }
      }
    }
    return out;
  }

  private static void addClass(Set<String> out, String file) {
    if (file.endsWith(".class")) {
      out.add(file.substring(0, file.length() - ".class".length()));
    }
  }

  static Class<?> load(String pkg, String binaryName) {
    try {
      return Class.forName(pkg + "." + binaryName);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /** Whether a class carries a Thrift schema: a struct, union, exception, or method args/result. */
  static boolean isStruct(Class<?> c) {
    return c != null && TBase.class.isAssignableFrom(c) && !c.isInterface()
        && !java.lang.reflect.Modifier.isAbstract(c.getModifiers());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Map<? extends TFieldIdEnum, FieldMetaData> metaData(Class<?> c) {
    return FieldMetaData.getStructMetaDataMap((Class) c);
  }

  /** One line per field: {@code id:requiredness:type}, sorted by id; names are left out. */
  static String schema(Class<?> c) {
    Map<Short, String> byId = new TreeMap<>();
    metaData(c).forEach((f, md) -> byId.put(f.getThriftFieldId(),
        f.getThriftFieldId() + ":" + requiredness(md.requirementType) + ":"
            + describe(md.valueMetaData)));
    return String.join("\n", byId.values());
  }

  /** As {@link #schema}, with field names, to show that the names are HBase's too. */
  static String names(Class<?> c) {
    Map<Short, String> byId = new TreeMap<>();
    metaData(c).forEach((f, md) -> byId.put(f.getThriftFieldId(),
        f.getThriftFieldId() + "=" + md.fieldName));
    return String.join(",", byId.values());
  }

  private static String requiredness(byte r) {
    switch (r) {
      case org.apache.thrift.TFieldRequirementType.REQUIRED:
        return "required";
      case org.apache.thrift.TFieldRequirementType.OPTIONAL:
        return "optional";
      default:
        return "default";
    }
  }

  static String describe(FieldValueMetaData v) {
    if (v instanceof StructMetaData s) {
      return "struct " + s.structClass.getSimpleName();
    } else if (v instanceof EnumMetaData e) {
      return "enum " + e.enumClass.getSimpleName();
    } else if (v instanceof ListMetaData l) {
      return "list<" + describe(l.elemMetaData) + ">";
    } else if (v instanceof SetMetaData s) {
      return "set<" + describe(s.elemMetaData) + ">";
    } else if (v instanceof MapMetaData m) {
      return "map<" + describe(m.keyMetaData) + "," + describe(m.valueMetaData) + ">";
    } else if (v.type == TType.STRING) {
      return v.isBinary() ? "binary" : "string";
    } else if (v.isTypedef()) {
      return "typedef " + v.getTypedefName() + " " + v.type;
    }
    return "ttype " + v.type;
  }

  /** Every enum constant as {@code NAME=value}, in value order. */
  static String enumValues(Class<?> e) {
    Map<Integer, String> byValue = new TreeMap<>();
    for (Object c : e.getEnumConstants()) {
      byValue.put(((org.apache.thrift.TEnum) c).getValue(), ((Enum<?>) c).name() + "="
          + ((org.apache.thrift.TEnum) c).getValue());
    }
    return String.join(",", byValue.values());
  }

  /**
   * An instance of {@code c} with every field set (for a union: the field at {@code unionField}
   * in id order), values derived from field ids so two differently-generated classes filled the
   * same way are equal on the wire.
   */
  static TBase<?, ?> filled(Class<?> c, int unionField) {
    return filled(c, unionField, 0);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TBase<?, ?> filled(Class<?> c, int unionField, int depth) {
    try {
      TBase t = (TBase) c.getDeclaredConstructor().newInstance();
      List<Map.Entry<? extends TFieldIdEnum, FieldMetaData>> fields =
          new ArrayList<>(metaData(c).entrySet());
      fields.sort((a, b) -> Short.compare(a.getKey().getThriftFieldId(),
          b.getKey().getThriftFieldId()));
      if (t instanceof TUnion) {
        fields = List.of(fields.get(unionField % fields.size()));
      }
      for (Map.Entry<? extends TFieldIdEnum, FieldMetaData> f : fields) {
        Object v = value(f.getValue().valueMetaData, f.getKey().getThriftFieldId(), depth);
        if (v != null) {
          t.setFieldValue(f.getKey(), v);
        }
      }
      return t;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Thrift1's IDL names binary through typedefs ({@code Text}, {@code Bytes}), which the
   * generated metadata records only by name.
   */
  private static final Set<String> BINARY_TYPEDEFS = Set.of("Text", "Bytes");

  private static boolean isBinary(FieldValueMetaData v) {
    return v.isBinary() || v.isTypedef() && BINARY_TYPEDEFS.contains(v.getTypedefName());
  }

  private static Object value(FieldValueMetaData v, int seed, int depth) {
    if (v instanceof StructMetaData s) {
      return depth > 3 ? null : filled(s.structClass, seed, depth + 1);
    } else if (v instanceof EnumMetaData e) {
      Object[] cs = e.enumClass.getEnumConstants();
      return cs[seed % cs.length];
    } else if (v instanceof ListMetaData l) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Object x = value(l.elemMetaData, seed + i, depth + 1);
        if (x != null) {
          out.add(x);
        }
      }
      return out;
    } else if (v instanceof SetMetaData s) {
      Set<Object> out = new HashSet<>();
      Object x = value(s.elemMetaData, seed, depth + 1);
      if (x != null) {
        out.add(x);
      }
      return out;
    } else if (v instanceof MapMetaData m) {
      Map<Object, Object> out = new HashMap<>();
      Object k = value(m.keyMetaData, seed, depth + 1);
      Object x = value(m.valueMetaData, seed + 1, depth + 1);
      if (k != null && x != null) {
        out.put(k, x);
      }
      return out;
    }
    switch (v.type) {
      case TType.BOOL:
        return seed % 2 == 0;
      case TType.BYTE:
        return (byte) (seed + 3);
      case TType.I16:
        return (short) (seed + 1000);
      case TType.I32:
        return seed + 100_000;
      case TType.I64:
        return seed + 10_000_000_000L;
      case TType.DOUBLE:
        return seed + 0.5;
      case TType.STRING:
        String s = "v" + seed;
        return isBinary(v) ? ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)) : s;
      default:
        throw new AssertionError("no sample value for Thrift type " + v.type);
    }
  }
}
