/**
 * Hadoop MapReduce over Basalt tables, in the manner of HBase's {@code hbase-mapreduce}: input
 * and output formats that read and write through the Java client, the bulk-load path, and the
 * command-line tools built on them.
 */
package org.basaltdb.mapreduce;
