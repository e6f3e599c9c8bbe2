/**
 * Field types of the input files: how one cell's text becomes a value, or a Chinese reason
 * why it cannot. Each type is one plain function (fast enough for millions of cells) and the
 * zod schema of every input row is built from these same functions (see inputs.ts), so the
 * schema and the hot loop can never disagree.
 */
import { parseDay, parseInstant } from './calendar.ts';

/** A cell that breaks its field type, with the reason in Chinese. */
export class Invalid {
  constructor(readonly reason: string) {}
}

export interface FieldType<T> {
  /** What the column holds, in Chinese, for messages and docs. */
  readonly label: string;
  /** `raw` is the cell as read (undefined when the column is absent); returns the value or why not. */
  parse(raw: string | undefined): T | Invalid;
  /**
   * A closed vocabulary's words (normalised, lower case): all it accepts, and those that only
   * this field uses (必修/选修), which tell its column under another header (docs/gate.md).
   */
  readonly vocabulary?: { readonly words: ReadonlySet<string>; readonly own: ReadonlySet<string> };
}

/** Characters that show as nothing (zero-width spaces, joiners, word joiner, byte-order mark). */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/** NFKC-normalise and trim: full-width digits, U+3000 spaces and （） become their plain forms. */
export function normalizeKey(raw: string): string {
  // Hot path (millions of ids): plain ASCII without surrounding spaces is returned as is.
  const n = raw.length;
  if (n === 0) return raw;
  for (let i = 0; i < n; i++) if (raw.charCodeAt(i) > 0x7e) return normalizedWide(raw);
  return raw.charCodeAt(0) <= 0x20 || raw.charCodeAt(n - 1) <= 0x20 ? raw.trim() : raw;
}

// Text beyond ASCII in key columns is mostly a handful of words repeated on every row (党员,
// 是, 党费日+报告): NFKC, which is slow, runs once per distinct text. Bounded: cleared when full.
const wideKeys = new Map<string, string>();
function normalizedWide(raw: string): string {
  let key = wideKeys.get(raw);
  if (key === undefined) {
    if (wideKeys.size >= 4096) wideKeys.clear();
    // Invisible characters go with the other spaces (docs/gate.md): an id copied with a zero-width
    // space after it is the id.
    key = raw.normalize('NFKC').replace(INVISIBLE, '').trim();
    wideKeys.set(raw, key);
  }
  return key;
}

/** Unicode characters (code points, not UTF-16 units) of a text: 𠮷 is one, a lone surrogate one. */
export function unicodeLength(text: string): number {
  const length = text.length;
  let n = length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

const EMPTY = new Invalid('不能为空');

export const idField: FieldType<string> = {
  label: '编号',
  parse(raw) {
    const s = raw === undefined ? '' : normalizeKey(raw);
    return s === '' ? EMPTY : s;
  },
};

/** Free text (names, titles, topics, comments): only trimmed, full-width punctuation kept. */
export const textField: FieldType<string> = {
  label: '文本',
  parse(raw) {
    const s = raw === undefined ? '' : raw.trim();
    return s === '' ? EMPTY : s;
  },
};

export const optionalTextField: FieldType<string> = {
  label: '文本（可空）',
  parse: (raw) => (raw === undefined ? '' : raw.trim()),
};

export const dayField: FieldType<number> = {
  label: '日期',
  parse(raw) {
    const s = raw === undefined ? '' : normalizeKey(raw);
    if (s === '') return EMPTY;
    const d = parseDay(s);
    return typeof d === 'number' ? d : new Invalid(d);
  },
};

/** A day or null when the cell is empty. */
export const optionalDayField: FieldType<number | null> = {
  label: '日期（可空）',
  parse(raw) {
    const s = raw === undefined ? '' : normalizeKey(raw);
    if (s === '') return null;
    const d = parseDay(s);
    return typeof d === 'number' ? d : new Invalid(d);
  },
};

export const instantField: FieldType<number> = {
  label: '日期时间',
  parse(raw) {
    if (raw === undefined) return EMPTY;
    // The platform's own "YYYY-MM-DD HH:mm:ss" needs no normalisation: the parser's fast path
    // checks every character, so try it before NFKC.
    if (raw.length === 19) {
      const fast = parseInstant(raw);
      if (typeof fast === 'number') return fast;
    }
    const s = normalizeKey(raw);
    if (s === '') return EMPTY;
    const t = parseInstant(s);
    return typeof t === 'number' ? t : new Invalid(t);
  },
};

export const positiveNumberField: FieldType<number> = {
  label: '正数',
  parse(raw) {
    const s = raw === undefined ? '' : normalizeKey(raw);
    if (s === '') return EMPTY;
    if (!/^[+]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return new Invalid(`“${s}”不是数字`);
    const n = Number(s);
    return n > 0 ? n : new Invalid(`应大于 0，实际为 ${s}`);
  },
};

const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '√', '对']);
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0', '×', '不']);

/**
 * 是/否 and its spellings, plus the field's own words for yes and no (`必修`/`选修` for a
 * course's required): an export writes them in the column where 是/否 is meant.
 */
export function booleanField(fallback: boolean, own: { readonly yes: readonly string[]; readonly no: readonly string[] } = { yes: [], no: [] }): FieldType<boolean> {
  const yes = new Set([...TRUE_WORDS, ...own.yes]), no = new Set([...FALSE_WORDS, ...own.no]);
  const ownWords = [...own.yes, ...own.no];
  return {
    label: `是/否（空为${fallback ? '是' : '否'}）`,
    vocabulary: { words: new Set([...yes, ...no]), own: new Set(ownWords) },
    parse(raw) {
      const s = raw === undefined ? '' : normalizeKey(raw).toLowerCase();
      if (s === '') return fallback;
      if (yes.has(s)) return true;
      if (no.has(s)) return false;
      return new Invalid(`“${s}”不是是/否（可用 是/否、Y/N、yes/no、true/false、1/0）`);
    },
  };
}

/** A closed set of words, each canonical value with its aliases. */
export function enumField<T extends string>(label: string, words: Record<T, readonly string[]>): FieldType<T> {
  const lookup = new Map<string, T>();
  for (const canonical of Object.keys(words) as T[]) {
    lookup.set(canonical, canonical);
    for (const alias of words[canonical]) lookup.set(alias, canonical);
  }
  const allowed = [...lookup.keys()].join('、');
  return {
    label,
    vocabulary: { words: new Set(lookup.keys()), own: new Set(lookup.keys()) },
    parse(raw) {
      const s = raw === undefined ? '' : normalizeKey(raw);
      if (s === '') return EMPTY;
      return lookup.get(s) ?? new Invalid(`“${s}”不是有效的${label}（可用：${allowed}）`);
    },
  };
}

export const CATEGORIES = { 党员: ['中共党员', '预备党员'], 党外干部: ['非中共党员', '群众', '民主党派', '无党派人士'] } as const;
export type Category = keyof typeof CATEGORIES;
export const categoryField = enumField<Category>('人员类别', CATEGORIES);

export const VERDICTS = { 退回: [], 通过: [], 推荐: [] } as const;
export type Verdict = keyof typeof VERDICTS;
export const verdictField = enumField<Verdict>('审核结果', VERDICTS);
