// query.mjs: run one SQL statement in DuckDB and print each result row
// as a JSON line (BigInts as numbers when they fit, lists as arrays).
//   node tests/npm/query.mjs "SELECT count(*) AS n FROM read_parquet('out/dataset/**/*.parquet')"
import { DuckDBInstance } from '@duckdb/node-api';

const sql = process.argv[2];
if (!sql) {
  console.error('usage: node query.mjs SQL');
  process.exit(2);
}
const plain = (v) => {
  if (typeof v === 'bigint')
    return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    if ('items' in v) return v.items.map(plain);
    if ('entries' in v) return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, plain(x)]));
    if (typeof v.toString === 'function' && v.constructor && v.constructor.name !== 'Object')
      return v.toString();
  }
  return v;
};
try {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const reader = await c.runAndReadAll(sql);
  for (const row of reader.getRowObjects())
    console.log(JSON.stringify(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)]))));
} catch (e) {
  console.error(`query.mjs: ${e.message}`);
  process.exit(1);
}
