package org.basaltdb.tools.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCostTest {
  @TempDir
  Path dir;

  @Test
  void readsWriteBytesFromProcIo() {
    assertEquals(8192, ProcessCost.writeBytes(List.of("rchar: 100", "wchar: 200",
        "syscr: 3", "syscw: 4", "read_bytes: 4096", "write_bytes: 8192",
        "cancelled_write_bytes: 0")));
    assertEquals(-1, ProcessCost.writeBytes(List.of("rchar: 100")));
    assertEquals(-1, ProcessCost.writeBytes(-42)); // no such process
  }

  @Test
  void readsCpuTicksFromProcStat() {
    // A command name with a space and a parenthesis: fields are counted after its last ')'.
    assertEquals(111 + 222, ProcessCost.cpuTicks(
        "1234 (java (x) y) S 1 2 3 4 5 6 7 8 9 10 111 222 0 0 20 0 40 0 99"));
    assertTrue(ProcessCost.cpuTicks(ProcessHandle.current().pid()) >= 0);
    assertEquals(-1, ProcessCost.cpuTicks(-42));
  }

  @Test
  void sumsThePausesStampedWithinTheRun() {
    List<String> log = List.of(
        "[1000ms] Using G1",
        "[1500ms] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 100M->20M(2048M) 12.500ms",
        "[2000ms] GC(1) Pause Young (Concurrent Start) (G1 Evacuation Pause) 300M->90M(2048M) 40.250ms",
        "[2100ms] GC(2) Concurrent Mark Cycle",
        "[2200ms] GC(2) Pause Remark 95M->95M(2048M) 3.000ms",
        "[2600ms] GC(2) Concurrent Mark Cycle 500.000ms",
        "[3000ms] GC(3) Pause Young (Normal) (G1 Evacuation Pause) 400M->100M(2048M) 7.000ms");
    // The concurrent cycle is no pause; the first and last pauses are outside [1600, 2999].
    assertArrayEquals(new double[] {2, 43.25, 40.25}, ProcessCost.pauses(log, 1600, 2999), 1e-9);
    assertArrayEquals(new double[] {0, 0, 0}, ProcessCost.pauses(log, 5000, 6000), 1e-9);
    assertEquals(-1, ProcessCost.pauses(dir.resolve("missing.log"), 0, 1)[0]);
    assertEquals("2 / 0.0 s / 40 ms", new ProcessCost(-1, 2, 43.25, 40.25).gcText());
    assertEquals("?", ProcessCost.UNKNOWN.diskText(10));
    assertEquals("2 MB (200,000 B/row)", new ProcessCost(2_000_000, 0, 0, 0).diskText(10));
    // 3 ticks (30 ms) and 1 tick over 1,000 operations: 30 and 10 µs each.
    assertEquals("30 / 10", new ProcessCost(-1, 0, 0, 0, 3, 1).cpuText(1000));
    assertEquals("? / ?", ProcessCost.UNKNOWN.cpuText(1000));
  }

  /** The flag makes a real JVM write lines the parser reads. */
  @Test
  void theLogFlagWritesWhatIsParsed() throws Exception {
    Path log = dir.resolve("gc.log");
    long t0 = System.currentTimeMillis();
    Process p = new ProcessBuilder(ServerUnderTest.jvm("64m", log).get(0), "-Xmx64m",
        "-XX:+UseG1GC", ProcessCost.gcLogFlag(log), "-version").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    long t1 = System.currentTimeMillis();
    List<String> lines = Files.readAllLines(log);
    assertTrue(lines.stream().anyMatch(l -> l.matches("^\\[\\d+ms\\] Using G1$")), lines.toString());
    long at = Long.parseLong(lines.get(0).substring(1, lines.get(0).indexOf("ms]")));
    assertTrue(at >= t0 - 1000 && at <= t1 + 1000, at + " not within " + t0 + ".." + t1);
  }
}
