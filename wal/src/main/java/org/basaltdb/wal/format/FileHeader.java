package org.basaltdb.wal.format;

/**
 * The header of a log or recovered-edits file.
 *
 * @param version format version ({@link WalFormat#VERSION})
 * @param kind {@link WalFormat#KIND_WAL} or {@link WalFormat#KIND_RECOVERED_EDITS}
 * @param createdAt the writer's clock at creation, ms since the epoch
 * @param writer who wrote the file: the server name, or "split:" and the dead server's name
 * @param length bytes the header takes in the file
 */
public record FileHeader(int version, int kind, long createdAt, String writer, int length) {}
