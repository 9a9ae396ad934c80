package org.basaltdb.mapreduce.tools;

import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.basaltdb.server.layout.LocalRootFileSystem;

/**
 * Hadoop's checksummed local filesystem over {@link LocalRootFileSystem}, which changes
 * permissions through {@code java.nio} instead of a {@code chmod} process: without Hadoop's
 * native library (which Basalt does not ship), {@link RawLocalFileSystem#setPermission} starts
 * one for every file and directory a job creates with a permission, some 25 for a job on the
 * local runner (its staging directory, split files, {@code job.xml}, each with its checksum
 * file). The tools use it for {@code file:} on the local job runner
 * ({@link ToolSupport#localFileSystem}).
 */
public final class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new LocalRootFileSystem());
  }
}
