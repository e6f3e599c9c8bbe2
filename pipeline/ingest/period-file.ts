/**
 * Reading period.json exactly (docs/gate.md "Reading is exact before it is clever"): decoded as the
 * CSVs are — Notepad on Chinese Windows saves "ANSI", i.e. GBK; "Unicode" is UTF-16 — because
 * read as UTF-8 a GBK report kind became U+FFFD and no report counted. A U+FFFD left after
 * decoding is fatal: a rule with a hole in a word is never applied. Ids, report kinds and days
 * are NFKC-normalised with invisible characters removed (like the CSVs' ids); the other words
 * only lose spaces and invisible characters at their ends.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizeKey } from '../contract/fields.ts';
import { type Period, PeriodSchema } from '../contract/period.ts';
import { decodeWholeText, type Encoding } from './decode.ts';
import { FatalInputError } from './errors.ts';
import { fsProblem } from './fs-problem.ts';

/** Spaces and invisible characters (zero-width spaces and joiners, word joiner, BOM: copied from web pages and Word) at a text's ends. */
const EDGE_SPACE = /^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$/g;

const ENCODING_NAMES: Record<Encoding, string> = {
  'utf-8': 'UTF-8', gb18030: 'GBK/GB18030（记事本的“ANSI”）', 'utf-16le': 'UTF-16（记事本的“Unicode”）', 'utf-16be': 'UTF-16 BE（记事本的“Unicode big endian”）',
};

/** Free text (a title, the 通报's words): only spaces and invisible characters at the ends go. */
function trimmedText(text: string): string {
  return text.replace(EDGE_SPACE, '');
}

/** The JSON with ids, kinds and days normalised and every other string trimmed (before the schema sees it). */
function normalised(json: unknown): unknown {
  const walk = (value: unknown, path: readonly string[]): unknown => {
    if (typeof value === 'string') {
      const key = path.join('.');
      const word = key === 'id' || key === 'asOf' || key === 'registrationDeadline' || /^window\.(start|end)$/.test(key) || /^reports\.[^.]+\.kind$/.test(key);
      // Ids, kinds and days as the CSVs' are read (contract/fields.ts), so a kind in period.json and
      // on the platform compare equal.
      return word ? normalizeKey(value) : trimmedText(value);
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, String(i)]));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return value;
  };
  return walk(json, []);
}

/** period.json of the dataset folder `dir`: decoded, normalised, validated; any problem is fatal and says why. */
export async function loadPeriod(dir: string): Promise<Period> {
  const path = join(dir, 'period.json');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const problem = fsProblem(e, path, '文件');
    throw new FatalInputError('period.json', problem.kind === 'missing'
      ? `缺少必需文件：数据目录 ${dir} 中没有 period.json（本期规则）`
      : problem.message);
  }
  const { text, encoding } = decodeWholeText(bytes);
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) {
    const lineNo = text.slice(0, bad).split('\n').length;
    const line = text.split('\n')[lineNo - 1].trim();
    const shown = line.length > 60 ? `${line.slice(0, 60)}…` : line;
    throw new FatalInputError('period.json', `第 ${lineNo} 行有无法识别的字符（显示为 �）：“${shown}”。按 ${ENCODING_NAMES[encoding]} 读取，文件很可能是用另一种编码保存的，或从别处复制时文字已损坏（例如报告类型“党费日+报告”变成了乱码，就没有一份报告能被认定）。请用记事本打开 period.json，核对这一行的文字，然后“另存为”，编码选“UTF-8”，保存后重试`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (e) {
    throw new FatalInputError('period.json', `不是有效的 JSON：${(e as Error).message}（按 ${ENCODING_NAMES[encoding]} 读取）。请检查是否少了逗号、引号或括号，或用了中文引号“”、中文逗号`);
  }
  const parsed = PeriodSchema.safeParse(normalised(json));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => {
      const at = i.path.join('.') || '（根）';
      if (i.code === 'unrecognized_keys') return `未知字段 ${i.keys.map((k) => (i.path.length ? `${at}.${k}` : k)).join('、')}`;
      return `字段 ${at}：${i.message}`;
    });
    throw new FatalInputError('period.json', `规则无效：${issues.join('；')}`);
  }
  return parsed.data;
}
