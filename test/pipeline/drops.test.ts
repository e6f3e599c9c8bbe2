/**
 * docs/drops.md end to end on roots of small drops (copies of test/fixtures/tiny with their own asOf):
 * finding and ordering drops, fatal identities, the history store (reuse, vanished drops,
 * corrupt and foreign entries, the default store kept apart per root), the archive, and docs/gate.md's
 * `shrunk` gate against the previous drop.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryFile, LedgerFile, QualityFile, SummaryFile } from '../../pipeline/contract/outputs.ts';
import { dropFolder } from '../../pipeline/contract/outputs.ts';
import type { DropEvent } from '../../pipeline/drops/collect.ts';
import { storeDir } from '../../pipeline/drops/store.ts';
import { runRoot, type RunOptions } from '../../pipeline/run.ts';
import { freshHistory, readOutputTree } from '../helpers/outputs.ts';

const TINY = 'test/fixtures/tiny';

/** A copy of tiny at ROOT/rel with period.json changed by `change`. */
function makeDrop(root: string, rel: string, change: Record<string, unknown>): string {
  const dir = join(root, rel);
  mkdirSync(dir, { recursive: true });
  cpSync(TINY, dir, { recursive: true });
  const period = JSON.parse(readFileSync(join(TINY, 'period.json'), 'utf8'));
  const next = { ...period, ...change };
  for (const k of Object.keys(change)) if (change[k] === undefined) delete next[k];
  writeFileSync(join(dir, 'period.json'), JSON.stringify(next, null, 2));
  return dir;
}

const newRoot = () => mkdtempSync(join(tmpdir(), 'xueshi-root-'));
const json = <T>(dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;

async function run(root: string, options: RunOptions = {}) {
  const out = join(mkdtempSync(join(tmpdir(), 'xueshi-root-out-')), 'out');
  const events: DropEvent[] = [];
  const result = await runRoot(root, out, { ...options, onDrop: (e) => events.push(e) });
  const said = events.map((e) => `${e.action} ${e.periodId}@${e.asOf} 第${e.ordinal}期`);
  return { out, result, events, said, history: json<HistoryFile>(out, 'history.json') };
}

/** Two drops of period 2020-01 (02-10 and 02-24) and one of 2020-02 (05-20). */
function threeDrops(): string {
  const root = newRoot();
  makeDrop(root, '2020-01/second', { asOf: '2020-02-24' });
  makeDrop(root, '2020-01/first', { asOf: '2020-02-10' });
  makeDrop(root, 'q2', { id: '2020-02', title: '第二季度专题培训', window: { start: '2020-04-01', end: '2020-05-10' }, registrationDeadline: '2020-04-10', asOf: '2020-05-20' });
  return root;
}

describe('a data root (docs/drops.md)', () => {
  it('finds drops down to depth 3, skips hidden folders, node_modules and deeper folders, orders and numbers them', async () => {
    const root = newRoot();
    // asOf days after the tiny dataset's latest event (2020-02-21): a drop's data is never newer
    // than its asOf, or the drop is refused as misdated.
    makeDrop(root, 'a', { asOf: '2020-02-24' });
    makeDrop(root, 'x/y/z', { asOf: '2020-02-22' }); // depth 3
    makeDrop(root, 'deep/1/2/3', { asOf: '2020-02-05' }); // depth 4: not a drop
    makeDrop(root, '.hidden', { asOf: '2020-02-06' });
    makeDrop(root, 'node_modules/pkg', { asOf: '2020-02-07' });
    // A drop is not descended into: a folder inside it is part of it, not another drop.
    makeDrop(root, 'a/inner', { asOf: '2020-02-08' });
    const { history, said } = await run(root, { history: freshHistory() });
    expect(history.drops.map((d) => [d.asOf, d.ordinal])).toEqual([['2020-02-22', 1], ['2020-02-24', 2]]);
    expect(said).toEqual(['计算 2020-01@2020-02-22 第1期', '计算 2020-01@2020-02-24 第2期']);
  });

  it("each drop's figures in history.json and the archive are exactly that drop's own outputs", async () => {
    const root = threeDrops();
    const { out, history } = await run(root, { history: freshHistory() });
    expect(history.drops.map((d) => [d.periodId, d.asOf, d.ordinal])).toEqual([
      ['2020-01', '2020-02-10', 1], ['2020-01', '2020-02-24', 2], ['2020-02', '2020-05-20', 1],
    ]);
    expect(history.current).toEqual({ periodId: '2020-02', asOf: '2020-05-20' });
    expect(history.previous).toBeNull(); // the current period's first drop
    expect(history.newlyQualified).toBeNull();
    for (const [rel, d] of [['2020-01/first', history.drops[0]], ['2020-01/second', history.drops[1]], ['q2', history.drops[2]]] as const) {
      // The same folder run alone, as a single dataset.
      const alone = (await run(join(root, rel), { history: freshHistory() })).out;
      const { totals, outlook } = json<SummaryFile>(alone, 'summary.json');
      expect(d).toEqual({ periodId: d.periodId, asOf: d.asOf, ordinal: d.ordinal, registered: totals.registered, qualified: totals.qualified, excellent: totals.excellent, inProgress: totals.inProgress, failed: totals.failed, rate: totals.rate, excellentRate: totals.excellentRate, avgHours: totals.avgHours, outlook });
      const archived = join(out, 'drops', dropFolder(d.periodId, d.asOf));
      for (const f of ['summary.json', 'units.json']) expect(readFileSync(join(archived, f), 'utf8'), `${rel} ${f}`).toBe(readFileSync(join(alone, f), 'utf8'));
    }
    // The current drop's docs/outputs.md files are the q2 drop's.
    expect(json<SummaryFile>(out, 'summary.json').period.id).toBe('2020-02');
    expect(json(join(out, 'drops', dropFolder('2020-01', '2020-02-24')), 'drop.json')).toMatchObject({ ordinal: 2, previous: { periodId: '2020-01', asOf: '2020-02-10' } });
    // The ledger: both periods of 2020, each with its latest drop.
    const ledger = json<LedgerFile>(out, 'ledger.json');
    expect(ledger.periods.map((p) => [p.periodId, p.asOf])).toEqual([['2020-01', '2020-02-24'], ['2020-02', '2020-05-20']]);
  });

  it('two drops with the same identity are fatal, naming both folders', async () => {
    const root = newRoot();
    makeDrop(root, 'one', { asOf: '2020-02-10' });
    makeDrop(root, 'two', { asOf: '2020-02-10' });
    await expect(run(root, { history: freshHistory() })).rejects.toThrow(/标识相同.*one 与 two/);
  });

  it('a drop of a root without asOf in period.json is fatal, naming its folder', async () => {
    const root = newRoot();
    makeDrop(root, 'good', { asOf: '2020-02-10' });
    makeDrop(root, 'undated', { asOf: undefined });
    await expect(run(root, { history: freshHistory() })).rejects.toThrow(/undated\/period\.json：.*必须在 period\.json 中给出 asOf/);
  });

  it('--as-of is refused for a root (each drop\'s asOf is its identity)', async () => {
    await expect(run(threeDrops(), { history: freshHistory(), asOf: '2020-02-15' })).rejects.toThrow(/--as-of.*只用于单个数据集/);
  });

  it('a root without any drop is fatal', async () => {
    await expect(run(newRoot(), { history: freshHistory() })).rejects.toThrow(/没有任何含 period\.json 的数据批次/);
  });
});

describe('the history store (docs/drops.md)', () => {
  it('unchanged drops are reused, not recomputed, and the outputs stay byte-identical', async () => {
    const root = threeDrops();
    const history = freshHistory();
    const first = await run(root, { history });
    expect(first.events.map((e) => e.action)).toEqual(['计算', '计算', '计算']);
    const again = await run(root, { history });
    expect(again.said).toEqual(['复用 2020-01@2020-02-10 第1期', '复用 2020-01@2020-02-24 第2期', '复用 2020-02@2020-05-20 第1期']);
    expect(readOutputTree(again.out)).toEqual(readOutputTree(first.out));
    // A changed file: that drop alone is recomputed.
    writeFileSync(join(root, '2020-01/second/comments.csv'), readFileSync(join(root, '2020-01/second/comments.csv'), 'utf8') + '\n');
    const changed = await run(root, { history });
    expect(changed.events.map((e) => e.action)).toEqual(['复用', '计算', '复用']);
    expect(changed.events[1].note).toContain('数据文件有变化');
  });

  it('a drop whose folder vanished is still taken from the store (CI keeps the newest raw drop and the store)', async () => {
    const root = threeDrops();
    const history = freshHistory();
    const full = await run(root, { history });
    rmSync(join(root, '2020-01'), { recursive: true });
    const kept = await run(root, { history });
    expect(kept.events.map((e) => [e.action, e.folder])).toEqual([['复用', null], ['复用', null], ['复用', 'q2']]);
    expect(kept.events[0].note).toContain('已不在数据目录中');
    expect(readOutputTree(kept.out)).toEqual(readOutputTree(full.out));
  });

  it('a vanished drop never becomes the current one: deleting the newest folder takes it out', async () => {
    const root = threeDrops();
    const history = freshHistory();
    await run(root, { history });
    rmSync(join(root, 'q2'), { recursive: true });
    const { history: h } = await run(root, { history });
    expect(h.current).toEqual({ periodId: '2020-01', asOf: '2020-02-24' });
    expect(h.previous).toEqual({ periodId: '2020-01', asOf: '2020-02-10' });
    expect(h.drops).toHaveLength(2);
  });

  it('a corrupt entry is recomputed when its folder is present, and refused with a message when it is gone', async () => {
    const root = threeDrops();
    const history = freshHistory();
    const first = await run(root, { history });
    const entry = join(history, ...dropFolder('2020-01', '2020-02-10').split('/'));
    writeFileSync(join(entry, 'units.json'), '{"schemaVersion": 1, "truncated');
    const repaired = await run(root, { history });
    expect(repaired.events.map((e) => e.action)).toEqual(['计算', '复用', '复用']);
    expect(repaired.events[0].note).toContain('已损坏');
    expect(readOutputTree(repaired.out)).toEqual(readOutputTree(first.out));
    // A missing file, the folder gone: nothing to recompute from — refused, never trusted.
    rmSync(join(entry, 'people.json'));
    renameSync(join(root, '2020-01/first'), join(root, '..', `gone-${Date.now()}`));
    await expect(run(root, { history })).rejects.toThrow(/历史存储中的数据批次（期 2020-01，数据截至 2020-02-10）不可用：缺少文件 people\.json.*无法重新计算/);
  });

  it('an entry of another pipeline version is recomputed when its folder is present', async () => {
    const root = threeDrops();
    const history = freshHistory();
    await run(root, { history });
    const manifest = join(history, ...dropFolder('2020-02', '2020-05-20').split('/'), 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/"pipelineVersion": "[^"]*"/, '"pipelineVersion": "0.0.1+rules.0+schema.1"'));
    const { events } = await run(root, { history });
    expect(events.map((e) => e.action)).toEqual(['复用', '复用', '计算']);
    expect(events[2].note).toContain('另一版本');
  });

  it("the default store keeps roots apart: root B's history never holds root A's drops", async () => {
    const a = threeDrops();
    const b = newRoot();
    makeDrop(b, 'only', { asOf: '2020-02-15' });
    expect(storeDir(undefined, a)).not.toBe(storeDir(undefined, b));
    await run(a);
    const { history } = await run(b);
    expect(history.drops.map((d) => d.asOf)).toEqual(['2020-02-15']);
  });

  it('a single dataset is one drop (previous null) whatever the store holds for other asOf values', async () => {
    const single = makeDrop(newRoot(), 'd', { asOf: '2020-02-10' });
    const history = freshHistory();
    await run(single, { history, asOf: '2020-02-01' });
    const { history: h, said } = await run(single, { history });
    expect(said).toEqual(['计算 2020-01@2020-02-10 第1期']);
    expect(h.drops).toHaveLength(1);
    expect(h.previous).toBeNull();
    // The same dataset with the same --as-of again: reused.
    expect((await run(single, { history, asOf: '2020-02-01' })).said).toEqual(['复用 2020-01@2020-02-01 第1期']);
  });
});

describe('较上期 and the shrunk gate (docs/drops.md, docs/gate.md)', () => {
  it('a later drop with fewer accepted views rows is blocking `shrunk`; the outputs are still written', async () => {
    const root = newRoot();
    makeDrop(root, 'a', { asOf: '2020-02-10' });
    const b = makeDrop(root, 'b', { asOf: '2020-02-24' });
    const views = readFileSync(join(b, 'views.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(b, 'views.csv'), views.slice(0, 3).join('\n') + '\n'); // header + 2 rows
    const { out, result } = await run(root, { history: freshHistory() });
    const quality = json<QualityFile>(out, 'quality.json');
    const shrunk = quality.blocking.filter((p) => p.code === 'shrunk');
    expect(shrunk.map((p) => p.file)).toEqual(['views.csv']);
    expect(shrunk[0].message).toMatch(/views\.csv 本批（数据截至 2020-02-24）接受 \d+ 行，少于上一批（数据截至 2020-02-10）的 \d+ 行/);
    expect(result.outputs['quality.json']).toEqual(quality);
    // The store keeps the drop's own outputs: the gate belongs to the comparison, not to the drop.
    expect(readFileSync(join(out, 'people.json'), 'utf8')).toContain('"periodId": "2020-01"');
  });

  it('people qualified in the previous drop and not now are a warning listing them (a 退回 review)', async () => {
    const root = newRoot();
    // P01 has 7 h in tiny; one more session makes 8 h: 合格 on 02-24.
    const add = (dir: string, file: string, line: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').trimEnd() + '\n' + line + '\n');
    for (const [rel, asOf] of [['a', '2020-02-24'], ['b', '2020-03-01']]) {
      const dir = makeDrop(root, rel, { asOf });
      add(dir, 'sessions.csv', 'S5,B1,2020-02-15,集中学习三');
      add(dir, 'attendance.csv', 'S5,P01');
    }
    // The later drop: P01's report R2 returned (退回) after the first drop was taken.
    add(join(root, 'b'), 'reviews.csv', 'R2,2020-02-26 09:00:00,退回,请补充,张伟');
    const { out, result, history } = await run(root, { history: freshHistory() });
    const [before, now] = result.collected.drops;
    expect(before.qualified).toEqual(['P01']);
    expect(now.qualified).toEqual([]);
    expect(history.newlyQualified).toEqual([]);
    const quality = json<QualityFile>(out, 'quality.json');
    const lost = quality.warnings.filter((w) => w.kind === 'noLongerQualified');
    expect(lost).toHaveLength(1);
    expect(lost[0].message).toContain('王芳（P01）');
    // A warning, not a blocking problem: nothing shrank.
    expect(quality.blocking.filter((p) => p.code === 'shrunk')).toEqual([]);
    expect(json(join(out, 'drops', dropFolder('2020-01', '2020-03-01')), 'drop.json')).toMatchObject({ newlyQualified: 0, noLongerQualified: 1 });
  });
});
