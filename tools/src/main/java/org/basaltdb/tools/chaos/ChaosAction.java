package org.basaltdb.tools.chaos;

import java.util.SplittableRandom;

/**
 * One kind of fault the {@link ChaosMonkey} can inject. {@link #perform} draws whatever it
 * chooses (a region, a server) from {@code random} only, so that the same seed against the same
 * cluster state makes the same choices, and returns a line saying what it did.
 */
public interface ChaosAction {
  String name();

  String perform(SplittableRandom random) throws Exception;
}
