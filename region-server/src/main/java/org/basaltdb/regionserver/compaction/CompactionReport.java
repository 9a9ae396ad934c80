package org.basaltdb.regionserver.compaction;

import java.util.Set;

/**
 * What one compaction of a region did: the cell bytes it read and the families it compacted
 * completely (every file of the store; such a compaction drops delete markers).
 */
public record CompactionReport(long bytesRead, Set<String> majorCompactedFamilies) {}
