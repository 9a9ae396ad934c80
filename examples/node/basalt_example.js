#!/usr/bin/env node
// Basalt from Node.js through HBase's Thrift2 API (THBaseService).
//
// Run against a standalone Basalt (bin/basalt standalone), after `npm ci` in this directory:
//
//     node examples/node/basalt_example.js [--host H] [--port 9090] [--framed] [--compact]
//
// It uses npm's `thrift` package (0.17.0, pinned in package-lock.json) and the client code in
// gen/, generated from Basalt's thrift-api/src/main/thrift/hbase.thrift by
// thrift-api/regenerate.sh. It creates a table, puts, gets, scans, deletes and drops the table;
// each step prints one line, and the exit status is 0 when every step gave the expected answer.
'use strict';

let thrift;
try {
  thrift = require('thrift');
} catch (e) {
  console.error("npm's thrift package is missing: run `npm ci` in examples/node");
  process.exit(2);
}
const THBaseService = require('./gen/THBaseService');
const t = require('./gen/hbase_types');

function options(argv) {
  const o = { host: '127.0.0.1', port: 9090, framed: false, compact: false };
  for (let i = 2; i < argv.length; i++) {
    switch (argv[i]) {
      case '--host': o.host = argv[++i]; break;
      case '--port': o.port = Number(argv[++i]); break;
      case '--framed': o.framed = true; break;
      case '--compact': o.compact = true; break;
      default:
        console.error(`unknown argument ${argv[i]}; usage: basalt_example.js [--host H]`
          + ' [--port N] [--framed] [--compact]');
        process.exit(2);
    }
  }
  return o;
}

const b = (s) => Buffer.from(s, 'utf8');
const str = (buf) => (buf ? buf.toString('utf8') : null);

function check(what, got, expected) {
  const g = JSON.stringify(got);
  const e = JSON.stringify(expected);
  if (g !== e) {
    throw new Error(`FAILED ${what}: expected ${e}, got ${g}`);
  }
  console.log(`${what}: ${g}`);
}

async function roundTrip(client) {
  const name = new t.TTableName({ ns: b('default'), qualifier: b('example_node') });
  const table = b('example_node');
  if (await client.tableExists(name)) {
    await client.disableTable(name);
    await client.deleteTable(name);
  }
  await client.createTable(new t.TTableDescriptor({
    tableName: name,
    columns: [new t.TColumnFamilyDescriptor({ name: b('cf') })],
  }), null);
  check('createTable, tableExists', await client.tableExists(name), true);
  for (let i = 0; i < 3; i++) {
    await client.put(table, new t.TPut({
      row: b(`row${i}`),
      columnValues: [new t.TColumnValue({ family: b('cf'), qualifier: b('q'), value: b(`value${i}`) })],
    }));
  }
  const result = await client.get(table, new t.TGet({ row: b('row1') }));
  check('get row1', result.columnValues.map((c) => [str(c.family), str(c.qualifier), str(c.value)]),
    [['cf', 'q', 'value1']]);
  const scanner = await client.openScanner(table, new t.TScan({ startRow: b('row0'), stopRow: b('row9') }));
  const rows = [];
  for (;;) {
    const batch = await client.getScannerRows(scanner, 2);
    if (batch.length === 0) break;
    batch.forEach((r) => rows.push(str(r.row)));
  }
  await client.closeScanner(scanner);
  check('scan', rows, ['row0', 'row1', 'row2']);
  const inc = await client.increment(table, new t.TIncrement({
    row: b('counter'),
    columns: [new t.TColumnIncrement({ family: b('cf'), qualifier: b('n'), amount: 7 })],
  }));
  check('increment (8-byte big-endian)', inc.columnValues[0].value.readBigInt64BE().toString(), '7');
  await client.deleteSingle(table, new t.TDelete({ row: b('row1') }));
  check('get after delete', (await client.get(table, new t.TGet({ row: b('row1') }))).columnValues.length, 0);
  await client.disableTable(name);
  await client.deleteTable(name);
  check('deleteTable, tableExists', await client.tableExists(name), false);
}

async function main() {
  const o = options(process.argv);
  const connection = thrift.createConnection(o.host, o.port, {
    transport: o.framed ? thrift.TFramedTransport : thrift.TBufferedTransport,
    protocol: o.compact ? thrift.TCompactProtocol : thrift.TBinaryProtocol,
    connect_timeout: 10000,
    max_attempts: 1,
  });
  let failure = null;
  connection.on('error', (e) => { failure = failure || e; });
  const client = thrift.createClient(THBaseService, connection);
  try {
    await new Promise((resolve, reject) => {
      connection.once('connect', resolve);
      connection.once('error', reject);
    });
    await roundTrip(client);
    console.log('ok: Thrift2 round trip from Node.js');
  } finally {
    connection.end();
  }
  if (failure) {
    throw failure;
  }
}

main().catch((e) => {
  console.error(e && e.message ? e.message : e);
  process.exit(1);
});
