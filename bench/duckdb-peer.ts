/**
 * The peer: DuckDB runs the heart of our credit computation on a dataset's views.csv — clip each
 * segment to the window, merge each person's overlapping segments, sum the merged seconds per
 * person — and reports how long the query took.
 *
 *   node --import tsx bench/duckdb-peer.ts --views FILE --from "YYYY-MM-DD 00:00:00" --to "…"
 *        [--query islands|sweep] [--out per-person.json] [--threads N (default: DuckDB's, one per core)]
 *
 * stdout: one JSON line (PeerSummary). Times are "YYYY-MM-DD HH:mm:ss" Beijing time; since every
 * time is in the same zone, they are compared as naive timestamps. Rows DuckDB cannot read as
 * such a timestamp, backwards segments and segments over 24 h are left out, as the pipeline
 * rejects them; ids are not checked against the roster (the pipeline rejects strangers).
 */
import { openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export type PeerQuery = 'islands' | 'sweep';

export interface PeerSummary {
  query: PeerQuery;
  /** Query time, results materialised in JS; excludes process start and loading DuckDB. */
  queryMs: number;
  people: number;
  totalSeconds: number;
  threads: number;
  version: string;
}

// Typed by hand and imported by a computed name, so `npm run typecheck` passes without
// bench/node_modules (users' root `npm ci` does not install DuckDB).
interface Reader { getRowsJS(): unknown[][] }
interface Connection { runAndReadAll(sql: string): Promise<Reader>; closeSync(): void }
interface Instance { connect(): Promise<Connection>; closeSync(): void }
interface DuckDBModule { DuckDBInstance: { create(path: string): Promise<Instance> } }

const COLUMN_NAMES: Record<string, readonly string[]> = {
  person: ['人员编号', 'person_id'],
  start: ['开始时间', 'started_at'],
  end: ['结束时间', 'ended_at'],
};

/** The header row of a UTF-8 CSV (BOM allowed), names NFKC-normalised and trimmed. */
function headerOf(file: string): string[] {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(4096);
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  const line = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  return line.split(',').map((h) => h.replace(/^"|"$/g, '').normalize('NFKC').trim());
}

/** `read_csv(…)` with every column VARCHAR and named c0…cN, plus which cN holds what. */
function source(file: string): { from: string; person: string; start: string; end: string } {
  const header = headerOf(file);
  const find = (role: string) => {
    const i = header.findIndex((h) => COLUMN_NAMES[role].includes(h));
    if (i < 0) throw new Error(`${file}: no column ${COLUMN_NAMES[role].join(' / ')} in header ${header.join(',')}`);
    return `c${i}`;
  };
  const columns = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const from = `read_csv(${sqlString(file)}, header = true, delim = ',', quote = '"', columns = {${columns}})`;
  return { from, person: find('person'), start: find('start'), end: find('end') };
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Valid segments clipped to [from, to): (p, s, e). */
function clippedSegments(file: string, from: string, to: string): string {
  const src = source(file);
  return `
  raw AS (
    SELECT ${src.person} AS p, TRY_CAST(${src.start} AS TIMESTAMP) AS s, TRY_CAST(${src.end} AS TIMESTAMP) AS e
    FROM ${src.from}),
  valid AS (
    SELECT p, greatest(s, TIMESTAMP ${sqlString(from)}) AS s, least(e, TIMESTAMP ${sqlString(to)}) AS e
    FROM raw WHERE e > s AND e - s <= INTERVAL 24 HOUR),
  clipped AS (SELECT * FROM valid WHERE e > s)`;
}

/**
 * Gaps and islands: in start order, a segment opens a new island when it starts after every
 * earlier segment of the person has ended; an island's length is max(end) − min(start).
 */
function islandsQuery(file: string, from: string, to: string): string {
  return `WITH ${clippedSegments(file, from, to)},
  marked AS (
    SELECT p, s, e, CASE WHEN s > max(e) OVER earlier THEN 1 ELSE 0 END AS opens
    FROM clipped
    WINDOW earlier AS (PARTITION BY p ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)),
  numbered AS (
    SELECT p, s, e, sum(opens) OVER (PARTITION BY p ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
    FROM marked),
  islands AS (SELECT p, epoch(max(e)) - epoch(min(s)) AS seconds FROM numbered GROUP BY p, island)
SELECT p, sum(seconds)::BIGINT AS seconds FROM islands GROUP BY p ORDER BY p`;
}

/** The same union with one window: each segment adds what lies beyond the furthest earlier end. */
function sweepQuery(file: string, from: string, to: string): string {
  return `WITH ${clippedSegments(file, from, to)},
  covered AS (
    SELECT p, s, e, max(e) OVER (PARTITION BY p ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS until
    FROM clipped)
SELECT p, sum(greatest(0, epoch(e) - epoch(greatest(s, coalesce(until, s)))))::BIGINT AS seconds
FROM covered GROUP BY p ORDER BY p`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { views: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, query: { type: 'string', default: 'islands' }, out: { type: 'string' }, threads: { type: 'string' } },
    strict: true,
  });
  if (!values.views || !values.from || !values.to) throw new Error('--views, --from and --to are required');
  const query = values.query as PeerQuery;
  if (query !== 'islands' && query !== 'sweep') throw new Error(`--query islands|sweep (got ${values.query})`);
  const moduleName = '@duckdb/node-api';
  const { DuckDBInstance } = (await import(moduleName)) as DuckDBModule;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  if (values.threads) await connection.runAndReadAll(`SET threads = ${Number.parseInt(values.threads, 10)}`);
  const setting = (await connection.runAndReadAll(`SELECT current_setting('threads'), version()`)).getRowsJS()[0];

  const sql = (query === 'islands' ? islandsQuery : sweepQuery)(values.views, values.from, values.to);
  const t0 = performance.now();
  const rows = (await connection.runAndReadAll(sql)).getRowsJS() as [string, bigint][];
  const queryMs = performance.now() - t0;

  let totalSeconds = 0;
  const perPerson: Record<string, number> = {};
  for (const [person, seconds] of rows) {
    perPerson[person] = Number(seconds);
    totalSeconds += Number(seconds);
  }
  if (values.out) writeFileSync(values.out, JSON.stringify(perPerson));
  const summary: PeerSummary = { query, queryMs, people: rows.length, totalSeconds, threads: Number(setting[0]), version: String(setting[1]) };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  connection.closeSync();
  instance.closeSync();
}

main().catch((e: unknown) => {
  process.stderr.write(`duckdb-peer: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
