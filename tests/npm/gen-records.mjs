#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Unified-schema records full of edge cases, for dp-to-parquet tests:
// nulls and missing fields everywhere, empty and null lists, null list
// elements, 1024-float embeddings, extreme decimals and integers,
// timestamps before 1970, non-ASCII UTF-8 and escapes. Deterministic.
//
//   node gen-records.mjs COUNT [SEED] [DIM]
let state = Number(process.argv[3] ?? 1) >>> 0 || 1;
const count = Number(process.argv[2] ?? 100);
const dim = Number(process.argv[4] ?? 1024);
const rnd = k => { state ^= state << 13; state >>>= 0; state ^= state >>> 17; state ^= state << 5; state >>>= 0; return state % k; };
const pick = a => a[rnd(a.length)];
const maybe = (v, p = 4) => rnd(p) === 0 ? undefined : v;
const texts = ['Zürich', 'São Paulo', '東京', 'Ωmega', 'emoji 🏠🔑', 'tab\there', 'quote " and \\ backslash',
  'line\nbreak', 'e\u0301 combining', 'plain', '', ' ', 'Привет', 'ﬁ ligature', 'A'.repeat(300), 'control \u0001\u001f'];
const states = ['California', 'Utah', 'Nevada', null, ''];
const num = (s) => ({ raw: s });
// A JSON text where numbers given as {raw} keep their exact spelling.
const enc = v => v === undefined ? undefined : v === null ? 'null' : Array.isArray(v) ? '[' + v.map(enc).join(',') + ']'
  : typeof v === 'object' && 'raw' in v ? v.raw
  : typeof v === 'object' ? '{' + Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => JSON.stringify(k) + ':' + enc(x)).join(',') + '}'
  : JSON.stringify(v);
const pad = (n, w) => String(n).padStart(w, '0');
function ts() {
  const y = pick([1900, 1950, 1969, 1970, 1999, 2026, 2038, 2262, 1]);
  const frac = pick(['', '.5', '.123456', '.000001', '.1200']);
  const off = pick(['Z', 'Z', '+01:00', '-08:00', '+05:30']);
  return `${pad(y, 4)}-${pad(1 + rnd(12), 2)}-${pad(1 + rnd(28), 2)}T${pad(rnd(24), 2)}:${pad(rnd(60), 2)}:${pad(rnd(60), 2)}${frac}${off}`;
}
function decimal(intDigits, scale) {
  const r = rnd(10);
  if (r === 0) return num('9'.repeat(intDigits) + '.' + '9'.repeat(scale));
  if (r === 1) return num('-' + '9'.repeat(intDigits) + '.' + '9'.repeat(scale));
  if (r === 2) return num('0');
  if (r === 3) return num('1.005');
  if (r === 4) return num(String(rnd(1000000)) + '.' + pad(rnd(100000), 5));
  if (r === 5) return num('-' + rnd(1000) + '.5');
  if (r === 6) return num(String(rnd(100000)));
  return num((rnd(2000000) / 7).toString());
}
function float32() {
  const r = rnd(20);
  if (r === 0) return num('0');
  if (r === 1) return num('-1.5e-7');
  if (r === 2) return num('3.4028235e38');
  return num(Math.fround((rnd(2000001) - 1000000) / 999983).toPrecision(9));
}
const int64s = ['9223372036854775807', '-9223372036854775808', '0', '-1', '4294967296', '123'];
const int32s = ['2147483647', '-2147483648', '0', '7', '-5'];
for (let i = 0; i < count; i++) {
  const feat = rnd(5);
  const r = {
    entity_id: `e-${i}`,
    entity_type: pick(['PROPERTY', 'NEIGHBORHOOD', 'WIKIPEDIA_ARTICLE']),
    correlation_uuid: maybe(`${pad(i, 8)}-0000-5000-8000-000000000000`),
    city: maybe(pick(texts)),
    state: maybe(pick(['CA', 'UT', 'ca'])),
    state_normalized: maybe(pick(states)),
    latitude: maybe(num(((rnd(180000000) - 90000000) / 1e6).toString())),
    longitude: maybe(num(pick(['-122.41', '0.1', '-0.0', '1e-300', '1.7976931348623157e308', '123.456789012345678']))),
    price: maybe(decimal(10, 2)),
    bedrooms: maybe(num(pick(int32s))),
    bathrooms: maybe(num(pick(['2', '2.5', '0.1', '3']))),
    price_per_sqft: maybe(decimal(6, 4)),
    title: maybe(pick(texts)),
    description: maybe(pick(texts) + ' ' + i),
    features: feat === 0 ? null : feat === 1 ? [] : feat === 2 ? undefined
      : Array.from({ length: 1 + rnd(6) }, () => rnd(5) === 0 ? null : pick(texts)),
    features_normalized: maybe(Array.from({ length: rnd(3) }, () => pick(['a', 'b', 'pool']))),
    embedding: rnd(4) === 0 ? null : rnd(5) === 0 ? [] : Array.from({ length: dim }, float32),
    embedding_model: 'hash-v1',
    embedding_dimension: num(String(dim)),
    chunk_index: maybe(num(pick(int64s))),
    chunk_count: maybe(num('1')),
    content_hash: pad(i, 32),
    data_quality_score: maybe(num(pick(['0.7', '1.0', '0', '0.95']))),
    raw_data: maybe(JSON.stringify({ i, s: pick(texts) })),
    ingested_at: ts(),
    processed_at: maybe(ts()),
    embedding_generated_at: rnd(2) ? null : undefined,
    key_topics: maybe(rnd(2) ? [] : ['x', null]),
    relevance_score: maybe(num(pick(['1e-5', '-2.5', '100']))),
  };
  console.log(enc(r));
}
