package org.basaltdb.thrift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.thrift.TBase;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TEnum;
import org.apache.thrift.TSerializer;
import org.apache.thrift.TUnion;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TCompactProtocol;
import org.apache.thrift.protocol.TProtocolFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that Basalt's IDLs are HBase 2.6.1's on the wire - Thrift2's {@code THBaseService} and
 * Thrift1's {@code Hbase} - using HBase's own generated classes
 * (hbase-thrift 2.6.1, made by an older Thrift compiler, loaded against libthrift 0.17):
 *
 * <ol>
 *   <li>the same generated types exist on both sides - every struct, union, exception, enum, and
 *       the args/result struct of every service method;
 *   <li>each has the same fields by id, requiredness and type (recursively), and the same names;
 *       each enum the same values;
 *   <li>every one of them, with every field set, serialized by HBase's class and read by ours
 *       (and the reverse) re-serializes to the identical bytes, in the binary and compact
 *       protocols - so no field is lost, renumbered or retyped.
 * </ol>
 */
class WireCompatibilityTest {
  /**
   * One service compared: HBase's and Basalt's generated packages (named by their service
   * classes), and how many types HBase's side must at least have, so that an empty listing cannot
   * pass.
   */
  record Service(Class<?> hbase, Class<?> ours, int minTypes) {
    String hbasePkg() {
      return hbase.getPackageName();
    }

    String oursPkg() {
      return ours.getPackageName();
    }

    @Override
    public String toString() {
      return hbase.getSimpleName();
    }
  }

  static List<Service> services() {
    return List.of(
        new Service(org.apache.hadoop.hbase.thrift2.generated.THBaseService.class,
            org.basaltdb.thrift.generated.THBaseService.class, 120),
        new Service(org.apache.hadoop.hbase.thrift.generated.Hbase.class,
            org.basaltdb.thrift.generated.thrift1.Hbase.class, 100));
  }

  /**
   * hbase-thrift 2.6.1's jar also carries a generated {@code NamespaceDescriptor} struct that its
   * Thrift2 IDL no longer declares and no method or struct refers to (a leftover of an early
   * draft of TNamespaceDescriptor); it is not part of the protocol.
   */
  private static final Set<String> NOT_IN_HBASE_IDL = Set.of("NamespaceDescriptor");

  private static Set<String> hbaseTypes(Service s) throws Exception {
    return ThriftStructs.classesBeside(s.hbase()).stream()
        .filter(n -> !NOT_IN_HBASE_IDL.contains(n))
        .filter(n -> isSchemaType(ThriftStructs.load(s.hbasePkg(), n)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> ourTypes(Service s) throws Exception {
    return ThriftStructs.classesBeside(s.ours()).stream()
        .filter(n -> isSchemaType(ThriftStructs.load(s.oursPkg(), n)))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean isSchemaType(Class<?> c) {
    return ThriftStructs.isStruct(c) || c != null && c.isEnum() && TEnum.class.isAssignableFrom(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void sameGeneratedTypesOnBothSides(Service s) throws Exception {
    Set<String> hbase = hbaseTypes(s);
    Set<String> ours = ourTypes(s);
    // Sanity: the comparison covers the whole service, not an empty listing.
    assertTrue(hbase.size() > s.minTypes(), "only " + hbase.size() + " HBase types found");
    Set<String> missing = new TreeSet<>(hbase);
    missing.removeAll(ours);
    Set<String> extra = new TreeSet<>(ours);
    extra.removeAll(hbase);
    assertEquals("", (missing.isEmpty() ? "" : "missing in Basalt: " + missing)
        + (extra.isEmpty() ? "" : " not in HBase: " + extra));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void sameServiceMethods(Service s) {
    assertEquals(methods(iface(s.hbase())), methods(iface(s.ours())));
  }

  private static Class<?> iface(Class<?> service) {
    return ThriftStructs.load(service.getPackageName(), service.getSimpleName() + "$Iface");
  }

  private static List<String> methods(Class<?> iface) {
    List<String> out = new ArrayList<>();
    for (Method m : iface.getMethods()) {
      out.add(m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
          .collect(Collectors.joining(",", "(", ")")) + ":" + m.getReturnType().getSimpleName()
          + " throws " + Arrays.stream(m.getExceptionTypes()).map(Class::getSimpleName).sorted()
          .collect(Collectors.joining(",")));
    }
    out.sort(null);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void sameFieldsIdsTypesAndEnumValues(Service s) throws Exception {
    List<String> differences = new ArrayList<>();
    int structs = 0;
    for (String name : hbaseTypes(s)) {
      Class<?> theirs = ThriftStructs.load(s.hbasePkg(), name);
      Class<?> ours = ThriftStructs.load(s.oursPkg(), name);
      if (theirs.isEnum()) {
        if (!ThriftStructs.enumValues(theirs).equals(ThriftStructs.enumValues(ours))) {
          differences.add(name + ": " + ThriftStructs.enumValues(theirs) + " vs "
              + ThriftStructs.enumValues(ours));
        }
        continue;
      }
      structs++;
      String a = ThriftStructs.schema(theirs);
      String b = ThriftStructs.schema(ours);
      if (!a.equals(b)) {
        differences.add(name + ":\n  HBase:\n" + a + "\n  Basalt:\n" + b);
      }
      if (!ThriftStructs.names(theirs).equals(ThriftStructs.names(ours))) {
        differences.add(name + " field names: " + ThriftStructs.names(theirs) + " vs "
            + ThriftStructs.names(ours));
      }
    }
    assertTrue(structs > s.minTypes() - 20, "only " + structs + " structs compared");
    assertEquals(List.of(), differences);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void everyStructRoundTripsBytewiseBinary(Service s) throws Exception {
    roundTripAll(s, new TBinaryProtocol.Factory());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void everyStructRoundTripsBytewiseCompact(Service s) throws Exception {
    roundTripAll(s, new TCompactProtocol.Factory());
  }

  private void roundTripAll(Service s, TProtocolFactory protocol) throws Exception {
    int checked = 0;
    for (String name : hbaseTypes(s)) {
      Class<?> theirs = ThriftStructs.load(s.hbasePkg(), name);
      if (!ThriftStructs.isStruct(theirs)) {
        continue;
      }
      Class<?> ours = ThriftStructs.load(s.oursPkg(), name);
      int variants = TUnion.class.isAssignableFrom(theirs)
          ? ThriftStructs.metaData(theirs).size() : 1;
      for (int v = 0; v < variants; v++) {
        assertSameBytes(name, protocol, ThriftStructs.filled(theirs, v), ours);
        assertSameBytes(name, protocol, ThriftStructs.filled(ours, v), theirs);
        checked++;
      }
    }
    assertTrue(checked > s.minTypes() - 20, "only " + checked + " structs round-tripped");
  }

  /** {@code from} serialized, read into a fresh {@code into}, re-serialized: the same bytes. */
  @SuppressWarnings("rawtypes")
  private static void assertSameBytes(String name, TProtocolFactory protocol, TBase from,
      Class<?> into) throws Exception {
    byte[] wire = new TSerializer(protocol).serialize(from);
    TBase read = (TBase) into.getDeclaredConstructor().newInstance();
    new TDeserializer(protocol).deserialize(read, wire);
    byte[] again = new TSerializer(protocol).serialize(read);
    assertArrayEquals(wire, again, name + " changed on its way through "
        + into.getName() + ": " + from + " became " + read);
  }
}
