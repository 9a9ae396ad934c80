package org.basaltdb.regionserver.thrift;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.thrift.ProcessFunction;
import org.apache.thrift.TBase;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.basaltdb.common.ops.Result;
import org.basaltdb.thrift.RowResultWriter;
import org.basaltdb.thrift.generated.thrift1.Hbase;
import org.basaltdb.thrift.generated.thrift1.IOError;
import org.basaltdb.thrift.generated.thrift1.IllegalArgument;

/**
 * Thrift1's {@code Hbase} processor with the row reads answering straight from Basalt's results:
 * the {@code getRow*}, {@code getRows*} and {@code scannerGet*} methods write their replies with
 * {@link RowResultWriter} instead of building a {@code TRowResult} map per row first, as
 * {@link DirectReplies} does for Thrift2. Every other method, and every error reply, is the
 * generated code's; the bytes on the wire are the generated code's too (each reply is a
 * {@code <method>_result} whose field 0 is the list of rows). Every request is timed and counted
 * in {@link RequestMetrics} as the Thrift1 service's.
 */
public final class Thrift1Replies extends Hbase.Processor<Thrift1Handler> {

  private final Thrift1Handler handler;
  private final Map<String, ProcessFunction<Thrift1Handler, ? extends TBase>> functions;
  private final RequestMetrics metrics;

  /** A processor that records no request metrics (tests). */
  public Thrift1Replies(Thrift1Handler handler) {
    this(handler, RequestMetrics.OFF);
  }

  /** A processor that records every call in {@code metrics}. */
  public Thrift1Replies(Thrift1Handler handler, RequestMetrics metrics) {
    this(handler, new HashMap<>(), metrics);
  }

  private Thrift1Replies(Thrift1Handler handler,
      Map<String, ProcessFunction<Thrift1Handler, ? extends TBase>> functions,
      RequestMetrics metrics) {
    super(handler, functions); // fills the map with the generated functions, and keeps it
    this.handler = handler;
    this.functions = functions;
    this.metrics = metrics;
    functions.put("getRow", new Rows<>("getRow", Hbase.getRow_args::new,
        Hbase.getRow_result::new, (h, a) -> h.rowOf(a.tableName, a.row, null,
            org.basaltdb.thrift.Thrift1Model.LATEST)));
    functions.put("getRowWithColumns", new Rows<>("getRowWithColumns",
        Hbase.getRowWithColumns_args::new, Hbase.getRowWithColumns_result::new,
        (h, a) -> h.rowOf(a.tableName, a.row, a.columns,
            org.basaltdb.thrift.Thrift1Model.LATEST)));
    functions.put("getRowTs", new Rows<>("getRowTs", Hbase.getRowTs_args::new,
        Hbase.getRowTs_result::new, (h, a) -> h.rowOf(a.tableName, a.row, null, a.timestamp)));
    functions.put("getRowWithColumnsTs", new Rows<>("getRowWithColumnsTs",
        Hbase.getRowWithColumnsTs_args::new, Hbase.getRowWithColumnsTs_result::new,
        (h, a) -> h.rowOf(a.tableName, a.row, a.columns, a.timestamp)));
    functions.put("getRows", new Rows<>("getRows", Hbase.getRows_args::new,
        Hbase.getRows_result::new, (h, a) -> h.rowsOf(a.tableName, a.rows, null,
            org.basaltdb.thrift.Thrift1Model.LATEST)));
    functions.put("getRowsWithColumns", new Rows<>("getRowsWithColumns",
        Hbase.getRowsWithColumns_args::new, Hbase.getRowsWithColumns_result::new,
        (h, a) -> h.rowsOf(a.tableName, a.rows, a.columns,
            org.basaltdb.thrift.Thrift1Model.LATEST)));
    functions.put("getRowsTs", new Rows<>("getRowsTs", Hbase.getRowsTs_args::new,
        Hbase.getRowsTs_result::new, (h, a) -> h.rowsOf(a.tableName, a.rows, null,
            a.timestamp)));
    functions.put("getRowsWithColumnsTs", new Rows<>("getRowsWithColumnsTs",
        Hbase.getRowsWithColumnsTs_args::new, Hbase.getRowsWithColumnsTs_result::new,
        (h, a) -> h.rowsOf(a.tableName, a.rows, a.columns, a.timestamp)));
    functions.put("scannerGet", new ScannerRows<>("scannerGet", Hbase.scannerGet_args::new,
        Hbase.scannerGet_result::new, (h, a) -> h.scannerRowsOf(a.id, 1)));
    functions.put("scannerGetList", new ScannerRows<>("scannerGetList",
        Hbase.scannerGetList_args::new, Hbase.scannerGetList_result::new,
        (h, a) -> h.scannerRowsOf(a.id, a.nbRows)));
  }

  /** Dispatches one call, as the generated processor does, timing it when metrics are on. */
  @Override
  public void process(TProtocol in, TProtocol out) throws TException {
    if (!metrics.enabled()) {
      super.process(in, out);
      return;
    }
    metrics.dispatch(RequestMetrics.Service.THRIFT1, functions, handler, in, out);
  }

  /** A row read of the handler, declaring IOError only. */
  @FunctionalInterface
  private interface RowRead<A> {
    List<Result> read(Thrift1Handler h, A args) throws IOError;
  }

  /** A scanner read of the handler, declaring IOError and IllegalArgument. */
  @FunctionalInterface
  private interface ScannerRead<A> {
    Thrift1Handler.ScannerRows read(Thrift1Handler h, A args) throws IOError, IllegalArgument;
  }

  /** {@code getRow*} and {@code getRows*}: rows as maps; an IOError is the generated reply. */
  private static final class Rows<A extends TBase<?, ?>, R extends TBase<?, ?>>
      extends TwoWayRead<Thrift1Handler, A> {
    private final Supplier<R> emptyResult;
    private final RowRead<A> read;

    Rows(String method, Supplier<A> emptyArgs, Supplier<R> emptyResult, RowRead<A> read) {
      super(method, emptyArgs);
      this.emptyResult = emptyResult;
      this.read = read;
    }

    @Override
    public TBase getResult(Thrift1Handler h, A args) throws TException {
      try {
        return new Reply(read.read(h, args), false);
      } catch (IOError io) {
        return error(emptyResult.get(), 1, io);
      }
    }
  }

  /** {@code scannerGet} and {@code scannerGetList}: rows as the scanner was opened for. */
  private static final class ScannerRows<A extends TBase<?, ?>, R extends TBase<?, ?>>
      extends TwoWayRead<Thrift1Handler, A> {
    private final Supplier<R> emptyResult;
    private final ScannerRead<A> read;

    ScannerRows(String method, Supplier<A> emptyArgs, Supplier<R> emptyResult,
        ScannerRead<A> read) {
      super(method, emptyArgs);
      this.emptyResult = emptyResult;
      this.read = read;
    }

    @Override
    public TBase getResult(Thrift1Handler h, A args) throws TException {
      try {
        Thrift1Handler.ScannerRows rows = read.read(h, args);
        return new Reply(rows.rows(), rows.sorted());
      } catch (IOError io) {
        return error(emptyResult.get(), 1, io);
      } catch (IllegalArgument ia) {
        return error(emptyResult.get(), 2, ia);
      }
    }
  }

  /** {@code result} (a generated {@code <method>_result}) with field {@code id} set to {@code e}. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static TBase error(TBase result, int id, Exception e) {
    result.setFieldValue(result.fieldForId(id), e);
    return result;
  }

  /**
   * A successful reply: {@code <method>_result} with field 0 set to the list of rows. Only
   * {@link #write} is used by the processor ({@link WriteOnlyReply}).
   */
  private static final class Reply extends WriteOnlyReply {
    private static final TStruct STRUCT = new TStruct("result");
    private static final TField SUCCESS = new TField("success", TType.LIST, (short) 0);

    private final List<Result> rows;
    private final boolean sorted;

    Reply(List<Result> rows, boolean sorted) {
      this.rows = rows;
      this.sorted = sorted;
    }

    @Override
    public void write(TProtocol out) throws TException {
      out.writeStructBegin(STRUCT);
      out.writeFieldBegin(SUCCESS);
      RowResultWriter.writeList(out, rows, sorted);
      out.writeFieldEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    }
  }
}
