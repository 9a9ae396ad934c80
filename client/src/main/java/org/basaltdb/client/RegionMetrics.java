package org.basaltdb.client;

/**
 * One open region's size, from the admin service of the server holding it
 * ({@link Admin#getRegionMetrics}). Byte counts are bytes; {@code storeFileBytes} is the size of
 * its SSTables, the figure MapReduce splits report as their length.
 */
public record RegionMetrics(String encodedName, long memstoreBytes, int storeFiles,
    long storeFileBytes) {}
