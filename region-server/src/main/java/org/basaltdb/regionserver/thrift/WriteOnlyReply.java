package org.basaltdb.regionserver.thrift;

import org.apache.thrift.TBase;
import org.apache.thrift.TFieldIdEnum;
import org.apache.thrift.protocol.TProtocol;

/**
 * A reply struct that the server writes straight from Basalt's results
 * ({@link DirectReplies}, {@link Thrift1Replies}): the processor calls only {@link #write};
 * the rest of {@link TBase} is not supported.
 */
@SuppressWarnings({"rawtypes"})
abstract class WriteOnlyReply implements TBase {
  private static UnsupportedOperationException writeOnly() {
    return new UnsupportedOperationException("a reply is only written");
  }

  @Override
  public final void read(TProtocol in) {
    throw writeOnly();
  }

  @Override
  public final TFieldIdEnum fieldForId(int fieldId) {
    throw writeOnly();
  }

  @Override
  public final boolean isSet(TFieldIdEnum field) {
    throw writeOnly();
  }

  @Override
  public final Object getFieldValue(TFieldIdEnum field) {
    throw writeOnly();
  }

  @Override
  public final void setFieldValue(TFieldIdEnum field, Object value) {
    throw writeOnly();
  }

  @Override
  public final TBase deepCopy() {
    throw writeOnly();
  }

  @Override
  public final void clear() {
    throw writeOnly();
  }

  @Override
  public final int compareTo(Object o) {
    throw writeOnly();
  }
}
