package org.basaltdb.regionserver.thrift;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.thrift.ProcessFunction;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.basaltdb.common.ops.Result;
import org.basaltdb.thrift.ResultWriter;
import org.basaltdb.thrift.generated.THBaseService;
import org.basaltdb.thrift.generated.TIOError;
import org.basaltdb.thrift.generated.TIllegalArgument;

/**
 * {@code THBaseService}'s processor with the read methods answering straight from Basalt's
 * results: {@code get}, {@code getMultiple}, {@code getScannerRows} and {@code getScannerResults}
 * write their replies with {@link ResultWriter} instead of converting every cell to a
 * {@code TColumnValue} first. Every other method, and every error reply, is the generated code's.
 *
 * <p>The bytes on the wire are the generated code's (each reply is a {@code <method>_result}
 * struct whose field 0 is the answer); {@code ResultWriterTest} checks the result encoding and
 * the end-to-end tests read the replies with HBase's own generated client.
 */
public final class DirectReplies extends THBaseService.Processor<ThriftHandler> {

  private final ThriftHandler handler;
  private final Map<String, ProcessFunction<ThriftHandler, ? extends TBase>> functions;
  private final RequestMetrics metrics;

  /** A processor that records no request metrics (forwarded requests, tests). */
  public DirectReplies(ThriftHandler handler) {
    this(handler, RequestMetrics.OFF);
  }

  /** A processor that records every call in {@code metrics}. */
  public DirectReplies(ThriftHandler handler, RequestMetrics metrics) {
    this(handler, new HashMap<>(), metrics);
  }

  private DirectReplies(ThriftHandler handler,
      Map<String, ProcessFunction<ThriftHandler, ? extends TBase>> functions,
      RequestMetrics metrics) {
    super(handler, functions); // fills the map with the generated functions, and keeps it
    this.handler = handler;
    this.functions = functions;
    this.metrics = metrics;
    functions.put("get", new TwoWayRead<>("get", THBaseService.get_args::new) {
      @Override
      public TBase getResult(ThriftHandler h, THBaseService.get_args args) throws TException {
        try {
          return new Reply(h.getRow(args.table, args.tget), null);
        } catch (TIOError io) {
          return new THBaseService.get_result().setIo(io);
        }
      }
    });
    functions.put("getMultiple",
        new TwoWayRead<>("getMultiple", THBaseService.getMultiple_args::new) {
          @Override
          public TBase getResult(ThriftHandler h, THBaseService.getMultiple_args args)
              throws TException {
            try {
              return new Reply(null, h.getRows(args.table, args.tgets));
            } catch (TIOError io) {
              return new THBaseService.getMultiple_result().setIo(io);
            }
          }
        });
    functions.put("getScannerRows",
        new TwoWayRead<>("getScannerRows", THBaseService.getScannerRows_args::new) {
          @Override
          public TBase getResult(ThriftHandler h, THBaseService.getScannerRows_args args)
              throws TException {
            try {
              return new Reply(null, h.scannerRows(args.scannerId, args.numRows));
            } catch (TIOError io) {
              return new THBaseService.getScannerRows_result().setIo(io);
            } catch (TIllegalArgument ia) {
              return new THBaseService.getScannerRows_result().setIa(ia);
            }
          }
        });
    functions.put("getScannerResults",
        new TwoWayRead<>("getScannerResults", THBaseService.getScannerResults_args::new) {
          @Override
          public TBase getResult(ThriftHandler h, THBaseService.getScannerResults_args args)
              throws TException {
            try {
              return new Reply(null, h.scanResults(args.table, args.tscan, args.numRows));
            } catch (TIOError io) {
              return new THBaseService.getScannerResults_result().setIo(io);
            }
          }
        });
  }

  /**
   * Dispatches one call, as the generated processor does, timing it when metrics are on: the
   * one place every {@code THBaseService} request passes ({@link RequestMetrics}).
   */
  @Override
  public void process(TProtocol in, TProtocol out) throws TException {
    if (!metrics.enabled()) {
      super.process(in, out);
      return;
    }
    metrics.dispatch(RequestMetrics.Service.THRIFT2, functions, handler, in, out);
  }

  /**
   * A successful reply: {@code <method>_result} with field 0 set to one TResult ({@code one}) or
   * a list of them ({@code many}). Only {@link #write} is used by the processor; the rest of
   * {@link TBase} is not supported.
   */
  private static final class Reply extends WriteOnlyReply {
    private static final TStruct STRUCT = new TStruct("result");
    private static final TField ONE = new TField("success", TType.STRUCT, (short) 0);
    private static final TField MANY = new TField("success", TType.LIST, (short) 0);

    private final Result one;
    private final List<Result> many;

    Reply(Result one, List<Result> many) {
      this.one = one;
      this.many = many;
    }

    @Override
    public void write(TProtocol out) throws TException {
      out.writeStructBegin(STRUCT);
      if (one != null) {
        out.writeFieldBegin(ONE);
        ResultWriter.write(out, one, false);
      } else {
        out.writeFieldBegin(MANY);
        ResultWriter.writeList(out, many);
      }
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    }
  }
}
