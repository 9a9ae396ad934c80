package org.basaltdb.tools.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Checks that the history of one key is linearizable as a register with compare-and-set: that
 * the calls can be put in one order, each taking effect at an instant between its invocation and
 * its completion, in which every read returns the value of the write before it, every
 * compare-and-set that answered ok found its expected value and one that answered failed did
 * not. A call with an unknown outcome (see {@link RegisterOp}) may take effect at any instant
 * after its invocation, or never.
 *
 * <p>The search is Wing and Gong's, with Lowe's just-in-time linearization and the memoization
 * of Knossos and Porcupine (Lowe, "Testing for linearizability", 2017; Horn and Kroening,
 * "Faster linearizability checking via P-compositionality", 2015): the invocations and
 * completions are one list in time order; walking it, the next call that can take effect in the
 * current state is linearized (taken out of the list with its completion) and the walk starts
 * again from the front; meeting a completion whose call is not yet linearized means the choices
 * so far cannot work, so the last one is undone and the walk goes on after it. A configuration
 * (the set of linearized calls, the register's value) that was reached before is not explored
 * again. The set is kept as two 64-bit Zobrist hashes (an XOR of a random number per call), so
 * a configuration costs 24 bytes; two different sets share both hashes with a probability near
 * 2^-128 per pair.
 *
 * <p>On a violation, {@link #check} also finds the shortest window that fails on its own: the
 * earliest completion time T such that the calls completed by T fail (calls still running at T
 * count as unknown-outcome writes, reads still running are left out), then the latest start S
 * such that the calls of that prefix not completed before S still fail from any starting value.
 *
 * <p>Thread safety: stateless; {@link #check} may run on several keys at once.
 */
public final class RegisterChecker {
  /** Default bound on the configurations explored for one history before giving up. */
  public static final long DEFAULT_MAX_STATES = 2_000_000;

  /** What {@link #check} found. */
  public enum Kind { LINEARIZABLE, VIOLATION, INCONCLUSIVE }

  /**
   * The verdict; on a violation, {@code window} holds the calls of the shortest failing window
   * by invocation time, and {@code fromEmpty} says whether it starts from the empty register
   * (else from any value). {@code states} is the number of configurations the full check visited.
   */
  public record Verdict(Kind kind, List<RegisterOp> window, boolean fromEmpty, long states) {}

  /** The register's value is not known: any read or check can hold (a window's start). */
  static final long ANY = Long.MIN_VALUE;
  /** A step that cannot be taken in the current state. */
  private static final long ILLEGAL = Long.MIN_VALUE + 1;
  /** A value that some unknown-outcome call may have written and no call saw. */
  private static final long GHOST = Long.MIN_VALUE + 2;

  private final long maxStates;

  public RegisterChecker() {
    this(DEFAULT_MAX_STATES);
  }

  public RegisterChecker(long maxStates) {
    this.maxStates = maxStates;
  }

  /** Checks one key's history, the register starting absent. */
  public Verdict check(List<RegisterOp> history) {
    long[] states = new long[1];
    int r = search(history, RegisterOp.ABSENT, maxStates, states);
    if (r == 1) {
      return new Verdict(Kind.LINEARIZABLE, List.of(), true, states[0]);
    }
    if (r < 0) {
      return new Verdict(Kind.INCONCLUSIVE, List.of(), true, states[0]);
    }
    // The earliest completion time by which the history already fails.
    long[] ends = history.stream().filter(o -> !o.unknownOutcome())
        .mapToLong(RegisterOp::completedNanos).sorted().distinct().toArray();
    int lo = -1;
    int hi = ends.length - 1; // fails: calls invoked later have unknown outcomes only
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (fails(prefix(history, ends[mid]), RegisterOp.ABSENT)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    List<RegisterOp> prefix = hi >= 0 ? prefix(history, ends[hi]) : history;
    if (!fails(prefix, RegisterOp.ABSENT)) {
      prefix = history; // not monotonic after all: keep the whole history
    }
    // The latest start from which that prefix still fails, from any value.
    long[] starts = prefix.stream().mapToLong(RegisterOp::invokedNanos).sorted().distinct()
        .toArray();
    lo = 0; // the whole prefix, from the empty register: fails
    hi = starts.length;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (fails(suffix(prefix, starts[mid]), ANY)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    List<RegisterOp> window = new ArrayList<>(lo == 0 ? prefix : suffix(prefix, starts[lo]));
    window.sort(Comparator.comparingLong(RegisterOp::invokedNanos));
    return new Verdict(Kind.VIOLATION, window, lo == 0, states[0]);
  }

  private boolean fails(List<RegisterOp> ops, long initial) {
    return search(ops, initial, maxStates, new long[1]) == 0;
  }

  /**
   * The calls as seen at time {@code t}: those completed by then, and writes and
   * compare-and-sets still running as unknown outcomes; reads still running and calls invoked
   * later are left out.
   */
  static List<RegisterOp> prefix(List<RegisterOp> history, long t) {
    List<RegisterOp> out = new ArrayList<>();
    for (RegisterOp o : history) {
      if (o.invokedNanos() > t) {
        continue;
      }
      if (o.completedNanos() <= t) {
        out.add(o);
      } else if (o.kind() != RegisterOp.Kind.READ) {
        out.add(o.unknownOutcome() ? o : o.unknown());
      }
    }
    return out;
  }

  /** The calls not completed before {@code s} (to be checked from {@link #ANY}). */
  static List<RegisterOp> suffix(List<RegisterOp> history, long s) {
    return history.stream().filter(o -> o.completedNanos() >= s).toList();
  }

  /** The register's value after {@code op} taken in {@code state}, or {@link #ILLEGAL}. */
  static long step(long state, RegisterOp op) {
    return switch (op.kind()) {
      case READ -> state == ANY || state == op.value() ? op.value() : ILLEGAL;
      case WRITE -> op.value();
      case CAS -> switch (op.outcome()) {
        case OK -> state == ANY || state == op.expected() ? op.value() : ILLEGAL;
        case FAILED -> state == op.expected() ? ILLEGAL : state;
        // Took effect or not: from ANY, "any value" covers both.
        case UNKNOWN -> state == op.expected() ? op.value() : state;
      };
    };
  }

  /**
   * Unknown outcomes made cheap. A call whose value some read returned or some succeeded
   * compare-and-set expected took effect, and before the first of those completed (values are
   * written once): it becomes a call that answered ok then, which changes no verdict. A call
   * whose value nobody saw is a ghost: if it takes effect, the register holds a value that no
   * later read or succeeded compare-and-set can match, so every ghost is taken as a write of one
   * value {@link #GHOST}, and ghosts become interchangeable: the search only ever linearizes the
   * earliest invoked ghost not linearized yet, and only right before a failed compare-and-set
   * that the register's value blocks (any linearization can be rearranged so), which keeps
   * ghosts nearly free. This is
   * exact but for failed compare-and-sets, which it makes easier to explain: a ghost
   * compare-and-set may take effect whatever the register holds, and a failed compare-and-set
   * that expected a ghost's own value passes while the ghost's value is current.
   */
  private static RegisterOp[] resolveUnknowns(List<RegisterOp> ops, boolean[] ghost) {
    Map<Long, Long> firstSeen = new HashMap<>();
    for (RegisterOp o : ops) {
      if (o.kind() == RegisterOp.Kind.READ) {
        firstSeen.merge(o.value(), o.completedNanos(), Math::min);
      } else if (o.kind() == RegisterOp.Kind.CAS && o.outcome() == RegisterOp.Outcome.OK) {
        firstSeen.merge(o.expected(), o.completedNanos(), Math::min);
      }
    }
    RegisterOp[] out = ops.toArray(new RegisterOp[0]);
    // A compare-and-set seen to take effect saw its expected value: repeat until nothing new.
    for (boolean changed = true; changed; ) {
      changed = false;
      for (int i = 0; i < out.length; i++) {
        RegisterOp o = out[i];
        Long seen = ops.get(i).unknownOutcome() ? firstSeen.get(o.value()) : null;
        if (seen == null || seen < o.invokedNanos() || seen == o.completedNanos()) {
          continue;
        }
        out[i] = new RegisterOp(o.thread(), o.kind(), o.value(), o.expected(),
            RegisterOp.Outcome.OK, o.invokedNanos(), seen);
        changed = true;
        if (o.kind() == RegisterOp.Kind.CAS) {
          firstSeen.merge(o.expected(), seen, Math::min);
        }
      }
    }
    for (int i = 0; i < out.length; i++) {
      ghost[i] = out[i].unknownOutcome() && !firstSeen.containsKey(out[i].value());
    }
    return out;
  }

  /**
   * The just-in-time search. Returns 1 if {@code ops} are linearizable from {@code initial}, 0
   * if not, -1 if more than {@code maxStates} configurations were needed to tell;
   * {@code explored[0]} gets the number visited.
   */
  static int search(List<RegisterOp> ops, long initial, long maxStates, long[] explored) {
    int n = ops.size();
    if (n == 0) {
      return 1;
    }
    boolean[] ghost = new boolean[n];
    RegisterOp[] op = resolveUnknowns(ops, ghost);
    // List nodes: 0 is the head; the call of op i is node 2i+1, its completion node 2i+2.
    Integer[] order = new Integer[2 * n];
    for (int i = 0; i < 2 * n; i++) {
      order[i] = i + 1;
    }
    Arrays.sort(order, Comparator.<Integer>comparingLong(node -> time(op, node))
        .thenComparingInt(node -> isCall(node) ? 0 : 1)); // ties: overlapping, the lenient way
    int[] next = new int[2 * n + 1];
    int[] prev = new int[2 * n + 1];
    int[] ghosts = new int[n]; // the ghosts' calls in list order
    int ghostCount = 0;
    int last = 0;
    for (int node : order) {
      next[last] = node;
      prev[node] = last;
      last = node;
      if (isCall(node) && ghost[(node - 1) / 2]) {
        ghosts[ghostCount++] = node;
      }
    }
    next[last] = -1;

    SplittableRandom random = new SplittableRandom(0x5eed);
    long[] z1 = new long[n];
    long[] z2 = new long[n];
    for (int i = 0; i < n; i++) {
      z1[i] = random.nextLong();
      z2[i] = random.nextLong();
    }
    ConfigurationSet seen = new ConfigurationSet();
    int[] stackNode = new int[n];
    long[] stackState = new long[n];
    int depth = 0;
    int nextGhost = 0; // ghosts[nextGhost] is the only ghost that may be linearized now
    long state = initial;
    long h1 = 0;
    long h2 = 0;
    int node = next[0];
    try {
      while (next[0] != -1) {
        if (isCall(node)) {
          int i = (node - 1) / 2;
          long after = ILLEGAL;
          if (!ghost[i]) {
            after = step(state, op[i]);
          } else if (ghosts[nextGhost] == node && blocksAFailedCas(state, op, next)) {
            after = GHOST;
          }
          if (after != ILLEGAL && seen.add(h1 ^ z1[i], h2 ^ z2[i], after)) {
            if (seen.size() > maxStates) {
              return -1;
            }
            stackNode[depth] = node;
            stackState[depth++] = state;
            state = after;
            h1 ^= z1[i];
            h2 ^= z2[i];
            nextGhost += ghost[i] ? 1 : 0;
            lift(node, next, prev);
            node = next[0];
          } else {
            node = next[node];
          }
        } else if (op[(node - 1) / 2].unknownOutcome()) {
          // Every call with a known outcome is linearized; the rest can all take effect now.
          return 1;
        } else {
          // The completion of a call not linearized yet: undo the last choice, try the next.
          if (depth == 0) {
            return 0;
          }
          node = stackNode[--depth];
          state = stackState[depth];
          int i = (node - 1) / 2;
          h1 ^= z1[i];
          h2 ^= z2[i];
          nextGhost -= ghost[i] ? 1 : 0;
          unlift(node, next, prev);
          node = next[node];
        }
      }
      return 1;
    } finally {
      explored[0] = seen.size();
    }
  }

  /**
   * Whether a failed compare-and-set that could be linearized now expected {@code state}: the
   * only reason to linearize a ghost (a ghost followed by anything else can be moved after it,
   * or to the end, where nothing is left to see it).
   */
  private static boolean blocksAFailedCas(long state, RegisterOp[] op, int[] next) {
    for (int node = next[0]; node != -1 && isCall(node); node = next[node]) {
      RegisterOp o = op[(node - 1) / 2];
      if (o.outcome() == RegisterOp.Outcome.FAILED && o.expected() == state) {
        return true;
      }
    }
    return false;
  }

  private static boolean isCall(int node) {
    return (node & 1) == 1;
  }

  private static long time(RegisterOp[] op, int node) {
    RegisterOp o = op[(node - 1) / 2];
    return isCall(node) ? o.invokedNanos() : o.completedNanos();
  }

  /** Takes a call and its completion out of the list (they stay linked to their neighbours). */
  private static void lift(int call, int[] next, int[] prev) {
    unlink(call, next, prev);
    unlink(call + 1, next, prev);
  }

  /** Puts back what {@link #lift} took out; undone in the reverse order of lifting. */
  private static void unlift(int call, int[] next, int[] prev) {
    relink(call + 1, next, prev);
    relink(call, next, prev);
  }

  private static void unlink(int node, int[] next, int[] prev) {
    next[prev[node]] = next[node];
    if (next[node] != -1) {
      prev[next[node]] = prev[node];
    }
  }

  private static void relink(int node, int[] next, int[] prev) {
    if (next[node] != -1) {
      prev[next[node]] = node;
    }
    next[prev[node]] = node;
  }

  /** An open-addressing set of (hash, hash, value) triples. */
  private static final class ConfigurationSet {
    private long[] slots = new long[3 * 1024];
    private boolean[] used = new boolean[1024];
    private int size;

    int size() {
      return size;
    }

    /** Adds the triple; false if it was there already. */
    boolean add(long a, long b, long c) {
      if (2 * (size + 1) > used.length) {
        grow();
      }
      int mask = used.length - 1;
      int i = (int) mix(a, b, c) & mask;
      while (used[i]) {
        if (slots[3 * i] == a && slots[3 * i + 1] == b && slots[3 * i + 2] == c) {
          return false;
        }
        i = (i + 1) & mask;
      }
      used[i] = true;
      slots[3 * i] = a;
      slots[3 * i + 1] = b;
      slots[3 * i + 2] = c;
      size++;
      return true;
    }

    private static long mix(long a, long b, long c) {
      long h = a * 0x9E3779B97F4A7C15L + b;
      h = (h ^ (h >>> 29)) * 0xBF58476D1CE4E5B9L + c;
      return h ^ (h >>> 32);
    }

    private void grow() {
      long[] oldSlots = slots;
      boolean[] oldUsed = used;
      slots = new long[oldSlots.length * 2];
      used = new boolean[oldUsed.length * 2];
      size = 0;
      for (int i = 0; i < oldUsed.length; i++) {
        if (oldUsed[i]) {
          add(oldSlots[3 * i], oldSlots[3 * i + 1], oldSlots[3 * i + 2]);
        }
      }
    }
  }
}
