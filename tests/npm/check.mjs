#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Structural checks of Parquet files that readers do not all make
// (parquet-writer.md §9): a Thrift compact decoder of our own walks the
// footer and every page header.
//
//   node check.mjs FILE.parquet|DATASET_DIR...
//
// Prints "ok FILE: ..." or "FAIL FILE: why" per file; exits 1 on any
// failure.
import { readFileSync, statSync } from 'node:fs';
import { datasetFiles } from './lib.mjs';
import { gunzipSync } from 'node:zlib';
import { snappyUncompress } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

// Thrift compact: structs as {id: value}, lists as arrays, i64 as BigInt.
function decoder(buf, pos) {
  const st = { pos };
  const byte = () => buf[st.pos++];
  const varint = () => { let v = 0n, s = 0n, b; do { b = byte(); v |= BigInt(b & 0x7f) << s; s += 7n; } while (b & 0x80); return v; };
  const zz = () => { const v = varint(); return (v >> 1n) ^ -(v & 1n); };
  const val = t => {
    switch (t) {
      case 1: return true; case 2: return false;
      case 3: { const b = byte(); return b > 127 ? b - 256 : b; }
      case 4: case 5: return Number(zz());
      case 6: return zz();
      case 8: { const n = Number(varint()); const b = buf.subarray(st.pos, st.pos + n); st.pos += n; return b; }
      case 9: { const h = byte(); let n = h >> 4; const et = h & 15; if (n === 15) n = Number(varint());
        const a = []; for (let i = 0; i < n; i++) a.push(et === 1 || et === 2 ? byte() === 1 : val(et)); a.elemType = et; return a; }
      case 12: return struct();
      default: throw new Error(`thrift type ${t} at ${st.pos}`);
    }
  };
  const struct = () => {
    const o = {}; let last = 0;
    for (;;) {
      const h = byte(); if (h === 0) return o;
      const t = h & 15, d = h >> 4;
      const id = d ? last + d : Number(zz());
      o[id] = val(t); o[`t${id}`] = t; last = id;
    }
  };
  return { struct, st };
}

const u32 = (b, p) => b[p] | b[p + 1] << 8 | b[p + 2] << 16 | (b[p + 3] << 24 >>> 0);
const uncompress = {
  0: (b) => b,
  1: (b, n) => { const o = new Uint8Array(n); snappyUncompress(b, o); return o; },
  2: (b) => new Uint8Array(gunzipSync(b)),
  6: (b, n) => compressors.ZSTD(b, n),
};

function check(path) {
  const buf = new Uint8Array(readFileSync(path));
  const fail = [];
  const dec = s => new TextDecoder().decode(s);
  if (dec(buf.subarray(0, 4)) !== 'PAR1' || dec(buf.subarray(buf.length - 4)) !== 'PAR1') return ['bad magic'];
  const flen = u32(buf, buf.length - 8);
  const fstart = buf.length - 8 - flen;
  const fd = decoder(buf, fstart);
  const meta = fd.struct();
  if (fd.st.pos !== buf.length - 8) fail.push('footer length does not match FileMetaData');
  if (meta[1] !== 1) fail.push(`version ${meta[1]}`);
  if (meta.t3 !== 6) fail.push('num_rows not sent as i64');
  if (!meta[6] || !/^\S+ version \S+/.test(dec(meta[6]))) fail.push('created_by missing or unparseable');
  const schema = meta[2];
  if (schema[0][3] !== undefined) fail.push('root has a repetition_type');
  const leaves = schema.filter(e => e[5] === undefined);
  for (const e of schema) {
    if (e[5] !== undefined && e[1] !== undefined) fail.push(`group ${dec(e[4])} has a type`);
    if (e[5] === undefined && e[1] === undefined) fail.push(`leaf ${dec(e[4])} has no type`);
  }
  if (!meta[7] || meta[7].length !== leaves.length) fail.push('column_orders missing or not one per leaf');
  if (meta[4].elemType !== 12) fail.push('row_groups list element type is not struct');
  let rows = 0n, pages = 0;
  for (const [g, rg] of meta[4].entries()) {
    rows += rg[3];
    let totalUnc = 0n, totalComp = 0n;
    if (rg[1].length !== leaves.length) fail.push(`row group ${g}: ${rg[1].length} chunks for ${leaves.length} leaves`);
    if (rg[3] <= 0n) fail.push(`row group ${g} is empty`);
    for (const [c, cc] of rg[1].entries()) {
      const m = cc[3], name = `row group ${g} column ${m[3].map(dec).join('.')}`;
      if (cc[2] !== 0n) fail.push(`${name}: ColumnChunk.file_offset is not 0`);
      const start = m[11] !== undefined ? m[11] : m[9];
      if (c === 0 && rg[5] !== start) fail.push(`row group ${g}: file_offset ${rg[5]} is not its first page ${start}`);
      let pos = Number(start), comp = 0n, unc = 0n, values = 0n, first = true;
      const used = new Set(), counts = {};
      const end = Number(start + m[7]);
      while (pos < end) {
        const pd = decoder(buf, pos);
        const ph = pd.struct();
        const hlen = pd.st.pos - pos;
        const body = buf.subarray(pd.st.pos, pd.st.pos + ph[3]);
        const out = uncompress[m[4]](body, ph[2]);
        if (out.length !== ph[2]) fail.push(`${name}: page decompresses to ${out.length}, header says ${ph[2]}`);
        if (ph[1] === 2) {
          if (!first || BigInt(pos) !== m[11]) fail.push(`${name}: dictionary page not first or not at dictionary_page_offset`);
          used.add(ph[7][2]); counts[`2/${ph[7][2]}`] = (counts[`2/${ph[7][2]}`] || 0) + 1;
        } else if (ph[1] === 0) {
          if (values === 0n && BigInt(pos) !== m[9]) fail.push(`${name}: data_page_offset is not the first data page`);
          values += BigInt(ph[5][1]);
          used.add(ph[5][1 + 1]); counts[`0/${ph[5][2]}`] = (counts[`0/${ph[5][2]}`] || 0) + 1;
          if (ph[5][3] !== 3 || ph[5][4] !== 3) fail.push(`${name}: level encoding is not RLE`);
          pages++;
        } else fail.push(`${name}: page type ${ph[1]}`);
        comp += BigInt(hlen + ph[3]); unc += BigInt(hlen + ph[2]);
        pos = pd.st.pos + ph[3]; first = false;
      }
      if (pos !== end) fail.push(`${name}: pages overrun total_compressed_size`);
      if (comp !== m[7]) fail.push(`${name}: total_compressed_size ${m[7]}, pages ${comp}`);
      if (unc !== m[6]) fail.push(`${name}: total_uncompressed_size ${m[6]}, pages ${unc}`);
      if (values !== m[5]) fail.push(`${name}: num_values ${m[5]}, pages ${values}`);
      const listed = new Set(m[2].filter(e => e !== 3));
      if ([...used].sort().join() !== [...listed].sort().join()) fail.push(`${name}: encodings ${[...m[2]]} but pages use ${[...used]}`);
      if (m[13]) for (const s of m[13]) if (counts[`${s[1]}/${s[2]}`] !== s[3]) fail.push(`${name}: encoding_stats ${s[1]}/${s[2]}=${s[3]} but ${counts[`${s[1]}/${s[2]}`]} pages`);
      const st = m[12];
      if (!st || st[3] === undefined) fail.push(`${name}: no null_count`);
      totalUnc += m[6]; totalComp += m[7];
    }
    if (rg[2] !== totalUnc) fail.push(`row group ${g}: total_byte_size ${rg[2]}, chunks ${totalUnc}`);
    if (rg[6] !== totalComp) fail.push(`row group ${g}: total_compressed_size ${rg[6]}, chunks ${totalComp}`);
  }
  if (rows !== meta[3]) fail.push(`num_rows ${meta[3]}, row groups ${rows}`);
  return fail.length ? fail : [`${meta[3]} rows, ${meta[4].length} row groups, ${pages} data pages`];
}

let bad = 0;
const paths = process.argv.slice(2).flatMap(p => statSync(p).isDirectory() ? datasetFiles(p).map(f => f.path) : [p]);
for (const f of paths) {
  let r;
  try { r = check(f); } catch (e) { r = [`cannot parse: ${e.message}`]; }
  if (r.length === 1 && / rows, /.test(r[0])) console.log(`ok ${f}: ${r[0]}`);
  else { bad++; console.log(`FAIL ${f}: ${r.join('; ')}`); }
}
process.exit(bad ? 1 : 0);
