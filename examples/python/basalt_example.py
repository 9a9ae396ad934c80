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


def make_cell(cell, include_timestamp):
    return (cell.value, cell.timestamp) if include_timestamp else cell.value


def make_row(cell_map, include_timestamp=False):
    return {name: make_cell(cell, include_timestamp) for name, cell in cell_map.items()}


def make_ordered_row(sorted_columns, include_timestamp=False):
    return [(c.columnName, make_cell(c.cell, include_timestamp)) for c in sorted_columns]


def bytes_increment(b):
    """happybase's stop row for a prefix: the prefix with its last non-0xff byte incremented."""
    b = bytearray(b)
    for i in range(len(b) - 1, -1, -1):
        if b[i] != 0xff:
            b[i] += 1
            return bytes(b[:i + 1])
    return None


class HappybaseCalls:
    """The Thrift1 calls of happybase 1.x's Connection and Table (compat 0.98, its default),
    made by hand with the same arguments in the same order."""

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
            if not family.endswith(b":"):
                family += b":"  # happybase appends the colon
            kwargs["name"] = family
            descriptors.append(ColumnDescriptor(**kwargs))
        self.client.createTable(self.name, descriptors)

    def is_table_enabled(self):
        return self.client.isTableEnabled(self.name)

    def enable_table(self):
        self.client.enableTable(self.name)

    def disable_table(self):
        self.client.disableTable(self.name)

    def compact_table(self, major=False):
        if major:
            self.client.majorCompact(self.name)
        else:
            self.client.compact(self.name)

    def delete_table(self, disable=False):
        if disable and self.is_table_enabled():
            self.disable_table()
        self.client.deleteTable(self.name)

    # Table
    def families(self):
        return {n[:-1]: d for n, d in self.client.getColumnDescriptors(self.name).items()}

    def _column_family_names(self):
        return [n.rstrip(b":") for n in self.client.getColumnDescriptors(self.name).keys()]

    def regions(self):
        return self.client.getTableRegions(self.name)

    def row(self, row, columns=None, timestamp=None, include_timestamp=False):
        if timestamp is None:
            rows = self.client.getRowWithColumns(self.name, row, columns, {})
        else:
            rows = self.client.getRowWithColumnsTs(self.name, row, columns, timestamp, {})
        return make_row(rows[0].columns, include_timestamp) if rows else {}

    def rows(self, rows, columns=None, timestamp=None, include_timestamp=False):
        if not rows:
            return {}  # no round trip
        if timestamp is None:
            results = self.client.getRowsWithColumns(self.name, rows, columns, {})
        else:
            results = self.client.getRowsWithColumnsTs(self.name, rows, columns, timestamp, {})
        return [(r.row, make_row(r.columns, include_timestamp)) for r in results]

    def cells(self, row, column, versions=None, timestamp=None, include_timestamp=False):
        if versions is None:
            versions = (1 << 31) - 1  # Thrift type is i32
        if timestamp is None:
            cells = self.client.getVer(self.name, row, column, versions, {})
        else:
            cells = self.client.getVerTs(self.name, row, column, timestamp, versions, {})
        return [make_cell(c, include_timestamp) for c in cells]

    def scan(self, row_start=None, row_stop=None, row_prefix=None, columns=None, filter=None,
             timestamp=None, include_timestamp=False, batch_size=1000, scan_batching=None,
             limit=None, sorted_columns=False, reverse=False):
        if row_prefix is not None:
            row_start = row_prefix
            row_stop = bytes_increment(row_prefix)
        if row_start is None:
            row_start = b""
        scan = Thrift1Scan(startRow=row_start, stopRow=row_stop, timestamp=timestamp,
                           columns=columns, caching=batch_size, filterString=filter,
                           batchSize=scan_batching, sortColumns=sorted_columns,
                           reversed=reverse)
        scan_id = self.client.scannerOpenWithScan(self.name, scan, {})
        n_returned = 0
        try:
            while True:
                how_many = batch_size if limit is None else min(batch_size, limit - n_returned)
                items = self.client.scannerGetList(scan_id, how_many)
                if not items:
                    return  # the scan is over: an empty list
                for item in items:
                    n_returned += 1
                    if sorted_columns:
                        yield item.row, make_ordered_row(item.sortedColumns, include_timestamp)
                    else:
                        yield item.row, make_row(item.columns, include_timestamp)
                    if limit is not None and n_returned == limit:
                        return
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
            columns = self._column_family_names()
        self._send({row: [Mutation(isDelete=True, column=c, writeToWAL=wal)
                          for c in columns]}, timestamp)

    def counter_get(self, row, column):
        return self.counter_inc(row, column, value=0)

    def counter_set(self, row, column, value=0):
        self.put(row, {column: struct.pack(">q", value)})

    def counter_inc(self, row, column, value=1):
        return self.client.atomicIncrement(self.name, row, column, value)

    def counter_dec(self, row, column, value=1):
        return self.counter_inc(row, column, -value)


def happybase_sequence(client):
    t = HappybaseCalls(client, b"example_hb")
    if b"example_hb" in t.tables():
        t.delete_table(disable=True)
    t.create_table({b"cf1": {}, b"cf2": {"maxVersions": 5}})
    check("thrift1 tables() has the table", b"example_hb" in t.tables(), True)
    check("thrift1 families()", sorted(t.families()), [b"cf1", b"cf2"])
    check("thrift1 families()[cf2].maxVersions", t.families()[b"cf2"].maxVersions, 5)
    check("thrift1 regions()", len(t.regions()), 1)
    t.put(b"r1", {b"cf1:a": b"1", b"cf2:x": b"v1"})
    t.put(b"r2", {b"cf2:x": b"old"}, timestamp=100)
    t.put(b"r2", {b"cf2:x": b"new"}, timestamp=200)
    check("thrift1 row(r1)", t.row(b"r1"), {b"cf1:a": b"1", b"cf2:x": b"v1"})
    check("thrift1 row(r1, columns=[cf1])", t.row(b"r1", columns=[b"cf1"]), {b"cf1:a": b"1"})
    check("thrift1 row(r2, timestamp=200)", t.row(b"r2", timestamp=200), {b"cf2:x": b"old"})
    check("thrift1 row(r2, include_timestamp=True)", t.row(b"r2", include_timestamp=True),
          {b"cf2:x": (b"new", 200)})
    check("thrift1 row(missing)", t.row(b"missing"), {})
    check("thrift1 rows([r1, r2], columns=[cf2:x])", t.rows([b"r1", b"r2"], columns=[b"cf2:x"]),
          [(b"r1", {b"cf2:x": b"v1"}), (b"r2", {b"cf2:x": b"new"})])
    check("thrift1 rows([r2], timestamp=200)", t.rows([b"r2"], timestamp=200),
          [(b"r2", {b"cf2:x": b"old"})])
    check("thrift1 cells(r2, cf2:x)", t.cells(b"r2", b"cf2:x"), [b"new", b"old"])
    check("thrift1 cells(r2, cf2:x, timestamp=200)", t.cells(b"r2", b"cf2:x", timestamp=200),
          [b"old"])
    check("thrift1 cells(r2, cf2:x, versions=1, include_timestamp=True)",
          t.cells(b"r2", b"cf2:x", versions=1, include_timestamp=True), [(b"new", 200)])
    for i in range(5):
        t.put(b"s%d" % i, {b"cf1:a": b"%d" % i, b"cf1:b": b"b%d" % i})
    check("thrift1 scan(row_start=s, row_stop=t, batch_size=2)",
          [k for k, _ in t.scan(row_start=b"s", row_stop=b"t", batch_size=2)],
          [b"s0", b"s1", b"s2", b"s3", b"s4"])
    check("thrift1 scan(row_prefix=s, limit=3)",
          [k for k, _ in t.scan(row_prefix=b"s", limit=3)], [b"s0", b"s1", b"s2"])
    check("thrift1 scan(reverse=True)",
          [k for k, _ in t.scan(row_start=b"s3", row_stop=b"s0", reverse=True)],
          [b"s3", b"s2", b"s1"])
    check("thrift1 scan(filter=...)",
          [k for k, _ in t.scan(row_start=b"s", row_stop=b"t",
                                 filter=b"SingleColumnValueFilter('cf1', 'a', =, 'binary:3')")],
          [b"s3"])
    check("thrift1 scan(row_prefix=s1, columns=[cf1], scan_batching=1)",
          list(t.scan(row_prefix=b"s1", columns=[b"cf1"], scan_batching=1)),
          [(b"s1", {b"cf1:a": b"1"}), (b"s1", {b"cf1:b": b"b1"})])
    check("thrift1 scan(row_prefix=s2, sorted_columns=True)",
          list(t.scan(row_prefix=b"s2", sorted_columns=True)),
          [(b"s2", [(b"cf1:a", b"2"), (b"cf1:b", b"b2")])])
    check("thrift1 scan(timestamp=150)", [k for k, _ in t.scan(timestamp=150)], [b"r2"])
    check("thrift1 counter_inc", t.counter_inc(b"c", b"cf1:n", 5), 5)
    check("thrift1 counter_dec", t.counter_dec(b"c", b"cf1:n", 2), 3)
    check("thrift1 counter_get", t.counter_get(b"c", b"cf1:n"), 3)
    t.counter_set(b"c", b"cf1:n", 42)
    check("thrift1 counter_inc after counter_set", t.counter_inc(b"c", b"cf1:n"), 43)
    check("thrift1 counter bytes (8-byte big-endian)", t.row(b"c")[b"cf1:n"],
          struct.pack(">q", 43))
    t.delete(b"r1", columns=[b"cf2:x"])
    check("thrift1 row(r1) after delete(columns=[cf2:x])", t.row(b"r1"), {b"cf1:a": b"1"})
    t.delete(b"r2")
    check("thrift1 row(r2) after delete(r2)", t.row(b"r2"), {})
    t.compact_table()
    t.compact_table(major=True)
    t.disable_table()
    check("thrift1 is_table_enabled after disable", t.is_table_enabled(), False)
    t.enable_table()
    check("thrift1 is_table_enabled after enable", t.is_table_enabled(), True)
    check("thrift1 row(r1) after enable", t.row(b"r1"), {b"cf1:a": b"1"})
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
