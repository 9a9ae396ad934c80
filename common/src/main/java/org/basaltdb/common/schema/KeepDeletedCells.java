package org.basaltdb.common.schema;

/**
 * Whether deleted cells survive major compaction (HBase's KEEP_DELETED_CELLS).
 *
 * <ul>
 *   <li>FALSE: deleted cells and their markers are dropped by a major compaction.</li>
 *   <li>TRUE: kept (subject to VERSIONS and TTL); time-range reads before a delete still see
 *       them.</li>
 *   <li>TTL: kept until their TTL expires.</li>
 * </ul>
 */
public enum KeepDeletedCells {
  FALSE,
  TRUE,
  TTL
}
