package org.basaltdb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.basaltdb.common.ConfigKey;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md and the key classes agree: every key a class declares is documented,
 * every documented key is declared, and each section names the classes that declare its keys
 * (a class of any module whose source declares a key constant must be named).
 */
class ConfigurationDocTest {
  private static final Pattern DECLARED_IN = Pattern.compile("`(org\\.basaltdb\\.[\\w.]+)`");
  private static final Pattern KEY_ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

  @Test
  void everyDeclaredKeyIsDocumentedAndNothingElse() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"),
        StandardCharsets.UTF_8);
    Set<String> documented = new TreeSet<>();
    Matcher rows = KEY_ROW.matcher(doc);
    while (rows.find()) {
      documented.add(rows.group(1));
    }
    List<String> classes = new ArrayList<>();
    for (String line : doc.split("\n")) {
      if (line.startsWith("Declared in ") || line.startsWith("mode, ")) {
        Matcher m = DECLARED_IN.matcher(line);
        while (m.find()) {
          classes.add(m.group(1));
        }
      }
    }
    assertFalse(classes.isEmpty(), "no 'Declared in `class`' line found");
    Set<String> declared = new TreeSet<>();
    for (String name : classes) {
      for (Field f : Class.forName(name).getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == ConfigKey.class) {
          declared.add(((ConfigKey<?>) f.get(null)).name());
        }
      }
    }
    Set<String> undocumented = new TreeSet<>(declared);
    undocumented.removeAll(documented);
    Set<String> undeclared = new TreeSet<>(documented);
    undeclared.removeAll(declared);
    assertEquals(Set.of(), undocumented, "keys declared in " + classes
        + " but missing from docs/configuration.md");
    assertEquals(Set.of(), undeclared, "keys in docs/configuration.md that no class in "
        + classes + " declares");
    Set<String> unlisted = new TreeSet<>(keyClassesInSources());
    unlisted.removeAll(classes);
    assertEquals(Set.of(), unlisted, "classes declaring configuration keys that no 'Declared in' "
        + "line of docs/configuration.md names (list them, or move their keys to the module's "
        + "key class)");
  }

  /** Every main class of every module whose source declares a ConfigKey constant. */
  private static Set<String> keyClassesInSources() throws IOException {
    Pattern constant = Pattern.compile("static\\s+final\\s+(?:[\\w.]+\\.)?ConfigKey<");
    Set<String> out = new TreeSet<>();
    try (Stream<Path> modules = Files.list(Path.of(".."))) {
      for (Path src : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory)
          .toList()) {
        try (Stream<Path> files = Files.walk(src)) {
          for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            if (constant.matcher(Files.readString(f, StandardCharsets.UTF_8)).find()) {
              String name = src.relativize(f).toString();
              out.add(name.substring(0, name.length() - ".java".length())
                  .replace(f.getFileSystem().getSeparator(), "."));
            }
          }
        }
      }
    }
    assertFalse(out.isEmpty(), "no module source found under ..");
    return out;
  }
}
