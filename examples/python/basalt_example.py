#!/usr/bin/env python3
"""Basalt from Python, through both of HBase's Thrift APIs.

Run against a standalone Basalt (bin/basalt standalone):

    /usr/bin/python3 examples/python/basalt_example.py [--host H] [--port 9090]
        [--thrift1-port 9089] [--framed] [--compact]

It needs Apache Thrift's Python library, 0.17 (Debian/Ubuntu: apt-get install python3-thrift;
elsewhere: pip install thrift==0.17.0). The client code in gen/ is generated from Basalt's IDLs
by thrift-api/regenerate.sh; basalt.thrift is Thrift2 (THBaseService), basalt.thrift1 is Thrift1
(Hbase, the API happybase speaks).

Part 1 makes a Thrift2 round trip: create a table, put, get, scan, delete, drop the table.
Part 2 makes exactly the Thrift1 calls happybase 1.x makes for its Connection and Table methods,
in its order and with its arguments, so it shows what happybase does against Basalt.
Exit status 0 when every step gave the expected answer; each step prints one line.
"""

import argparse
import os
import struct
import sys

# No __pycache__ beside the generated code: regenerate.sh --check compares that tree with the IDL.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))

try:
    from thrift.protocol import TBinaryProtocol, TCompactProtocol
    from thrift.transport import TSocket, TTransport
except ImportError:
    sys.exit("Apache Thrift's Python library is missing: apt-get install python3-thrift"
             " (Debian/Ubuntu; run this script with /usr/bin/python3), or pip install"
             " thrift==0.17.0")

from basalt.thrift import THBaseService
from basalt.thrift.ttypes import (TColumnFamilyDescriptor, TColumnValue, TDelete, TGet, TPut,
                                  TScan, TTableDescriptor, TTableName)
from basalt.thrift1 import Hbase
from basalt.thrift1.ttypes import BatchMutation, ColumnDescriptor, Mutation
from basalt.thrift1.ttypes import TScan as Thrift1Scan


def connect(host, port, framed, compact, client_class):
    socket = TSocket.TSocket(host, port)
    socket.setTimeout(30000)
    transport = (TTransport.TFramedTransport(socket) if framed
                 else TTransport.TBufferedTransport(socket))
    protocol = (TCompactProtocol.TCompactProtocol(transport) if compact
                else TBinaryProtocol.TBinaryProtocol(transport))
    transport.open()
    return transport, client_class.Client(protocol)


def check(what, got, expected):
    if got != expected:
        raise SystemExit("FAILED %s: expected %r, got %r" % (what, expected, got))
    print("%s: %r" % (what, got))


def thrift2_round_trip(client):
    name = TTableName(ns=b"default", qualifier=b"example_t2")
    table = b"example_t2"
    if client.tableExists(name):
        client.disableTable(name)
        client.deleteTable(name)
    client.createTable(TTableDescriptor(tableName=name,
                                        columns=[TColumnFamilyDescriptor(name=b"cf")]), None)
    check("thrift2 createTable, tableExists", client.tableExists(name), True)
    for i in range(3):
        client.put(table, TPut(row=b"row%d" % i,
                               columnValues=[TColumnValue(b"cf", b"q", b"value%d" % i)]))
    result = client.get(table, TGet(row=b"row1"))
    check("thrift2 get row1", [(c.family, c.qualifier, c.value) for c in result.columnValues],
          [(b"cf", b"q", b"value1")])
    scanner = client.openScanner(table, TScan(startRow=b"row0", stopRow=b"row9"))
    rows = []
    while True:
        batch = client.getScannerRows(scanner, 2)
        if not batch:
            break
        rows.extend(r.row for r in batch)
    client.closeScanner(scanner)
    check("thrift2 scan", rows, [b"row0", b"row1", b"row2"])
    client.deleteSingle(table, TDelete(row=b"row1"))
    check("thrift2 get after delete", client.get(table, TGet(row=b"row1")).columnValues, [])
    client.disableTable(name)
    client.deleteTable(name)
    check("thrift2 deleteTable, tableExists", client.tableExists(name), False)


class HappybaseCalls:
    """The Thrift1 calls of happybase 1.x's Connection and Table, made by hand."""

    def __init__(self, client, name):
        self.client = client
        self.name = name

    # Connection
    def tables(self):
        return self.client.getTableNames()

    def create_table(self, families):
        descriptors = []
        for family, options in families.items():
            kwargs = dict(options)
            kwargs["name"] = family + b":"  # happybase appends the colon
            descriptors.append(ColumnDescriptor(**kwargs))
        self.client.createTable(self.name, descriptors)

    def delete_table(self, disable=False):
        if disable and self.client.isTableEnabled(self.name):
            self.client.disableTable(self.name)
        self.client.deleteTable(self.name)

    # Table
    def families(self):
        return {n.rstrip(b":"): d for n, d in self.client.getColumnDescriptors(self.name).items()}

    def regions(self):
        return self.client.getTableRegions(self.name)

    def row(self, row, columns=None, timestamp=None):
        if timestamp is None:
            rows = self.client.getRowWithColumns(self.name, row, columns, {})
        else:
            rows = self.client.getRowWithColumnsTs(self.name, row, columns, timestamp, {})
        return {k: c.value for k, c in rows[0].columns.items()} if rows else {}

    def rows(self, rows, columns=None, timestamp=None):
        if timestamp is None:
            results = self.client.getRowsWithColumns(self.name, rows, columns, {})
        else:
            results = self.client.getRowsWithColumnsTs(self.name, rows, columns, timestamp, {})
        return [(r.row, {k: c.value for k, c in r.columns.items()}) for r in results]

    def cells(self, row, column, versions=None, timestamp=None):
        if versions is None:
            versions = (1 << 31) - 1
        if timestamp is None:
            cells = self.client.getVer(self.name, row, column, versions, {})
        else:
            cells = self.client.getVerTs(self.name, row, column, timestamp, versions, {})
        return [c.value for c in cells]

    def scan(self, row_start=None, row_stop=None, columns=None, filter=None, batch_size=1000,
             scan_batching=None, sorted_columns=False, reverse=False):
        scan = Thrift1Scan(startRow=row_start, stopRow=row_stop, columns=columns,
                           caching=batch_size, filterString=filter, batchSize=scan_batching,
                           sortColumns=sorted_columns, reversed=reverse)
        scan_id = self.client.scannerOpenWithScan(self.name, scan, {})
        try:
            while True:
                items = self.client.scannerGetList(scan_id, batch_size)
                if not items:
                    return
                for item in items:
                    yield item.row, {k: c.value for k, c in item.columns.items()}
        finally:
            self.client.scannerClose(scan_id)

    def _send(self, mutations, timestamp=None):
        batches = [BatchMutation(row, ms) for row, ms in mutations.items()]
        if timestamp is None:
            self.client.mutateRows(self.name, batches, {})
        else:
            self.client.mutateRowsTs(self.name, batches, timestamp, {})

    def put(self, row, data, timestamp=None, wal=True):
        self._send({row: [Mutation(isDelete=False, column=c, value=v, writeToWAL=wal)
                          for c, v in data.items()]}, timestamp)

    def delete(self, row, columns=None, timestamp=None, wal=True):
        if columns is None:  # one delete per family name, without the colon
            columns = list(self.families().keys())
        self._send({row: [Mutation(isDelete=True, column=c, writeToWAL=wal)
                          for c in columns]}, timestamp)

    def counter_inc(self, row, column, value=1):
        return self.client.atomicIncrement(self.name, row, column, value)

    def counter_set(self, row, column, value=0):
        self.put(row, {column: struct.pack(">q", value)})


def happybase_sequence(client):
    t = HappybaseCalls(client, b"example_hb")
    if b"example_hb" in t.tables():
        t.delete_table(disable=True)
    t.create_table({b"cf1": {}, b"cf2": {"maxVersions": 5}})
    check("thrift1 tables() has the table", b"example_hb" in t.tables(), True)
    check("thrift1 families()", sorted(t.families()), [b"cf1", b"cf2"])
    check("thrift1 regions()", len(t.regions()), 1)
    t.put(b"r1", {b"cf1:a": b"1", b"cf2:x": b"v1"})
    t.put(b"r2", {b"cf2:x": b"old"}, timestamp=100)
    t.put(b"r2", {b"cf2:x": b"new"}, timestamp=200)
    check("thrift1 row(r1)", t.row(b"r1"), {b"cf1:a": b"1", b"cf2:x": b"v1"})
    check("thrift1 row(r1, columns=[cf1])", t.row(b"r1", columns=[b"cf1"]), {b"cf1:a": b"1"})
    check("thrift1 row(r2, timestamp=200)", t.row(b"r2", timestamp=200), {b"cf2:x": b"old"})
    check("thrift1 rows([r1, r2], columns=[cf2:x])", t.rows([b"r1", b"r2"], columns=[b"cf2:x"]),
          [(b"r1", {b"cf2:x": b"v1"}), (b"r2", {b"cf2:x": b"new"})])
    check("thrift1 cells(r2, cf2:x)", t.cells(b"r2", b"cf2:x"), [b"new", b"old"])
    check("thrift1 cells(r2, cf2:x, timestamp=200)", t.cells(b"r2", b"cf2:x", timestamp=200),
          [b"old"])
    for i in range(5):
        t.put(b"s%d" % i, {b"cf1:a": b"%d" % i})
    check("thrift1 scan(row_start=s, row_stop=t, batch_size=2)",
          [k for k, _ in t.scan(row_start=b"s", row_stop=b"t", batch_size=2)],
          [b"s0", b"s1", b"s2", b"s3", b"s4"])
    check("thrift1 scan(reverse=True)",
          [k for k, _ in t.scan(row_start=b"s3", row_stop=b"s0", reverse=True)],
          [b"s3", b"s2", b"s1"])
    check("thrift1 scan(filter=...)",
          [k for k, _ in t.scan(row_start=b"s", row_stop=b"t",
                                 filter=b"SingleColumnValueFilter('cf1', 'a', =, 'binary:3')")],
          [b"s3"])
    check("thrift1 counter_inc", t.counter_inc(b"c", b"cf1:n", 5), 5)
    t.counter_set(b"c", b"cf1:n", 42)
    check("thrift1 counter_inc after counter_set", t.counter_inc(b"c", b"cf1:n"), 43)
    t.delete(b"r1", columns=[b"cf2:x"])
    check("thrift1 row(r1) after delete(columns=[cf2:x])", t.row(b"r1"), {b"cf1:a": b"1"})
    t.delete(b"r2")
    check("thrift1 row(r2) after delete(r2)", t.row(b"r2"), {})
    client.compact(b"example_hb")
    client.disableTable(b"example_hb")
    check("thrift1 is_table_enabled after disable", client.isTableEnabled(b"example_hb"), False)
    client.enableTable(b"example_hb")
    t.delete_table(disable=True)
    check("thrift1 delete_table", b"example_hb" in t.tables(), False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9090, help="Thrift2 port (thrift.port)")
    parser.add_argument("--thrift1-port", type=int, default=9089,
                        help="Thrift1 port (thrift1.port)")
    parser.add_argument("--framed", action="store_true", help="framed transport (thrift.framed)")
    parser.add_argument("--compact", action="store_true",
                        help="compact protocol (thrift.compact)")
    args = parser.parse_args()

    transport, client = connect(args.host, args.port, args.framed, args.compact, THBaseService)
    try:
        thrift2_round_trip(client)
    finally:
        transport.close()
    transport, client = connect(args.host, args.thrift1_port, args.framed, args.compact, Hbase)
    try:
        happybase_sequence(client)
    finally:
        transport.close()
    print("ok: Thrift2 round trip and happybase's Thrift1 calls")


if __name__ == "__main__":
    main()
