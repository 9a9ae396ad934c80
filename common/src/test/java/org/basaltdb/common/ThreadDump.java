package org.basaltdb.common;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Every thread of this JVM with its whole stack, the monitors and locks it holds, and the one it
 * waits for with that lock's owner, as jstack prints them, taken from inside the JVM
 * ({@link ThreadMXBean#dumpAllThreads}). Deadlocked threads are named first. Unlike
 * {@link ThreadInfo#toString()}, no stack is cut short.
 *
 * <p>Thread safety: stateless.
 */
public final class ThreadDump {
  private ThreadDump() {}

  /** The dump of every live thread now. */
  public static String now() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    StringBuilder out = new StringBuilder();
    long[] deadlocked = mx.isSynchronizerUsageSupported() ? mx.findDeadlockedThreads()
        : mx.findMonitorDeadlockedThreads();
    if (deadlocked != null) {
      out.append("DEADLOCK among threads");
      for (long id : deadlocked) {
        out.append(" #").append(id);
      }
      out.append("\n\n");
    }
    for (ThreadInfo t : mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(),
        mx.isSynchronizerUsageSupported())) {
      append(out, t);
    }
    return out.toString();
  }

  private static void append(StringBuilder out, ThreadInfo t) {
    out.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId())
        .append(t.isDaemon() ? " daemon" : "").append(' ').append(t.getThreadState());
    if (t.isInNative()) {
      out.append(" (in native)");
    }
    out.append('\n');
    LockInfo waitingFor = t.getLockInfo();
    if (waitingFor != null) {
      out.append("    waiting for ").append(waitingFor);
      if (t.getLockOwnerName() != null) {
        out.append(" owned by \"").append(t.getLockOwnerName()).append("\" #")
            .append(t.getLockOwnerId());
      }
      out.append('\n');
    }
    StackTraceElement[] stack = t.getStackTrace();
    for (int depth = 0; depth < stack.length; depth++) {
      out.append("\tat ").append(stack[depth]).append('\n');
      for (MonitorInfo m : t.getLockedMonitors()) {
        if (m.getLockedStackDepth() == depth) {
          out.append("\t- locked ").append(m).append('\n');
        }
      }
    }
    LockInfo[] synchronizers = t.getLockedSynchronizers();
    if (synchronizers.length > 0) {
      out.append("    Locked synchronizers:\n");
      for (LockInfo l : synchronizers) {
        out.append("\t- ").append(l).append('\n');
      }
    }
    out.append('\n');
  }
}
