package org.basaltdb.server.info;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/** A thread dump of this JVM, in the shape of jstack's, for {@code /stacks}. */
final class Stacks {
  private Stacks() {}

  static String dump() {
    StringBuilder b = new StringBuilder();
    for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      b.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId())
          .append(t.isDaemon() ? " daemon" : "").append(" prio=").append(t.getPriority())
          .append('\n').append("   java.lang.Thread.State: ").append(t.getThreadState());
      LockInfo lock = t.getLockInfo();
      if (lock != null) {
        b.append(" on ").append(lock);
        if (t.getLockOwnerName() != null) {
          b.append(" owned by \"").append(t.getLockOwnerName()).append('"');
        }
      }
      b.append('\n');
      for (StackTraceElement frame : t.getStackTrace()) {
        b.append("\tat ").append(frame).append('\n');
      }
      b.append('\n');
    }
    return b.toString();
  }
}
