// SPDX-License-Identifier: MIT
// Shared helpers for the reader checks: dp's schema file format, a JSON
// parser that keeps number texts, canonical forms of values, datasets.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Parse dp's schema file format (dp-to-parquet(1)): NAME TYPE [required].
export function parseSchema(text) {
  const fields = [];
  for (let line of text.split('\n')) {
    line = line.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = line.match(/^(\w+)\s+(list<([^>]*)>|\S+)(\s+required)?$/);
    if (!m) throw new Error(`bad schema line: ${line}`);
    let type = m[3] !== undefined ? m[3].trim() : m[2];
    const f = { name: m[1], list: m[3] !== undefined, required: !!m[4], elemRequired: false };
    if (f.list && type.endsWith(' not null')) { f.elemRequired = true; type = type.slice(0, -9).trim(); }
    const d = type.match(/^decimal\((\d+),(\d+)\)$/);
    if (d) { f.kind = 'decimal'; f.precision = +d[1]; f.scale = +d[2]; } else f.kind = type === 'boolean' ? 'bool' : type;
    fields.push(f);
  }
  return fields;
}

// JSON.parse that keeps each number as {num: 'text'}, so that int64 and
// decimal texts survive exactly.
export function parseJson(text) {
  let i = 0;
  const ws = () => { while (' \t\n\r'.includes(text[i]) && i < text.length) i++; };
  const value = () => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; const o = {}; ws();
      if (text[i] === '}') { i++; return o; }
      for (;;) { ws(); const k = str(); ws(); i++; o[k] = value(); ws(); if (text[i++] === '}') return o; }
    }
    if (c === '[') {
      i++; const a = []; ws();
      if (text[i] === ']') { i++; return a; }
      for (;;) { a.push(value()); ws(); if (text[i++] === ']') return a; }
    }
    if (c === '"') return str();
    if (text.startsWith('true', i)) { i += 4; return true; }
    if (text.startsWith('false', i)) { i += 5; return false; }
    if (text.startsWith('null', i)) { i += 4; return null; }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) throw new Error(`bad JSON at ${i}`);
    i += m[0].length;
    return { num: m[0] };
  };
  const str = () => {
    const start = i; i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  return value();
}

// Compact JSON text of a parseJson value (numbers as their text).
export function toJsonText(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[' + v.map(toJsonText).join(',') + ']';
  if (typeof v === 'object' && 'num' in v && Object.keys(v).length === 1 && typeof v.num === 'string') return v.num;
  if (typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => JSON.stringify(k) + ':' + toJsonText(x)).join(',') + '}';
  return JSON.stringify(v);
}

const isNum = v => v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.num === 'string' && Object.keys(v).length === 1;

export function canonDouble(x) { return Object.is(x, -0) ? '-0' : String(x); }

// Unscaled BigInt and scale to "123.45".
export function formatDecimal(unscaled, scale) {
  const neg = unscaled < 0n;
  let s = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  if (scale > 0) s = s.slice(0, s.length - scale) + '.' + s.slice(s.length - scale);
  return (neg ? '-' : '') + s;
}

// A decimal text rounded half-up (away from zero) to `scale` places,
// as an unscaled BigInt. Non-integer texts are first put in their
// shortest form, as dp does.
export function decimalUnscaled(text, scale) {
  let t = /^-?\d+$/.test(text) ? text : String(Number(text));
  const neg = t.startsWith('-');
  if (neg) t = t.slice(1);
  let [mant, exp] = t.toLowerCase().split('e');
  exp = exp ? parseInt(exp, 10) : 0;
  let [ip, fp = ''] = mant.split('.');
  let digits = ip + fp;
  let point = ip.length + exp;          // digits before the point
  const want = point + scale;           // digits to keep
  let v;
  if (want <= 0) v = want === 0 && digits[0] >= '5' ? 1n : 0n;
  else if (want >= digits.length) v = BigInt(digits + '0'.repeat(want - digits.length));
  else v = BigInt(digits.slice(0, want)) + (digits[want] >= '5' ? 1n : 0n);
  return neg ? -v : v;
}

// An RFC 3339 text to microseconds since the epoch (BigInt).
export function timestampMicros(text) {
  const m = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?([Zz]|([+-])(\d\d):(\d\d))$/.exec(text);
  if (!m) throw new Error(`bad timestamp ${text}`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const d = new Date(ms); if (+m[1] < 100) d.setUTCFullYear(+m[1]);
  let us = BigInt(d.getTime()) * 1000n + BigInt(((m[7] || '') + '000000').slice(0, 6));
  if (m[9]) us -= BigInt((m[9] === '-' ? -1 : 1) * (+m[10] * 60 + +m[11]) * 60) * 1000000n;
  return us;
}

// The canonical form of an input value v for field f: what every reader
// must give back, once canonicalized by canonRead.
export function canonInput(v, f, elem = false) {
  if (v === undefined || v === null) return null;
  if (f.list && !elem) return v.map(e => canonInput(e, f, true));
  switch (f.kind) {
    case 'string':
      if (typeof v === 'string') return v;
      if (isNum(v)) return v.num;
      if (typeof v === 'boolean') return String(v);
      return toJsonText(v);
    case 'int32': case 'int64':
      return /^-?\d+$/.test(v.num) ? BigInt(v.num).toString() : decimalUnscaled(v.num, 0).toString();
    case 'double': return canonDouble(Number(v.num));
    case 'float': return canonDouble(Math.fround(Number(v.num)));
    case 'bool': return v;
    case 'decimal': return formatDecimal(decimalUnscaled(v.num, f.scale), f.scale);
    case 'timestamp': return timestampMicros(v).toString();
  }
  throw new Error(`unknown kind ${f.kind}`);
}

// The canonical form of a value as a reader gave it.
export function canonRead(v, f, elem = false) {
  if (v === undefined || v === null) return null;
  if (f.list && !elem) {
    const items = Array.isArray(v) ? v : v.items ? v.items : Array.from({ length: v.length }, (_, i) => v.get(i));
    return items.map(e => canonRead(e, f, true));
  }
  switch (f.kind) {
    case 'string': return typeof v === 'string' ? v : String(v);
    case 'int32': case 'int64': return BigInt(v).toString();
    case 'double': return canonDouble(Number(v));
    case 'float': return canonDouble(Math.fround(Number(v)));
    case 'bool': return !!v;
    case 'decimal':
      if (typeof v === 'bigint') return formatDecimal(v, f.scale);
      if (typeof v === 'object' && typeof v.value === 'bigint') return formatDecimal(v.value, v.scale);
      return Number(v).toFixed(f.scale);            // hyparquet: a JS number
    case 'timestamp':
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'object' && typeof v.micros === 'bigint') return v.micros.toString();
      throw new Error(`timestamp without microseconds: ${v}`);
  }
  throw new Error(`unknown kind ${f.kind}`);
}

// The data files of a dataset, with their Hive partition values.
export function datasetFiles(dir) {
  const out = [];
  const walk = (d, parts) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        const i = e.name.indexOf('=');
        if (i < 0) throw new Error(`not a partition directory: ${p}`);
        const val = e.name.slice(i + 1);
        walk(p, { ...parts, [e.name.slice(0, i)]: val === '__HIVE_DEFAULT_PARTITION__' ? null : decodeURIComponent(val) });
      } else if (e.name.endsWith('.parquet')) out.push({ path: p, parts });
    }
  };
  walk(dir, {});
  return out;
}

export function readRecords(path) {
  return readFileSync(path, 'utf8').split('\n').filter(l => l.trim()).map(parseJson);
}
