/**
 * A generated dataset with 学时真实性's injections (test/analysis/integrity-injection.test.ts):
 * comments copied from other people with up to 10 % of their characters edited and the
 * punctuation changed, days over the daily cap, nights and marathons, each into its own people.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { generateDataset } from '../../generate/dataset.ts';
import { directoryOutput } from '../../generate/output.ts';
import { Random } from '../../generate/random.ts';

export const PEOPLE = 1500;
const PER_RULE = 60;

const pad = (n: number) => String(n).padStart(2, '0');
/** "2020-01-DD HH:MM:SS" of a day of the window and seconds after its midnight (Beijing). */
function at(day: number, seconds: number): string {
  const d = new Date(Date.UTC(2020, 0, 15 + day) + seconds * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Consecutive segments of random courses from `start` (seconds after midnight) for `length` seconds, gaps under 5 minutes. */
function playback(rng: Random, person: string, courses: readonly string[], day: number, start: number, length: number): string[] {
  const rows: string[] = [];
  let t = start;
  while (t < start + length) {
    const seg = Math.min(rng.integer(600, 2400), start + length - t);
    rows.push(`${person},${rng.pick(courses)},${at(day, t)},${at(day, t + seg)}`);
    t += seg + rng.integer(0, 240);
  }
  return rows;
}

const PUNCTUATION: Record<string, string> = { '，': ',', '。': '.', '；': ';', '：': ':', '“': '"', '”': '"', '！': '!', '、': ' ' };
const FILLER = [...'的了是在和也就都而及与着或一个我们要对把'];

/** A copy of `text`: up to a tenth of its characters edited, its punctuation changed. */
function copied(rng: Random, text: string): string {
  const chars = [...text].map((c) => PUNCTUATION[c] ?? c);
  const letters = chars.filter((c) => /\p{L}/u.test(c)).length;
  const edits = rng.integer(1, Math.max(1, Math.floor(letters / 10)));
  for (let e = 0; e < edits; e++) {
    const i = rng.integer(0, chars.length - 1), kind = rng.integer(0, 2);
    if (kind === 0) chars[i] = rng.pick(FILLER);
    else if (kind === 1) chars.splice(i, 0, rng.pick(FILLER));
    else chars.splice(i, 1);
  }
  return chars.join('') + (rng.chance(0.5) ? '!!' : '');
}

export interface Injected { readonly rule: 'daily-cap' | 'night' | 'marathon' | 'copy-paste'; readonly people: Set<string> }

/** Writes the injected dataset into `dir`; which people got which injection. */
export function injectedDataset(dir: string, seed: number): Injected[] {
  generateDataset({ people: PEOPLE, seed, segments: 30 }, directoryOutput(dir));
  const rng = new Random(seed ^ 0x5eed);
  const comments = Papa.parse<string[]>(readFileSync(join(dir, 'comments.csv'), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.slice(1);
  const courses = readFileSync(join(dir, 'courses.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(',')[0]);
  const ids = Array.from({ length: PEOPLE }, (_, i) => `P${String(i + 1).padStart(6, '0')}`);
  // Disjoint targets per rule, drawn from a shuffled roster.
  const order = [...ids];
  for (let i = order.length - 1; i > 0; i--) { const j = rng.integer(0, i); [order[i], order[j]] = [order[j], order[i]]; }
  const take = (k: number) => new Set(order.slice(k * PER_RULE, (k + 1) * PER_RULE));
  const injected: Injected[] = [
    { rule: 'daily-cap', people: take(0) }, { rule: 'night', people: take(1) }, { rule: 'marathon', people: take(2) }, { rule: 'copy-paste', people: take(3) },
  ];
  const views: string[] = [];
  for (const p of injected[0].people) {
    // 8.5–11 hours in one day, in sessions of at most 3.5 hours with half-hour breaks (no marathon).
    const day = rng.integer(0, 30);
    let start = 8 * 3600, left = rng.integer(8.5 * 3600, 11 * 3600);
    while (left > 0) {
      const session = Math.min(left, rng.integer(2.5 * 3600, 3.5 * 3600));
      views.push(...playback(rng, p, courses, day, start, session));
      start += session + 1800; left -= session;
    }
  }
  for (const p of injected[1].people) {
    // 70 minutes to 3 hours between 00:00 and 05:00.
    const length = rng.integer(70 * 60, 3 * 3600);
    views.push(...playback(rng, p, courses, rng.integer(0, 30), rng.integer(0, 5 * 3600 - length), length));
  }
  for (const p of injected[2].people) {
    // 4.2–7 hours without a pause of 10 minutes, by day.
    views.push(...playback(rng, p, courses, rng.integer(0, 30), rng.integer(8, 10) * 3600, rng.integer(4.2 * 3600, 7 * 3600)));
  }
  writeFileSync(join(dir, 'views.csv'), readFileSync(join(dir, 'views.csv'), 'utf8').replace(/\n?$/, '\n') + views.join('\n') + '\n');

  // Copies of other people's comments (of 20 characters or more) written by 14 February, made
  // from 16 February on: the original is the earlier.
  const early = (when: string) => { const m = /^(\d{4})\D+(\d{1,2})\D+(\d{1,2})/.exec(when); return m !== null && Number(m[2]) * 100 + Number(m[3]) <= 214; };
  const sources = comments.filter(([person, , when, text]) => !injected[3].people.has(person) && [...text].length >= 20 && early(when));
  const rows: string[][] = [];
  for (const p of injected[3].people) {
    const [, course, , text] = rng.pick(sources);
    rows.push([p, course, at(rng.integer(32, 38), rng.integer(8 * 3600, 20 * 3600)), copied(rng, text)]);
  }
  writeFileSync(join(dir, 'comments.csv'), readFileSync(join(dir, 'comments.csv'), 'utf8').replace(/\r?\n?$/, '\r\n') + Papa.unparse(rows, { newline: '\r\n' }) + '\r\n');
  return injected;
}

