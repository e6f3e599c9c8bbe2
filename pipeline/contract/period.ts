/**
 * period.json — the rules of one training period. Every number the rules use comes from here,
 * so next period's notice changes data, not code. Unknown fields are refused: a typo such as
 * `watchratio` must not silently fall back to nothing.
 */
import { z } from 'zod';
import { parseDay } from './calendar.ts';

const isoDay = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && typeof parseDay(s) === 'number', {
    message: '应为存在的日期 YYYY-MM-DD',
  });

const hours = z.number().finite().min(0, { message: '学时不能为负数' });
const count = z.number().int({ message: '应为整数' }).min(0, { message: '不能为负数' });

const offlineRates = z.strictObject({
  hoursPerSession: hours,
  maxSessions: count,
  selfStudyHours: hours,
});

const reportRule = z.strictObject({
  kind: z.string().trim().min(1, { message: '报告类型不能为空' }),
  required: count,
});

/** The rules of 学时真实性 (docs/analysis.md), in the order integrity.json and the site list them. */
export const INTEGRITY_RULES = ['parallel', 'daily-cap', 'night', 'marathon', 'copy-paste'] as const;
export type IntegrityRule = (typeof INTEGRITY_RULES)[number];

/** period.json `integrity`: every threshold optional, each absent one takes its default below. */
const integritySettings = z.strictObject({
  /** More credited viewing than this in one Beijing day is flagged (daily-cap). */
  dailyCapHours: z.number().gt(0, { message: '每日上限应大于 0' }).max(24).optional(),
  /** More credited minutes than this between 00:00 and 05:00 Beijing time is flagged (night). */
  nightMinutes: count.max(300).optional(),
  /** Continuous playback longer than this is flagged (marathon)… */
  marathonHours: z.number().gt(0, { message: '连续播放时长应大于 0' }).optional(),
  /** …where a pause shorter than this many minutes does not interrupt it. */
  marathonGapMinutes: z.number().gt(0, { message: '间隔分钟数应大于 0' }).optional(),
  /** Edit-distance similarity at or above which two people's comments are copies (copy-paste). */
  copySimilarity: z.number().gt(0, { message: '相似度应大于 0' }).max(1, { message: '相似度不能超过 1' }).optional(),
  /** Normalised comments shorter than this are never compared. */
  copyMinChars: count.optional(),
  /** Set phrases everyone may write (e.g. 学习了，深受教育): never flagged. */
  stockPhrases: z.array(z.string()).optional(),
  /** Rules whose flagged seconds or comments are not credited (none by default: flags only). */
  deduct: z.array(z.enum(INTEGRITY_RULES)).optional(),
});

export const PeriodSchema = z
  .strictObject({
    id: z.string().trim().min(1, { message: '期编号不能为空' }),
    title: z.string().trim().min(1, { message: '标题不能为空' }),
    year: z.number().int(),
    window: z.strictObject({ start: isoDay, end: isoDay }),
    registrationDeadline: isoDay,
    maxExtensionMonths: count,
    asOf: isoDay.optional(),
    requiredHours: hours,
    annualRequiredHours: hours,
    online: z.strictObject({
      hours,
      watchRatio: z.number().gt(0, { message: '观看比例应大于 0' }).max(1, { message: '观看比例不能超过 1' }),
      minCommentChars: count,
    }),
    offline: z.strictObject({
      cap: hours,
      member: offlineRates,
      nonMember: offlineRates,
    }),
    reports: z.strictObject({ member: reportRule, nonMember: reportRule }),
    /** The 通报's fixed words; each absent one takes the seed's default (site/lib/notice.ts). */
    notice: z.strictObject({
      issuer: z.string().trim().min(1).optional(),
      addressee: z.string().trim().min(1).optional(),
      evaluation: z.string().trim().min(1).optional(),
      partySchool: z.string().trim().min(1).optional(),
      /** 发文字号, e.g. 巴党网通〔2020〕3号 (GB/T 9704 7.2.4); absent = a blank line the office fills in. */
      docNumber: z.string().trim().min(1).optional(),
      /** 发文机关署名 under the text; absent = the issuer. */
      signature: z.string().trim().min(1).optional(),
      /** 抄送机关, in order (版记); absent or empty = no 抄送 line. */
      cc: z.array(z.string().trim().min(1)).optional(),
      /** 印发机关 (版记); absent = the issuer. */
      printer: z.string().trim().min(1).optional(),
      /** 印发日期 (版记), YYYY-MM-DD; absent = the 成文日期 (the data's day). */
      printedOn: isoDay.optional(),
    }).optional(),
    /** 预警 thresholds (docs/analysis.md); each absent one takes DEFAULT_OUTLOOK's (docs/analysis.md). */
    outlook: z.strictObject({
      idleDays: count.optional(),
      unlikelyMissingShare: z.number().min(0).max(1).optional(),
      behindSlack: z.number().min(0).max(1).optional(),
      behindIdleDays: count.optional(),
      reportDays: count.optional(),
    }).optional(),
    /** 学时真实性 thresholds (docs/analysis.md); see integrityOf for the defaults. */
    integrity: integritySettings.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.window.end < p.window.start) {
      ctx.addIssue({ code: 'custom', path: ['window', 'end'], message: `结束日期 ${p.window.end} 早于开始日期 ${p.window.start}` });
    }
  });

export type Period = z.infer<typeof PeriodSchema>;
export type OfflineRates = Period['offline']['member'];

/**
 * The 预警 thresholds' defaults (docs/analysis.md), tuned against `npm run bench:outlook`
 * (bench/RESULTS.md) and documented in docs/analysis.md:
 * - idleDays: no study in this many days while at least `unlikelyMissingShare` of the work is
 *   missing → 难以按期完成;
 * - behindSlack: done share more than this behind the share of the person's time gone → 需加快;
 * - behindIdleDays: no study in this many days while anything is missing → 需加快;
 * - reportDays: reports still missing this many days or fewer before the deadline → 需加快.
 */
export const DEFAULT_OUTLOOK = {
  idleDays: 14,
  unlikelyMissingShare: 0.5,
  behindSlack: 0.1,
  behindIdleDays: 7,
  reportDays: 7,
} as const;
export type OutlookThresholds = { readonly [K in keyof typeof DEFAULT_OUTLOOK]: number };

/** The period's 预警 thresholds, defaults filled in. */
export function outlookThresholds(period: Period): OutlookThresholds {
  return { ...DEFAULT_OUTLOOK, ...Object.fromEntries(Object.entries(period.outlook ?? {}).filter(([, v]) => v !== undefined)) };
}

/** The integrity thresholds with every default filled in. */
export interface IntegritySettings {
  readonly dailyCapHours: number;
  readonly nightMinutes: number;
  readonly marathonHours: number;
  readonly marathonGapMinutes: number;
  readonly copySimilarity: number;
  readonly copyMinChars: number;
  readonly stockPhrases: readonly string[];
  readonly deduct: readonly IntegrityRule[];
}

export const INTEGRITY_DEFAULTS: IntegritySettings = {
  dailyCapHours: 8, nightMinutes: 60, marathonHours: 4, marathonGapMinutes: 10,
  copySimilarity: 0.8, copyMinChars: 15, stockPhrases: [], deduct: [],
};

/** period.json's integrity settings, defaults filled in (deduct in the rules' order, once each). */
export function integrityOf(period: Period): IntegritySettings {
  const given = period.integrity ?? {};
  const deduct = INTEGRITY_RULES.filter((r) => given.deduct?.includes(r));
  return { ...INTEGRITY_DEFAULTS, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)), deduct };
}
