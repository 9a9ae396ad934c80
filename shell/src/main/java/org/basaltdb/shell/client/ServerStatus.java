package org.basaltdb.shell.client;

/** One server's figures for {@code status}; mirrors the client's record of the same name. */
public record ServerStatus(String serverName, String version, long startTime, int regions,
    long memstoreBytes, int storeFiles, long storeFileBytes, long blockCacheBytes,
    double blockCacheHitRatio) {}
