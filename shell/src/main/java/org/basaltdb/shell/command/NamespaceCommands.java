package org.basaltdb.shell.command;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.basaltdb.common.TableName;
import org.basaltdb.common.schema.NamespaceDescriptor;
import org.basaltdb.shell.lang.Value;

/** namespace: create, drop, describe, list, list tables, alter. */
final class NamespaceCommands {
  static final String GROUP = "namespace";

  private NamespaceCommands() {}

  static void register(Registry r) {
    r.add(new CommandSpec("create_namespace", GROUP,
        "Creates a namespace, optionally with configuration properties.",
        "create_namespace 'namespace' [, {'KEY' => 'value', ...}]",
        List.of("create_namespace 'ns1'", "create_namespace 'ns1', {'PROPERTY_NAME' => 'value'}"),
        (s, a) -> {
          a.count(1, 2);
          s.admin().createNamespace(new NamespaceDescriptor(a.string(0, "namespace"),
              a.has(1) ? properties(hash(a, 1)) : Map.of()));
        }));
    r.add(new CommandSpec("drop_namespace", GROUP, "Drops an empty namespace.",
        "drop_namespace 'namespace'", List.of("drop_namespace 'ns1'"),
        (s, a) -> s.admin().deleteNamespace(a.count(1, 1).string(0, "namespace"))));
    r.add(new CommandSpec("describe_namespace", GROUP, "Shows a namespace and its properties.",
        "describe_namespace 'namespace'", List.of("describe_namespace 'ns1'"), (s, a) -> {
          NamespaceDescriptor d = s.admin().getNamespaceDescriptor(a.count(1, 1)
              .string(0, "namespace"));
          s.out().println("DESCRIPTION");
          s.out().println(describe(d));
        }));
    r.add(new CommandSpec("list_namespace", GROUP,
        "Lists namespaces, optionally those matching a regular expression.",
        "list_namespace ['regex']", List.of("list_namespace", "list_namespace 'ns.*'"),
        (s, a) -> {
          a.count(0, 1);
          String re = a.has(0) ? a.string(0, "regex") : ".*";
          List<String> names = s.admin().listNamespaceDescriptors().stream()
              .map(NamespaceDescriptor::name).filter(n -> n.matches(re)).sorted().toList();
          s.out().println("NAMESPACE");
          names.forEach(s.out()::println);
          s.out().println(Output.rows(names.size()));
        }));
    r.add(new CommandSpec("list_namespace_tables", GROUP, "Lists the tables of a namespace.",
        "list_namespace_tables 'namespace'", List.of("list_namespace_tables 'default'"),
        (s, a) -> {
          List<TableName> names = s.admin().listTableNamesByNamespace(a.count(1, 1)
              .string(0, "namespace"));
          s.out().println("TABLE");
          names.forEach(n -> s.out().println(n.qualifier()));
          s.out().println(Output.rows(names.size()));
        }));
    r.add(new CommandSpec("alter_namespace", GROUP, "Sets or removes namespace properties.",
        "alter_namespace 'namespace', {METHOD => 'set', 'KEY' => 'value', ...}"
            + " | {METHOD => 'unset', NAME => 'KEY'}",
        List.of("alter_namespace 'ns1', {METHOD => 'set', 'PROPERTY_NAME' => 'value'}",
            "alter_namespace 'ns1', {METHOD => 'unset', NAME => 'PROPERTY_NAME'}"),
        NamespaceCommands::alter));
  }

  private static Value.Hash hash(Args a, int i) {
    if (a.get(i) instanceof Value.Hash h) {
      return h;
    }
    throw new UsageException("expected a hash {'KEY' => 'value'}, got " + a.get(i).show());
  }

  private static Map<String, String> properties(Value.Hash h) {
    Map<String, String> m = new TreeMap<>();
    h.entries().forEach((k, v) -> m.put(k, new String(Args.bytes(v, k),
        java.nio.charset.StandardCharsets.UTF_8)));
    return m;
  }

  static String describe(NamespaceDescriptor d) {
    StringBuilder sb = new StringBuilder("{NAME => '").append(d.name()).append("'");
    d.configuration().forEach((k, v) -> sb.append(", ").append(k).append(" => '").append(v)
        .append("'"));
    return sb.append("}").toString();
  }

  private static void alter(Session s, Args a) throws IOException {
    a.count(2, 2);
    String ns = a.string(0, "namespace");
    Value.Hash h = hash(a, 1);
    Map<String, Value> e = new TreeMap<>(h.entries());
    Value method = e.remove("METHOD");
    if (method == null) {
      throw new UsageException("alter_namespace needs METHOD => 'set' or 'unset'");
    }
    NamespaceDescriptor cur = s.admin().getNamespaceDescriptor(ns);
    Map<String, String> conf = new TreeMap<>(cur.configuration());
    switch (Args.text(method, "METHOD")) {
      case "set" -> conf.putAll(properties(new Value.Hash(e)));
      case "unset" -> {
        Value name = e.get("NAME");
        if (name == null || e.size() != 1) {
          throw new UsageException("METHOD => 'unset' takes just NAME => 'KEY'");
        }
        for (byte[] k : Args.byteList(name, "NAME")) {
          conf.remove(new String(k, java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      default -> throw new UsageException("METHOD must be 'set' or 'unset'");
    }
    s.admin().modifyNamespace(new NamespaceDescriptor(ns, conf));
  }
}
