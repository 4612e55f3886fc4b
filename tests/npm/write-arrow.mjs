// write-arrow.mjs: a Parquet file from a second writer, arrow-rs
// (parquet-wasm), for dp-load-parquet's tests: v2 data pages, zstd,
// dictionaries off, nulls, a list column and float32 values.
//   node write-arrow.mjs FILE      write it
//   node write-arrow.mjs --expect  print the records dp-load-parquet
//                                  should give back, one per line
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const rows = 50;
const id = Int32Array.from({ length: rows }, (_, i) => i - 10);
const big = BigInt64Array.from({ length: rows }, (_, i) => BigInt(i) * 123456789012n);
const real = Float64Array.from({ length: rows }, (_, i) => i / 3);
const single = Float32Array.from({ length: rows }, (_, i) => i / 7);
const name = Array.from({ length: rows }, (_, i) => (i % 4 === 0 ? null : `row ${i} é`));
const tags = Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? null : [`t${i}`, `u${i % 3}`]));

if (process.argv[2] === '--expect') {
  // Math.fround's shortest text is what a float32 prints as in dp
  const f32 = (v) => {
    for (let p = 1; p <= 9; p++) {
      const s = v.toPrecision(p);
      if (Math.fround(Number(s)) === v) return Number(s);
    }
    return v;
  };
  const num = (v) => (Number.isInteger(v) ? v.toFixed(1) : String(v));
  for (let i = 0; i < rows; i++) {
    const parts = [`"id":${id[i]}`, `"big":${big[i]}`, `"real":${num(real[i])}`,
      `"single":${num(f32(single[i]))}`];
    if (name[i] !== null) parts.push(`"name":${JSON.stringify(name[i])}`);
    if (tags[i] !== null) parts.push(`"tags":${JSON.stringify(tags[i])}`);
    console.log(`{${parts.join(',')}}`);
  }
  process.exit(0);
}
const arrow = await import('apache-arrow');
const pw = require('parquet-wasm/node');
const table = new arrow.Table({
  id: arrow.vectorFromArray(id, new arrow.Int32()),
  big: arrow.vectorFromArray(big, new arrow.Int64()),
  real: arrow.vectorFromArray(real, new arrow.Float64()),
  single: arrow.vectorFromArray(single, new arrow.Float32()),
  name: arrow.vectorFromArray(name, new arrow.Utf8()),
  tags: arrow.vectorFromArray(tags, new arrow.List(new arrow.Field('item', new arrow.Utf8(), true))),
});
const props = new pw.WriterPropertiesBuilder()
  .setCompression(pw.Compression.ZSTD)
  .setWriterVersion(pw.WriterVersion.V2)
  .setDictionaryEnabled(false)
  .build();
const wasmTable = pw.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
writeFileSync(process.argv[2], pw.writeParquet(wasmTable, props));
