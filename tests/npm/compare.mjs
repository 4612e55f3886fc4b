#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Read a dp-to-parquet dataset with one reader and compare every value,
// and the column types, with the input records.
//
//   node compare.mjs READER SCHEMA_FILE INPUT.ndjson DATASET_DIR [PARTITION_COLS]
//
// READER: duckdb (@duckdb/node-api), arrow (parquet-wasm, arrow-rs) or
// hyparquet. SCHEMA_FILE is in dp's schema file format (dp-to-parquet
// --print-schema). Prints one summary line; exits 1 on any difference.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { canonInput, canonRead, datasetFiles, parseSchema, readRecords } from './lib.mjs';

const require = createRequire(import.meta.url);
const [reader, schemaPath, inputPath, dir, partArg = ''] = process.argv.slice(2);
const fields = parseSchema(readFileSync(schemaPath, 'utf8'));
const partCols = partArg ? partArg.split(',') : [];
const fileFields = fields.filter(f => !partCols.includes(f.name));
const partFields = partCols.map(n => fields.find(f => f.name === n));
const files = datasetFiles(dir);
const problems = [];

function duckType(f, elem = false) {
  if (f.list && !elem) return duckType(f, true) + '[]';
  return { string: 'VARCHAR', int32: 'INTEGER', int64: 'BIGINT', double: 'DOUBLE', float: 'FLOAT',
    bool: 'BOOLEAN', timestamp: 'TIMESTAMP WITH TIME ZONE' }[f.kind] ?? `DECIMAL(${f.precision},${f.scale})`;
}
function arrowType(f, elem = false) {
  if (f.list && !elem) return `List<${arrowType(f, true)}>`;
  return { string: 'Utf8', int32: 'Int32', int64: 'Int64', double: 'Float64', float: 'Float32', bool: 'Bool',
    timestamp: 'Timestamp<MICROSECOND, UTC>' }[f.kind] ?? `Decimal[${f.precision}e+${f.scale}]`;
}
function checkTypes(got, want) {
  const g = got.join(', '), w = want.join(', ');
  if (g !== w) problems.push(`column types differ:\n    got  ${g}\n    want ${w}`);
}

// Rows as {name: value} with reader-native values; partition values as
// strings or null.
async function readDuckdb() {
  const { DuckDBInstance } = require('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  if (!files.length) return [];
  const list = '[' + files.map(f => `'${f.path.replace(/'/g, "''")}'`).join(',') + ']';
  const hive = partCols.length
    ? `, hive_partitioning = true, hive_types = {${partCols.map(n => `'${n}': VARCHAR`).join(', ')}}`
    : ', hive_partitioning = false';
  const src = `read_parquet(${list}${hive})`;
  const desc = (await c.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`)).getRowObjects();
  checkTypes(desc.filter(d => !partCols.includes(d.column_name)).map(d => `${d.column_name} ${d.column_type}`),
    fileFields.map(f => `${f.name} ${duckType(f)}`));
  const cols = fields.map(f => `"${f.name}"`).join(', ');
  return (await c.runAndReadAll(`SELECT ${cols} FROM ${src}`)).getRowObjects();
}

async function readArrow() {
  const pw = require('parquet-wasm/node');
  const { tableFromIPC } = await import('apache-arrow');
  const rows = [];
  for (const file of files) {
    const t = tableFromIPC(pw.readParquet(new Uint8Array(readFileSync(file.path))).intoIPCStream());
    checkTypes(t.schema.fields.map(x => `${x.name} ${x.type}`), fileFields.map(f => `${f.name} ${arrowType(f)}`));
    const cols = fileFields.map(f => {
      const vec = t.getChild(f.name);
      if (!vec) return () => undefined;
      const tid = String(vec.type);
      if (tid.startsWith('Timestamp')) {
        const raw = [];
        for (const d of vec.data) for (let j = 0; j < d.length; j++) raw.push(d.values[d.offset + j]);
        return i => vec.isValid(i) ? raw[i] : null;
      }
      if (tid.startsWith('Decimal')) {
        return i => {
          const w = vec.get(i);
          if (w === null) return null;
          let v = 0n;
          for (let k = 3; k >= 0; k--) v = (v << 32n) | BigInt(w[k]);
          return v >= 1n << 127n ? v - (1n << 128n) : v;
        };
      }
      return i => vec.get(i);
    });
    for (let i = 0; i < t.numRows; i++) {
      const row = { ...file.parts };
      fileFields.forEach((f, k) => { row[f.name] = cols[k](i); });
      rows.push(row);
    }
  }
  return rows;
}

async function readHyparquet() {
  const { parquetReadObjects } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const rows = [];
  for (const file of files) {
    const buf = readFileSync(file.path);
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const got = await parquetReadObjects({ file: ab, compressors, parsers: { timestampFromMicroseconds: x => x } });
    for (const r of got) rows.push({ ...file.parts, ...r });
    if (got.length) {
      const names = Object.keys(got[0]).join(', '), want = fileFields.map(f => f.name).join(', ');
      if (names !== want) problems.push(`hyparquet columns differ:\n    got  ${names}\n    want ${want}`);
    }
  }
  return rows;
}

const read = { duckdb: readDuckdb, arrow: readArrow, hyparquet: readHyparquet }[reader];
if (!read) { console.error(`unknown reader ${reader}`); process.exit(2); }
const got = (await read()).map(r => fields.map(f => partCols.includes(f.name)
  ? (r[f.name] === undefined || r[f.name] === null ? null : String(r[f.name]))
  : canonRead(r[f.name], f)));
const want = readRecords(inputPath).map(r => fields.map(f => {
  if (!partCols.includes(f.name)) return canonInput(r[f.name], f);
  const v = canonInput(r[f.name], f);
  return v === '' ? null : v;
}));
const key = row => JSON.stringify(row);
let g = got.map(key), w = want.map(key);
if (files.length > 1) { g.sort(); w.sort(); }
if (g.length !== w.length) problems.push(`${g.length} rows read, ${w.length} expected`);
let bad = 0;
for (let i = 0; i < Math.min(g.length, w.length); i++) {
  if (g[i] === w[i]) continue;
  if (++bad > 3) continue;
  const gr = JSON.parse(g[i]), wr = JSON.parse(w[i]);
  const diffs = fields.map((f, k) => JSON.stringify(gr[k]) === JSON.stringify(wr[k]) ? null
    : `${f.name}: got ${JSON.stringify(gr[k])?.slice(0, 200)}, want ${JSON.stringify(wr[k])?.slice(0, 200)}`).filter(Boolean);
  problems.push(`row ${i}: ${diffs.join('; ')}`);
}
if (bad) problems.push(`${bad} of ${w.length} rows differ`);
if (problems.length) {
  console.log(`${reader}: ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${reader}: ${g.length} rows x ${fields.length} fields equal to the input, types as the schema says`);
