package org.basaltdb.regionserver.thrift;

import java.util.function.Supplier;
import org.apache.thrift.ProcessFunction;
import org.apache.thrift.TBase;

/**
 * A two-way method whose arguments are the generated struct and whose reply the server writes
 * itself ({@link DirectReplies}, {@link Thrift1Replies}); unhandled exceptions become a
 * TApplicationException, as in the generated functions.
 *
 * @param <I> the handler the method calls
 * @param <A> the method's generated {@code <method>_args}
 */
abstract class TwoWayRead<I, A extends TBase<?, ?>> extends ProcessFunction<I, A> {
  private final Supplier<A> emptyArgs;

  TwoWayRead(String method, Supplier<A> emptyArgs) {
    super(method);
    this.emptyArgs = emptyArgs;
  }

  @Override
  public A getEmptyArgsInstance() {
    return emptyArgs.get();
  }

  @Override
  protected boolean isOneway() {
    return false;
  }

  @Override
  protected boolean rethrowUnhandledExceptions() {
    return false;
  }
}
