package org.basaltdb.client;

/**
 * What the compactions of a table's regions are doing ({@link Admin#getCompactionState}): none
 * queued or running, minor ones, major ones, or both. HBase's {@code CompactionState}.
 */
public enum CompactionState {
  NONE, MINOR, MAJOR, MAJOR_AND_MINOR
}
