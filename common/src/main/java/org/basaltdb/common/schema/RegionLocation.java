package org.basaltdb.common.schema;

/** Where a region is served: its server as {@code host,port,startcode}, or null if unassigned. */
public record RegionLocation(RegionInfo region, String server) {}
