/**
 * Reports and their reviews (点评审推). A member owes two "党费日+报告", a non-member one
 * "心得体会". Some are missing, a few come in after the window, now and then one of the wrong
 * kind. Branches review most of them — 通过, 推荐 or 退回 — and a returned report is often passed
 * on a second look; a few reports get two verdicts in the same second (the later row wins).
 */
import { dayOfInstant, startOfDay } from '../pipeline/contract/calendar.ts';
import type { Verdict } from '../pipeline/contract/fields.ts';
import type { Period } from '../pipeline/contract/period.ts';
import type { Person } from './population.ts';
import type { Random } from './random.ts';
import { officeTime, type Schedule, studyTime } from './schedule.ts';
import { REVIEW_REMARKS, reportTitle, type Theme } from './texts.ts';

export interface Report {
  id: string;
  readonly person: Person;
  readonly kindText: string;
  readonly title: string;
  readonly submittedAt: number;
}

export interface Review {
  readonly report: Report;
  readonly at: number;
  readonly verdict: Verdict;
  readonly remark: string;
  readonly reviewer: string;
  /** Written as Excel re-saves it ("2020/2/15 16:20", seconds dropped): chosen per report, so ties stay ties. */
  readonly excelTime: boolean;
}

const SUBMIT_SHARE: Record<Person['engagement'], number> = { full: 0.99, partial: 0.72, low: 0.3, inactive: 0 };

/** Reports in submission order, numbered R000001… in that order as the platform does. */
export function planReports(rng: Random, people: readonly Person[], period: Period, s: Schedule, theme: Theme): Report[] {
  const reports: Omit<Report, 'id'>[] = [];
  for (const person of people) {
    const rule = person.member ? period.reports.member : period.reports.nonMember;
    for (let k = 1; k <= rule.required; k++) {
      if (!rng.chance(SUBMIT_SHARE[person.engagement])) continue;
      // A member now and then hands in a 心得体会 instead (it does not count for them).
      const wrongKind = person.member && rng.chance(0.015);
      const kind = wrongKind ? period.reports.nonMember.kind : rule.kind;
      reports.push({
        person, kindText: kind === '党费日+报告' && rng.chance(0.08) ? '党费日＋报告' : kind,
        title: reportTitle(rng, person.member && !wrongKind, k, theme), submittedAt: submitTime(rng, person, k, rule.required, s),
      });
    }
  }
  const ordered = reports.map((r, i) => ({ r, i })).sort((a, b) => a.r.submittedAt - b.r.submittedAt || a.i - b.i);
  return ordered.map(({ r }, i) => ({ ...r, id: `R${String(i + 1).padStart(6, '0')}` }));
}

/** The k-th of `of` reports: spread over the window, the last ones in its final fortnight; ~1.5 % late. */
function submitTime(rng: Random, p: Person, k: number, of: number, s: Schedule): number {
  const r = rng.next();
  if (r < 0.01) return studyTime(rng, s.windowEnd + 1);
  if (r < 0.014) return studyTime(rng, s.asOf + rng.integer(1, 3));
  const from = Math.max(s.windowStart + 7, p.registeredOn);
  const span = s.windowEnd - from;
  const lo = from + Math.floor((span * (k - 1)) / of);
  const hi = from + Math.floor((span * k) / of);
  return studyTime(rng, rng.integer(lo, Math.max(lo, hi)));
}

const FIRST_VERDICT: readonly (readonly [Verdict, number])[] = [['通过', 0.84], ['推荐', 0.1], ['退回', 0.06]];

/** Reviews in time order (rows of the same second keep the order they were made in). */
export function planReviews(rng: Random, reports: readonly Report[], s: Schedule): Review[] {
  const reviews: Review[] = [];
  const latest = startOfDay(s.asOf) + 22 * 3600; // nothing after the export was taken
  for (const report of reports) {
    if (!rng.chance(0.88)) continue;
    const reviewer = rng.chance(0.8) ? report.person.branch.convener : '州委党校点评组';
    const excelTime = rng.chance(0.25);
    const review = (at: number, verdict: Verdict): Review => ({
      report, at: excelTime ? at - (at % 60) : at, verdict, remark: rng.pick(REVIEW_REMARKS[verdict]), reviewer, excelTime,
    });
    const first = officeTime(rng, dayOfInstant(report.submittedAt) + rng.integer(0, 4));
    if (first <= report.submittedAt || first > latest) continue;
    const verdict = rng.weighted(FIRST_VERDICT);
    reviews.push(review(first, verdict));
    if (rng.chance(0.01)) {
      // Two verdicts in the same second: the later row is the one that counts.
      reviews.push(review(first, verdict === '推荐' ? '通过' : rng.pick(['推荐', '退回'] as const)));
    } else if (verdict === '退回' && rng.chance(0.7)) {
      const again = officeTime(rng, dayOfInstant(first) + rng.integer(1, 4));
      if (again <= latest) reviews.push(review(again, rng.chance(0.85) ? '通过' : '推荐'));
    }
  }
  return reviews.map((r, i) => ({ r, i })).sort((a, b) => a.r.at - b.r.at || a.i - b.i).map(({ r }) => r);
}
