package org.basaltdb.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.basaltdb.common.Await;
import org.basaltdb.master.MasterConfig;
import org.basaltdb.master.MasterProcess;
import org.basaltdb.regionserver.server.RegionServerProcess;
import org.basaltdb.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The master's status page with one region server paused (SIGSTOP, a child JVM): the page asks
 * every server for its load at once and answers without waiting for the paused one, which it
 * shows as not answering. The RPC timeout is set far beyond the page's wait, so a page that
 * waited on the paused server's socket would not come back within the test's HTTP timeout.
 */
class PausedServerStatusPageTest {
  @TempDir
  Path dir;
  @RegisterExtension
  final PausableServerFixture fixture = new PausableServerFixture();

  /**
   * The master's status page. Its HTTP timeout (2 min) is far below the RPC timeout (10 min): a
   * page that waited on the paused server's socket fails the test here.
   */
  private static String page(int port) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(120)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the master's status page", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The status page's row of {@code server} in the region servers' table. */
  private static String row(String page, String server) {
    Matcher m = Pattern.compile("<tr><td>" + Pattern.quote(server) + "</td>.*?</tr>",
        Pattern.DOTALL).matcher(page);
    assertTrue(m.find(), "no row for " + server + " in:\n" + page);
    return m.group();
  }

  @Test
  void aPausedServerShowsAsNotAnsweringAndThePageDoesNotWaitForIt() throws Exception {
    // The session outlives the test, so the paused server stays registered (live) throughout.
    TestCluster cluster = fixture.cluster(dir, 600_000);
    cluster.extra = c -> {
      ServerConfig.RPC_TIMEOUT.set(c, 600_000L);
      MasterConfig.STATUS_SERVER_TIMEOUT.set(c, 5_000L);
    };
    // Meta opens on the in-process server (the only one when the master starts), so the page's
    // reads of meta never go to the paused one.
    RegionServerProcess answering = cluster.startRegionServer();
    MasterProcess master = cluster.startMaster();
    PausableServerFixture.Child paused = fixture.startRegionServer("paused", cluster.conf(), dir);
    String pausedName = paused.serverName();
    String answeringName = answering.serverName();
    Await.until("both servers' figures on the page", 120_000, () -> {
      String p = page(master.infoPort());
      return p.contains("<tr><td>" + pausedName + "</td>") // the master has seen it register
          && !row(p, pausedName).contains("not answering")
          && !row(p, answeringName).contains("not answering");
    });

    paused.pause();
    // Each rendering waits 5 s at most, then shows the paused server as not answering (it
    // cannot answer). The answering server is asked anew each time; on a loaded machine it may
    // miss one rendering's wait, so the page is asked again until it shows its figures.
    Await.until("the paused server not answering beside the other's figures", 120_000, () -> {
      String during = page(master.infoPort());
      assertTrue(row(during, pausedName).contains("not answering"), row(during, pausedName));
      return !row(during, answeringName).contains("not answering");
    });
    String again = page(master.infoPort()); // finds the first call to the paused one waiting
    assertTrue(row(again, pausedName).contains("not answering"), row(again, pausedName));

    paused.resume();
    Await.until("the resumed server's load on the page", 120_000,
        () -> !row(page(master.infoPort()), pausedName).contains("not answering"));
  }
}
