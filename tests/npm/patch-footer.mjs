// patch-footer.mjs: a copy of a Parquet file, on standard output, with one
// Thrift number changed in place (the same varint length, so no offset
// moves), to make files whose counts lie:
//   node patch-footer.mjs FILE num_rows N       FileMetaData.num_rows
//   node patch-footer.mjs FILE rowgroup_rows N  the first RowGroup.num_rows
//   node patch-footer.mjs FILE page_size N      the first page's
//                                               uncompressed_page_size
// (the first page starts right after "PAR1": write the file without a
// dictionary). Walks the Thrift compact protocol; exits 1 when the new
// value's varint is not as long as the old one.
import { readFileSync } from 'node:fs';

const [file, what, value] = process.argv.slice(2);
if (!file || !what || value === undefined) {
  console.error('usage: node patch-footer.mjs FILE num_rows|rowgroup_rows|page_size N');
  process.exit(2);
}
const buf = readFileSync(file);

// Walk the struct at `pos`; call `seen(path, start, end)` for each
// integer field (path: field ids and list indexes joined by '.').
// Returns the position after the struct.
function walkStruct(pos, path, seen) {
  let last = 0;
  for (;;) {
    const b = buf[pos++];
    if (b === 0) return pos;
    const type = b & 15;
    let id;
    if (b >> 4) id = last + (b >> 4);
    else { const v = varint(pos); pos = v.end; id = unzig(v.value); }
    last = id;
    pos = walkValue(pos, type, path ? `${path}.${id}` : `${id}`, seen);
  }
}

function walkValue(pos, type, path, seen) {
  switch (type) {
    case 1: case 2: return pos;
    case 3: return pos + 1;
    case 4: case 5: case 6: {
      const v = varint(pos);
      seen(path, pos, v.end);
      return v.end;
    }
    case 7: return pos + 8;
    case 8: { const v = varint(pos); return v.end + Number(v.value); }
    case 9: case 10: {
      const h = buf[pos++];
      let n = h >> 4;
      const et = h & 15;
      if (n === 15) { const v = varint(pos); pos = v.end; n = Number(v.value); }
      for (let i = 0; i < n; i++)
        pos = et === 1 || et === 2 ? pos + 1 : walkValue(pos, et, `${path}.${i}`, seen);
      return pos;
    }
    case 11: {
      const v = varint(pos);
      pos = v.end;
      const n = Number(v.value);
      if (n === 0) return pos;
      const kv = buf[pos++];
      for (let i = 0; i < n; i++) {
        pos = walkValue(pos, kv >> 4, `${path}.k${i}`, seen);
        pos = walkValue(pos, kv & 15, `${path}.v${i}`, seen);
      }
      return pos;
    }
    case 12: return walkStruct(pos, path, seen);
    default: throw new Error(`Thrift type ${type} at ${pos}`);
  }
}

function varint(pos) {
  let value = 0n, shift = 0n;
  for (;;) {
    const b = buf[pos++];
    value |= BigInt(b & 127) << shift;
    shift += 7n;
    if (!(b & 128)) return { value, end: pos };
  }
}
const unzig = (v) => Number((v >> 1n) ^ -(v & 1n));

function zigzagVarint(n) {
  let v = (BigInt(n) << 1n) ^ (BigInt(n) < 0n ? -1n : 0n);
  const out = [];
  do {
    let b = Number(v & 127n);
    v >>= 7n;
    if (v) b |= 128;
    out.push(b);
  } while (v);
  return Buffer.from(out);
}

const target = { num_rows: '3', rowgroup_rows: '4.0.3', page_size: '2' }[what];
if (!target) { console.error(`patch-footer.mjs: unknown field ${what}`); process.exit(2); }
const footerLen = buf.readUInt32LE(buf.length - 8);
const start = what === 'page_size' ? 4 : buf.length - 8 - footerLen;
let place = null;
walkStruct(start, '', (path, s, e) => { if (path === target && !place) place = [s, e]; });
if (!place) { console.error(`patch-footer.mjs: no ${what} found`); process.exit(1); }
const bytes = zigzagVarint(value);
if (bytes.length !== place[1] - place[0]) {
  console.error(`patch-footer.mjs: ${value} takes ${bytes.length} bytes, the old value ${place[1] - place[0]}`);
  process.exit(1);
}
bytes.copy(buf, place[0]);
process.stdout.write(buf);
