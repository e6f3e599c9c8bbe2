/**
 * 学时真实性 on the site (docs/analysis.md; docs/rules.md): the rules' names and explanations, the counts
 * a group may show, and the marks between a copied comment and its presumed original. Every
 * flag and count comes from integrity.json; the site only arranges them.
 */
import { INTEGRITY_RULES, type IntegrityRule } from '../../pipeline/contract/period.ts';
import type { IntegrityFile } from '../../pipeline/contract/outputs.ts';

export { INTEGRITY_RULES };
export type { IntegrityRule };

export const RULE_LABELS: Record<IntegrityRule, string> = {
  parallel: '并行播放',
  'daily-cap': '单日时长过长',
  night: '深夜观看',
  marathon: '长时间连续播放',
  'copy-paste': '评论雷同',
};

/** What each rule looks for, in a line, with the thresholds of this period. */
export function ruleExplanation(rule: IntegrityRule, s: IntegrityFile['settings']): string {
  switch (rule) {
    case 'parallel': return '同一时间播放两个以上课件：重叠的时间只计一次';
    case 'daily-cap': return `一天内播放超过 ${s.dailyCapHours} 小时`;
    case 'night': return `凌晨 0:00—5:00 播放超过 ${s.nightMinutes} 分钟`;
    case 'marathon': return `连续播放超过 ${s.marathonHours} 小时，中间没有 ${s.marathonGapMinutes} 分钟以上的停顿`;
    case 'copy-paste': return `与他人更早的评论相似度达到 ${Math.round(s.copySimilarity * 100)}%（去掉标点、空格后比较，${s.copyMinChars} 字以下不比较）`;
  }
}

/** An empty integrity.json for an output folder written before 学时真实性 existed (no flags). */
export function noIntegrity(periodId: string, asOf: string): IntegrityFile {
  const zero = Object.fromEntries(INTEGRITY_RULES.map((r) => [r, { flags: 0, people: 0 }])) as IntegrityFile['totals'];
  return {
    schemaVersion: 1, periodId, asOf,
    settings: { dailyCapHours: 8, nightMinutes: 60, marathonHours: 4, marathonGapMinutes: 10, copySimilarity: 0.8, copyMinChars: 15, stockPhrases: 0, deduct: [] },
    previousAsOf: null, totals: zero, units: [], branches: [], flags: [], clusters: [],
  };
}

/** Whether any rule flagged anyone. */
export const anyFlag = (totals: IntegrityFile['totals']) => INTEGRITY_RULES.some((r) => totals[r].flags > 0);

/** A piece of a text, marked when it differs from the other text. */
export interface Piece { readonly text: string; readonly mark: boolean }

/**
 * The characters of `a` and `b` that the other lacks, by a longest common subsequence of code
 * points (comments are short: a few hundred characters at most, so the table is small).
 */
export function markDifferences(a: string, b: string): { a: Piece[]; b: Piece[] } {
  const x = [...a], y = [...b];
  const n = x.length, m = y.length;
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const keepA = new Array<boolean>(n).fill(false), keepB = new Array<boolean>(m).fill(false);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (x[i] === y[j]) { keepA[i++] = true; keepB[j++] = true; }
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  return { a: pieces(x, keepA), b: pieces(y, keepB) };
}

/** Punctuation, symbols and spaces: left out of the comparison (copy-paste.ts), so never marked. */
const IGNORED = /^[\p{P}\p{S}\p{Z}\p{C}\s]$/u;

function pieces(chars: readonly string[], same: readonly boolean[]): Piece[] {
  const out: Piece[] = [];
  for (let i = 0; i < chars.length; i++) {
    const mark = !same[i] && !IGNORED.test(chars[i]);
    const last = out[out.length - 1];
    if (last && last.mark === mark) out[out.length - 1] = { text: last.text + chars[i], mark };
    else out.push({ text: chars[i], mark });
  }
  return out;
}

const clusterIndexes = new WeakMap<IntegrityFile['clusters'], ReadonlyMap<string, IntegrityFile['clusters'][number]>>();

/** The copy-paste clusters by id, built once per integrity.json (every unit and branch page asks). */
export function clustersById(clusters: IntegrityFile['clusters']): ReadonlyMap<string, IntegrityFile['clusters'][number]> {
  let index = clusterIndexes.get(clusters);
  if (!index) clusterIndexes.set(clusters, (index = new Map(clusters.map((c) => [c.id, c]))));
  return index;
}
