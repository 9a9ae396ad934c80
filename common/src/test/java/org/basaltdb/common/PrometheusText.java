package org.basaltdb.common;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Parses the Prometheus text exposition format with a real parser: the Prometheus Python
 * client's ({@code prometheus_client.parser}, Debian's {@code python3-prometheus-client}, which
 * .ci/run installs), run by /usr/bin/python3. The Java clients write the format but none parses
 * it. Throws, naming the package to install, when the parser is missing; throws with the
 * parser's message when the text is not valid.
 */
public final class PrometheusText {
  /** One sample: a series name (with its _total, _bucket... suffix), its labels, its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private static final String SCRIPT = String.join("\n",
      "import sys",
      "from prometheus_client.parser import text_string_to_metric_families",
      "def esc(s): return s.replace('\\\\', '\\\\\\\\').replace('\\t', '\\\\t')"
          + ".replace('\\n', '\\\\n')",
      "for fam in text_string_to_metric_families(sys.stdin.read()):",
      "    for s in fam.samples:",
      "        parts = [s.name, repr(float(s.value))]",
      "        parts += [esc(k) + '=' + esc(v) for k, v in sorted(s.labels.items())]",
      "        print('\\t'.join(parts))");

  private PrometheusText() {}

  public static List<Sample> parse(String text) throws IOException, InterruptedException {
    File python = new File("/usr/bin/python3");
    if (!python.canExecute()) {
      throw new IllegalStateException("/usr/bin/python3 is missing: install Debian's python3"
          + " and python3-prometheus-client (.ci/run does)");
    }
    Process p = new ProcessBuilder(python.getPath(), "-c", SCRIPT).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("the Prometheus parser did not finish");
    }
    if (p.exitValue() != 0) {
      if (err.contains("No module named 'prometheus_client'")) {
        throw new IllegalStateException("the Prometheus text parser is missing: install"
            + " Debian's python3-prometheus-client (.ci/run does)");
      }
      throw new IOException("not valid Prometheus text format: " + err);
    }
    List<Sample> samples = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t");
      Map<String, String> labels = new LinkedHashMap<>();
      for (int i = 2; i < f.length; i++) {
        int eq = f[i].indexOf('=');
        labels.put(unescape(f[i].substring(0, eq)), unescape(f[i].substring(eq + 1)));
      }
      samples.add(new Sample(f[0], labels, Double.parseDouble(f[1])));
    }
    return samples;
  }

  /** The value of the one sample named {@code name} whose labels include {@code labels}. */
  public static double value(List<Sample> samples, String name, Map<String, String> labels) {
    List<Sample> found = samples.stream().filter(s -> s.name().equals(name)
        && s.labels().entrySet().containsAll(labels.entrySet())).toList();
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " samples named " + name + " with " + labels
          + ": " + found);
    }
    return found.get(0).value();
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
