package org.basaltdb.server.info;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.basaltdb.server.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP info server every process runs on {@code info.port}: {@code /metrics} (Prometheus text
 * format, from this process's {@link #registry()}), {@code /health} (liveness), {@code /ready}
 * (serving), {@code /conf} (the effective configuration, secrets masked) and {@code /stacks} (a
 * thread dump), and {@code /}, the status page, built of the sections the process adds
 * ({@link #addStatusSection}); more pages with {@link #addPage}.
 *
 * <p>It is the JDK's {@code com.sun.net.httpserver}: a handful of plain-text endpoints scraped
 * every few seconds need no servlet container, and it adds no dependency. Two daemon threads serve
 * it, so a slow scraper never takes a Thrift worker.
 *
 * <p>{@link #bind} binds the port at once (a port in use fails the start before anything else);
 * {@link #start} begins answering. Checks and pages may be added before or after the start.
 * Thread-safe.
 */
public final class InfoServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(InfoServer.class);
  /** Threads answering HTTP requests: scrapes and an operator's browser, never many at once. */
  private static final int THREADS = 2;

  /** One check: a name and what is wrong now (null: nothing). */
  private record Check(String name, Supplier<String> problem) {}

  private final HttpServer http;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final ExecutorService executor;
  private final List<Check> liveness = new CopyOnWriteArrayList<>();
  private final List<Check> readiness = new CopyOnWriteArrayList<>();
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();
  private final List<Supplier<String>> sections = new CopyOnWriteArrayList<>();

  private final String title;

  private InfoServer(HttpServer http, Configuration conf, String title) {
    this.http = http;
    this.title = title;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    this.gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.executor = Executors.newFixedThreadPool(THREADS,
        new ThreadFactoryBuilder().setNameFormat("basalt-info-http-%d").setDaemon(true).build());
    http.setExecutor(executor);
    http.createContext("/metrics", this::metrics);
    http.createContext("/health", e -> checks(e, liveness));
    http.createContext("/ready", e -> checks(e, readiness));
    http.createContext("/conf", e -> send(e, 200, "text/plain; charset=utf-8",
        ConfDump.of(conf)));
    http.createContext("/stacks", e -> send(e, 200, "text/plain; charset=utf-8",
        Stacks.dump()));
    http.createContext("/", e -> html(e, "/", () -> {
      StringBuilder b = new StringBuilder();
      for (Supplier<String> section : sections) {
        b.append(section.get());
      }
      return Html.page("Basalt " + title, b.toString());
    }));
  }

  /**
   * Binds the info port of {@code conf} ({@code info.port}, else {@code defaultPort}; 0 picks a
   * free one) on {@code info.bind}, and writes the port bound back into {@code conf}; returns null
   * when the port is -1 (no info server).
   */
  public static InfoServer bind(Configuration conf, int defaultPort) throws IOException {
    return bind(conf, defaultPort, "server");
  }

  /** {@link #bind(Configuration, int)}, with the status page titled "Basalt {@code what}". */
  public static InfoServer bind(Configuration conf, int defaultPort, String what)
      throws IOException {
    int port = ServerConfig.INFO_PORT.isSet(conf) ? ServerConfig.INFO_PORT.get(conf)
        : defaultPort;
    if (port == -1) {
      return null;
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(ServerConfig.INFO_PORT.name() + " must be a port, 0"
          + " (a free one) or -1 (off), not " + port);
    }
    String bind = ServerConfig.INFO_BIND.get(conf);
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(bind, port), 0);
    } catch (java.net.BindException e) {
      throw new IOException("cannot listen on " + bind + ":" + port + " ("
          + ServerConfig.INFO_PORT.name() + "): " + e.getMessage(), e);
    }
    ServerConfig.INFO_PORT.set(conf, http.getAddress().getPort());
    return new InfoServer(http, conf, what);
  }

  /** Where this process's meters go; {@code /metrics} writes them. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Adds a liveness check ({@code /health}): {@code problem} says what is wrong, or null. */
  public void addLivenessCheck(String name, Supplier<String> problem) {
    liveness.add(new Check(name, problem));
  }

  /** Adds a readiness check ({@code /ready}): {@code problem} says what is wrong, or null. */
  public void addReadinessCheck(String name, Supplier<String> problem) {
    readiness.add(new Check(name, problem));
  }

  /**
   * Runs {@code refresh} before each scrape of {@code /metrics}: it reads state that several
   * meters show (every region's figures, the cluster's status) once, and registers the rows of
   * meters whose labels come and go (regions, servers).
   */
  public void beforeScrape(Runnable refresh) {
    beforeScrape.add(refresh);
  }

  /**
   * Adds a section to the status page ({@code /}): HTML rendered at each request, after the
   * sections added before it (standalone shows the master's and the region server's).
   */
  public void addStatusSection(Supplier<String> section) {
    sections.add(section);
  }

  /**
   * Serves the HTML page {@code page} renders from the request's query parameters at exactly
   * {@code path}; a page that throws answers 500 with the error.
   */
  public void addPage(String path, Function<Map<String, String>, String> page) {
    http.createContext(path, e -> html(e, path, () -> page.apply(query(e))));
  }

  private void html(HttpExchange e, String path, Supplier<String> page) throws IOException {
    if (!e.getRequestURI().getPath().equals(path)) {
      send(e, 404, "text/plain; charset=utf-8", "no page " + e.getRequestURI().getPath()
          + "\n");
      return;
    }
    String body;
    try {
      body = page.get();
    } catch (RuntimeException ex) {
      LOG.warn("status page {} failed", path, ex);
      send(e, 500, "text/plain; charset=utf-8", "the page failed: " + ex + "\n");
      return;
    }
    send(e, 200, "text/html; charset=utf-8", body);
  }

  private static Map<String, String> query(HttpExchange e) {
    Map<String, String> q = new java.util.HashMap<>();
    String raw = e.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        String k = eq < 0 ? kv : kv.substring(0, eq);
        String v = eq < 0 ? "" : kv.substring(eq + 1);
        q.put(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  public void start() {
    http.start();
    LOG.info("HTTP info server on port {}: /metrics /health /ready /conf /stacks", port());
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
    gc.close();
    registry.close();
  }

  private void metrics(HttpExchange e) throws IOException {
    for (Runnable r : beforeScrape) {
      try {
        r.run();
      } catch (RuntimeException ex) {
        LOG.warn("reading state for /metrics failed; its meters show older values", ex);
      }
    }
    send(e, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
  }

  /** 200 and {"status":"UP"} when every check passes, else 503 with the problems. */
  private static void checks(HttpExchange e, List<Check> checks) throws IOException {
    Map<String, String> problems = new java.util.LinkedHashMap<>();
    for (Check c : checks) {
      String p;
      try {
        p = c.problem().get();
      } catch (RuntimeException ex) {
        p = "the check failed: " + ex;
      }
      if (p != null) {
        problems.put(c.name(), p);
      }
    }
    StringBuilder json = new StringBuilder("{\"status\":\"")
        .append(problems.isEmpty() ? "UP" : "DOWN").append('"');
    if (!problems.isEmpty()) {
      json.append(",\"problems\":{");
      List<String> parts = new ArrayList<>();
      problems.forEach((k, v) -> parts.add(quote(k) + ":" + quote(v)));
      json.append(String.join(",", parts)).append('}');
    }
    json.append("}\n");
    send(e, problems.isEmpty() ? 200 : 503, "application/json", json.toString());
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static void send(HttpExchange e, int status, String type, String body)
      throws IOException {
    try (e) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      e.getResponseHeaders().set("Content-Type", type);
      if ("HEAD".equals(e.getRequestMethod())) {
        e.sendResponseHeaders(status, -1);
        return;
      }
      e.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = e.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
