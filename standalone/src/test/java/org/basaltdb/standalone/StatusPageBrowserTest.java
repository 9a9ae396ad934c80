package org.basaltdb.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.thrift2.generated.TColumnFamilyDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TColumnValue;
import org.apache.hadoop.hbase.thrift2.generated.THBaseService;
import org.apache.hadoop.hbase.thrift2.generated.TPut;
import org.apache.hadoop.hbase.thrift2.generated.TTableDescriptor;
import org.apache.hadoop.hbase.thrift2.generated.TTableName;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.basaltdb.master.MasterConfig;
import org.basaltdb.regionserver.region.RegionServerConfig;
import org.basaltdb.regionserver.server.RequestRates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status pages in a real headless browser (Debian's chromium, which .ci/run installs): the
 * status page shows the table, the server's request rate and the region server's regions, the
 * hottest first; the table page its regions in key order, the hot one shaded as such (the heat
 * map); screenshots go to target/status-page.png and target/table-page.png.
 */
class StatusPageBrowserTest {
  @TempDir
  Path dir;

  private static ByteBuffer bb(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  static File chromium() {
    for (String p : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
      if (new File(p).canExecute()) {
        return new File(p);
      }
    }
    throw new IllegalStateException("no headless browser: install Debian's chromium"
        + " (.ci/run does)");
  }

  /** Runs chromium headless on {@code url} with {@code what}; returns its standard output. */
  private String browse(String url, String... what) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium().getPath(), "--headless",
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1280,900"));
    cmd.addAll(List.of(what));
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.log").toFile())
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish on " + url);
    }
    assertEquals(0, p.exitValue(), "chromium failed on " + url + ": "
        + Files.readString(dir.resolve("chromium.log")));
    return out;
  }

  @Test
  void theStatusAndTablePagesLoadInABrowser() throws Exception {
    Configuration conf = Standalone.embeddedConfiguration(dir);
    RegionServerConfig.RATE_PERIOD.set(conf, 3_600_000L); // the test takes the samples itself
    // The pages show the server's load only if it answers within this wait: a loaded machine
    // can delay even the in-process server past the 2 s default.
    MasterConfig.STATUS_SERVER_TIMEOUT.set(conf, 120_000L);
    try (Standalone basalt = Standalone.start(conf)) {
      RequestRates rates = basalt.regionServer().requestRates();
      TSocket socket = new TSocket("127.0.0.1", basalt.thriftPort());
      socket.open();
      try {
        THBaseService.Client client = new THBaseService.Client(new TBinaryProtocol(socket));
        TTableName tn = new TTableName(bb("users")).setNs(bb("default"));
        client.createTable(new TTableDescriptor(tn).setColumns(
            List.of(new TColumnFamilyDescriptor(bb("f")))), List.of(bb("g"), bb("p")));
        rates.sample(basalt.regionServer().onlineRegions(), 1_000_000);
        client.put(bb("users"), new TPut(bb("alice"), List.of(
            new TColumnValue(bb("f"), bb("q"), bb("1")))));
        for (int i = 0; i < 20; i++) { // "q..." is in the last region: the hot one
          client.put(bb("users"), new TPut(bb("q" + i), List.of(
              new TColumnValue(bb("f"), bb("q"), bb("1")))));
        }
        rates.sample(basalt.regionServer().onlineRegions(), 1_010_000); // 10 s later
      } finally {
        socket.close();
      }
      String base = "http://127.0.0.1:" + basalt.infoPort();
      String status = browse(base + "/", "--dump-dom");
      assertTrue(status.contains("Basalt standalone"), status);
      assertTrue(status.contains("href=\"/table?name=users\""), "links the table: " + status);
      assertTrue(status.contains("<h2>Regions</h2>"), status);
      assertTrue(status.contains("<td>users</td><td>put</td><td>Thrift THBaseService</td>"
          + "<td class=\"n\">21</td>"),
          "the puts counted on the page: " + status);
      String hottest = status.substring(status.indexOf("<h2>Hottest regions</h2>"),
          status.indexOf("<h2>Regions</h2>"));
      assertTrue(hottest.contains("<td>users</td><td>p</td><td></td>"), "the hot region: "
          + hottest);
      assertTrue(hottest.contains("data-heat=\"1.00\""), hottest);
      String regions = status.substring(status.indexOf("<h2>Regions</h2>"));
      assertTrue(regions.contains("<td>p</td><td></td>"), regions);
      assertTrue(regions.contains(">2.0</td>"), "20 writes in 10 s: " + regions);
      assertTrue(regions.contains(">0.1</td>"), "1 write in 10 s: " + regions);
      String servers = status.substring(status.indexOf("<h2>Region servers</h2>"),
          status.indexOf("<h2>Regions in transition</h2>"));
      assertTrue(servers.contains("data-heat=\"1.00\""), "the server's requests/s: " + servers);
      assertTrue(status.contains("<h2>Regions in transition</h2>\n<p>none</p>"), status);
      String table = browse(base + "/table?name=users", "--dump-dom");
      int a = table.indexOf("<td>g</td>");
      int b = table.indexOf("<td>p</td>");
      assertTrue(a > 0 && b > a, "the regions in key order: " + table);
      String last = table.substring(table.indexOf("<td>p</td><td></td>"));
      assertTrue(last.startsWith("<td>p</td><td></td>"), table);
      assertTrue(last.substring(0, last.indexOf("</tr>")).contains("data-heat=\"1.00\""),
          "the last region is the hot one: " + last);
      assertTrue(table.indexOf("data-heat=\"1.00\"") == table.lastIndexOf(
          "data-heat=\"1.00\""), "and only it: " + table);

      Path target = Path.of("target");
      Files.createDirectories(target);
      for (String[] shot : new String[][] {{"/", "status-page.png"},
          {"/table?name=users", "table-page.png"}}) {
        Path png = target.resolve(shot[1]).toAbsolutePath();
        Files.deleteIfExists(png);
        browse(base + shot[0], "--screenshot=" + png);
        assertTrue(Files.size(png) > 1000, "a screenshot in " + png);
      }
    }
  }
}
