package org.basaltdb.client;

/**
 * One region server's state, from Basalt's admin service. {@code serverName} is
 * {@code host,port,startcode}; {@code startTime} is ms since the epoch; byte counts are bytes.
 */
public record ServerStatus(String serverName, String version, long startTime, int regions,
    long memstoreBytes, int storeFiles, long storeFileBytes, long blockCacheBytes,
    double blockCacheHitRatio) {}
