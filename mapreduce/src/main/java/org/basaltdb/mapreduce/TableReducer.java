package org.basaltdb.mapreduce;

import org.apache.hadoop.mapreduce.Reducer;
import org.basaltdb.common.ops.Mutation;

/**
 * A reducer writing {@link org.basaltdb.common.ops.Put}s and
 * {@link org.basaltdb.common.ops.Delete}s to a Basalt table through {@link TableOutputFormat}
 * (HBase's name).
 */
public abstract class TableReducer<KEYIN, VALUEIN, KEYOUT>
    extends Reducer<KEYIN, VALUEIN, KEYOUT, Mutation> {}
