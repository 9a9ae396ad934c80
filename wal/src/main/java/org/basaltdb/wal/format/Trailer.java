package org.basaltdb.wal.format;

/**
 * The record a writer adds on clean close.
 *
 * @param entries entries in the file
 * @param firstSequenceId the first entry's sequence id, or -1 when there is none
 * @param lastSequenceId the last entry's sequence id, or -1 when there is none
 */
public record Trailer(long entries, long firstSequenceId, long lastSequenceId) {}
