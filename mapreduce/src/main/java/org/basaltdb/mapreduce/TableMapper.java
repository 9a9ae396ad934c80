package org.basaltdb.mapreduce;

import org.apache.hadoop.mapreduce.Mapper;
import org.basaltdb.common.ops.Result;

/** A mapper over a Basalt table: each call gets a row key and the row's cells (HBase's name). */
public abstract class TableMapper<KEYOUT, VALUEOUT>
    extends Mapper<ImmutableBytesWritable, Result, KEYOUT, VALUEOUT> {}
