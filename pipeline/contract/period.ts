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
    }).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.window.end < p.window.start) {
      ctx.addIssue({ code: 'custom', path: ['window', 'end'], message: `结束日期 ${p.window.end} 早于开始日期 ${p.window.start}` });
    }
  });

export type Period = z.infer<typeof PeriodSchema>;
export type OfflineRates = Period['offline']['member'];
