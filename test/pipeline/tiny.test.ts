/**
 * The whole pipeline on test/fixtures/tiny, a dataset small enough to check by hand
 * (its expected values are worked out in the comments).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PeopleFile, QualityFile, UnitsFile } from '../../pipeline/contract/outputs.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { freshHistory, readOutputTree } from '../helpers/outputs.ts';

const TINY = 'test/fixtures/tiny';
let out: string;
let people: PeopleFile['people'];
let quality: QualityFile;

beforeAll(async () => {
  out = join(mkdtempSync(join(tmpdir(), 'xueshi-out-')), 'out');
  await runPipeline(TINY, out);
  people = (JSON.parse(readFileSync(join(out, 'people.json'), 'utf8')) as PeopleFile).people;
  quality = JSON.parse(readFileSync(join(out, 'quality.json'), 'utf8'));
});

const person = (id: string) => people.find((p) => p.personId === id)!;

describe('tiny dataset, checked by hand', () => {
  it('registers the four people whose branch exists, sorted by personId', () => {
    // P05's branch B404 does not exist: rejected from the roster.
    expect(people.map((p) => p.personId)).toEqual(['P01', 'P02', 'P03', 'P04']);
  });
  it('P01: online done, 2 sessions + self-study = 3 offline, so 7 h: 不合格 after 02-23', () => {
    // Views: C1 27:00 of 30 (watched at 0.9), C2 20:00 (+ an exact duplicate row).
    // Sessions S1, S2 in range; S4 (01-05) before the window. Extension row names both B1 and P01: rejected.
    const p = person('P01');
    expect(p.online).toEqual({ hours: 4, exempt: false, coursesRequired: 2, coursesWatched: 2, coursesCommented: 2, creditedMinutes: 47 });
    expect(p.offline).toEqual({ hours: 3, sessions: 2, selfStudy: true });
    // R1's latest review is 推荐 (after a 退回); R2 (党费日＋报告, full-width plus) passed.
    expect(p.reports).toEqual({ counted: 2, required: 2, recommended: 1 });
    expect(p.totalHours).toBe(7);
    expect(p.grade).toBe('不合格');
    expect(p.missing).toEqual({ watch: [], comment: [], offlineHours: 1, reports: 0 });
  });
  it('P02: parallel playback credits C1 only; a 3-character comment does not count', () => {
    const p = person('P02');
    expect(p.online).toMatchObject({ hours: 0, coursesWatched: 1, coursesCommented: 0, creditedMinutes: 30 });
    expect(p.missing.watch).toEqual(['C2']);
    expect(p.missing.comment).toEqual(['C1', 'C2']);
  });
  it('P03 (群众 = 党外干部): overlapping replays reach 25 of 30 minutes; the tie of reviews goes to the later row (退回)', () => {
    const p = person('P03');
    expect(p.category).toBe('党外干部');
    expect(p.online.coursesWatched).toBe(1);
    expect(p.offline).toEqual({ hours: 4, sessions: 1, selfStudy: true });
    expect(p.reports).toEqual({ counted: 0, required: 1, recommended: 0 });
    // The branch extension to 03-10 keeps P03 进行中 on 02-24.
    expect(p.deadline).toBe('2020-03-10');
    expect(p.grade).toBe('进行中');
  });
  it('P04: party-school pass is exempt; the person extension is clamped to one month', () => {
    const p = person('P04');
    expect(p.online).toMatchObject({ hours: 4, exempt: true });
    expect(p.deadline).toBe('2020-03-23');
  });
  it('quality: every file listed; rows = accepted + rejected + duplicates; ignored counted', () => {
    expect(Object.keys(quality.files)).toEqual([
      'units.csv', 'branches.csv', 'roster.csv', 'courses.csv', 'views.csv', 'comments.csv', 'sessions.csv',
      'attendance.csv', 'self_study.csv', 'reports.csv', 'reviews.csv', 'extensions.csv',
    ]);
    for (const f of Object.values(quality.files)) expect(f.rows).toBe(f.accepted + f.rejected + f.duplicates);
    expect(quality.files['views.csv']).toEqual({ present: true, encoding: 'utf-8', rows: 11, accepted: 8, rejected: 2, duplicates: 1, ignored: 1 });
    expect(quality.files['attendance.csv']).toMatchObject({ rows: 7, accepted: 5, rejected: 1, duplicates: 1, ignored: 1 });
    expect(quality.rejected.map((r) => `${r.file}:${r.row}`)).toEqual([
      'branches.csv:4', 'roster.csv:6', 'views.csv:11', 'views.csv:12', 'attendance.csv:8', 'reports.csv:5', 'reviews.csv:7', 'extensions.csv:4',
    ]);
    expect(quality.warnings.map((w) => w.kind)).toEqual(['ignoredColumns', 'lateRegistration', 'extensionClamped']);
  });
  it('no output carries the roster\'s ID-card or phone numbers', () => {
    for (const text of Object.values(readOutputTree(out))) expect(text).not.toMatch(/650101199001011234|13800000000/);
  });
  it('units are ranked by (rate, excellentRate); a unit with nobody is a coverage gap', () => {
    const units = (JSON.parse(readFileSync(join(out, 'units.json'), 'utf8')) as UnitsFile);
    expect(units.units.map((u) => [u.unitId, u.registered, u.rank])).toEqual([['U1', 2, 1], ['U2', 2, 1], ['U3', 0, null]]);
    expect(units.coverageGaps).toEqual(['U3']);
  });
});

describe('determinism', () => {
  const runCli = (tz: string, data: string, dest: string) =>
    // A fresh history store each: both runs compute (the default store would hand the second the first's outputs).
    execFileSync(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', '--data', data, '--out', dest, '--history', freshHistory()], { env: { ...process.env, TZ: tz }, stdio: 'pipe' });
  const readAll = readOutputTree;

  it('the same input gives byte-identical output in any time zone', () => {
    const base = mkdtempSync(join(tmpdir(), 'xueshi-tz-'));
    runCli('Asia/Shanghai', TINY, join(base, 'a'));
    runCli('America/Los_Angeles', TINY, join(base, 'b'));
    expect(readAll(join(base, 'b'))).toEqual(readAll(join(base, 'a')));
  });

  it('shuffling the rows of event files leaves people, units, branches and summary byte-identical', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'xueshi-shuffle-'));
    cpSync(TINY, copy, { recursive: true });
    for (const f of ['views.csv', 'attendance.csv', 'self_study.csv', 'comments.csv']) {
      const [header, ...rows] = readFileSync(join(TINY, f), 'utf8').trimEnd().split('\n');
      // comments.csv has a multi-line field: keep its record whole by shuffling only single-line files' rows.
      if (f === 'comments.csv') continue;
      writeFileSync(join(copy, f), [header, ...rows.reverse()].join('\n') + '\n');
    }
    const a = join(copy, 'out-a'), b = join(copy, 'out-b');
    await runPipeline(TINY, a);
    await runPipeline(copy, b);
    for (const f of ['people.json', 'units.json', 'branches.json', 'summary.json', 'timeline.json', 'courses.json']) {
      expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
    }
  });
});
