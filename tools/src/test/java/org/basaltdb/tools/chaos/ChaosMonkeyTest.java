package org.basaltdb.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The monkey's recovery measurement: the probe is polled after an action until it passes. */
class ChaosMonkeyTest {
  @Test
  void recoveryIsTimedFromTheActionsStartUntilTheProbePasses() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ChaosAction fault = new ChaosAction() {
      @Override
      public String name() {
        return "fault";
      }

      @Override
      public String perform(SplittableRandom random) {
        return "did it";
      }
    };
    AtomicInteger polls = new AtomicInteger();
    CountDownLatch recovered = new CountDownLatch(1);
    ChaosMonkey monkey = new ChaosMonkey(1, 10, List.of(fault), log)
        .measureRecovery(() -> {
          if (polls.incrementAndGet() < 3) {
            return false; // still recovering: polled again
          }
          recovered.countDown();
          return true;
        }, 60_000).start();
    assertTrue(recovered.await(60, TimeUnit.SECONDS), "the probe was not polled to success");
    monkey.close();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("fault: serving again "), out);
    List<String> summary = monkey.recoverySummary();
    assertEquals(1, summary.size(), summary.toString());
    assertTrue(summary.get(0).matches("fault: n=\\d+ min [\\d,]+ ms, median [\\d,]+ ms, "
        + "max [\\d,]+ ms"), summary.get(0));
    assertTrue(polls.get() >= 3);
  }
}
