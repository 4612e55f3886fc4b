// write-split-pages.mjs: a Parquet file whose list rows cross data page
// boundaries, for dp-load-parquet's tests. No writer at hand makes one
// (dp, arrow-rs and DuckDB all end a page between rows), so the file is
// written here by hand: one column `embedding`, an optional list of
// optional floats (the 3-level LIST form), uncompressed v1 data pages of
// PAGE_VALUES values each, PLAIN values, RLE levels. Most rows start in
// one page and end in the next; one row is longer than three pages.
//   node write-split-pages.mjs FILE      write it
//   node write-split-pages.mjs --expect  print the records dp-load-parquet
//                                        should give back, one per line
import { writeFileSync } from 'node:fs';

const PAGE_VALUES = 50;
const lengths = [37, 37, 37, 180, 1, 37, 37, 37, 37, 37, 2, 37];
// Eighths, some negative: exact floats with short decimal texts.
const rows = lengths.map((n, i) => Array.from({ length: n }, (_, j) => (i * 1000 + j * 3) / 8 - 40));

if (process.argv[2] === '--expect') {
  const num = (v) => (Number.isInteger(v) ? v.toFixed(1) : String(v));
  for (const r of rows) console.log(`{"embedding":[${r.map(num).join(',')}]}`);
  process.exit(0);
}

// ---- Thrift compact protocol, only what the footer and page headers use
const I32 = 5, I64 = 6, BINARY = 8, LIST = 9, STRUCT = 12;
const varint = (n) => {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
};
const zigzag = (n) => { const v = BigInt(n); return varint(v >= 0n ? v * 2n : -v * 2n - 1n); };
// struct([[id, type, bytes], ...]): the fields in id order, then stop.
const struct = (fields) => {
  const out = [];
  let last = 0;
  for (const [id, type, bytes] of fields) {
    out.push(((id - last) << 4) | type, ...bytes);
    last = id;
  }
  out.push(0);
  return out;
};
const i32 = (v) => zigzag(v);
const i64 = (v) => zigzag(v);
const binary = (s) => { const b = [...Buffer.from(s)]; return [...varint(b.length), ...b]; };
const list = (type, items) => [
  ...(items.length < 15 ? [(items.length << 4) | type] : [0xf0 | type, ...varint(items.length)]),
  ...items.flat(),
];

// ---- the page bodies: RLE runs of levels, PLAIN floats
// levels(values): the RLE/bit-packed hybrid as RLE runs only (levels
// here fit one byte), each a varint header (count << 1) and its value;
// the runs' byte length in front.
const levels = (values) => {
  const runs = [];
  for (let i = 0; i < values.length;) {
    let k = i;
    while (k < values.length && values[k] === values[i]) k++;
    runs.push(...varint((k - i) << 1), values[i]);
    i = k;
  }
  const len = Buffer.alloc(4);
  len.writeUInt32LE(runs.length);
  return [...len, ...runs];
};
const rep = rows.flatMap((r) => r.map((_, j) => (j === 0 ? 0 : 1)));
const values = rows.flat();
const MAX_DEF = 3;	// embedding optional, list repeated, element optional
const chunk = [];
let pages = 0;
for (let at = 0; at < values.length; at += PAGE_VALUES) {
  const n = Math.min(PAGE_VALUES, values.length - at);
  const floats = Buffer.alloc(4 * n);
  for (let k = 0; k < n; k++) floats.writeFloatLE(values[at + k], 4 * k);
  const body = [...levels(rep.slice(at, at + n)), ...levels(Array(n).fill(MAX_DEF)), ...floats];
  const header = struct([
    [1, I32, i32(0)],			// DATA_PAGE
    [2, I32, i32(body.length)],
    [3, I32, i32(body.length)],
    [5, STRUCT, struct([
      [1, I32, i32(n)],
      [2, I32, i32(0)],			// PLAIN
      [3, I32, i32(3)],			// RLE
      [4, I32, i32(3)],
    ])],
  ]);
  chunk.push(...header, ...body);
  pages++;
}
if (!rep.some((r, k) => k % PAGE_VALUES === 0 && r === 1))
  throw new Error('no page starts inside a row');

const start = 4;
const meta = struct([
  [1, I32, i32(1)],
  [2, LIST, list(STRUCT, [
    struct([[4, BINARY, binary('schema')], [5, I32, i32(1)]]),
    struct([[3, I32, i32(1)], [4, BINARY, binary('embedding')], [5, I32, i32(1)], [6, I32, i32(3)]]),
    struct([[3, I32, i32(2)], [4, BINARY, binary('list')], [5, I32, i32(1)]]),
    struct([[1, I32, i32(4)], [3, I32, i32(1)], [4, BINARY, binary('element')]]),
  ])],
  [3, I64, i64(rows.length)],
  [4, LIST, list(STRUCT, [struct([
    [1, LIST, list(STRUCT, [struct([
      [2, I64, i64(start)],
      [3, STRUCT, struct([
        [1, I32, i32(4)],			// FLOAT
        [2, LIST, list(I32, [i32(0), i32(3)])],
        [3, LIST, list(BINARY, [binary('embedding'), binary('list'), binary('element')])],
        [4, I32, i32(0)],			// UNCOMPRESSED
        [5, I64, i64(values.length)],
        [6, I64, i64(chunk.length)],
        [7, I64, i64(chunk.length)],
        [9, I64, i64(start)],
      ])],
    ])])],
    [2, I64, i64(chunk.length)],
    [3, I64, i64(rows.length)],
  ])])],
  [6, BINARY, binary(`write-split-pages.mjs (${pages} pages)`)],
]);
const len = Buffer.alloc(4);
len.writeUInt32LE(meta.length);
writeFileSync(process.argv[2], Buffer.concat([Buffer.from('PAR1'), Buffer.from(chunk),
  Buffer.from(meta), len, Buffer.from('PAR1')]));
