/**
 * qualifiedOn: the first day on which the person was qualified. Qualification only grows with
 * the cut-off day (more events count; reviews count whenever made), so a binary search over
 * [window.start, asOf] with the full evaluation finds it — about six evaluations a person.
 * Most people need two: an estimate of the day, read off the events that complete each
 * requirement, is checked by evaluating that day and the day before. The estimate only decides
 * where to look first; the answer is always the evaluation's, and a wrong estimate merely
 * costs the search it was meant to save.
 */
import { dayOfInstant, formatDay } from '../contract/calendar.ts';
import type { Dataset } from '../contract/model.ts';
import { isQualifiedGrade } from '../contract/outputs.ts';
import { dayInRange, inRange, periodDay } from './deadline.ts';
import { offlineHours, offlineRatesOf } from './offline.ts';
import { type Evaluation, qualifiedAsOf } from './person.ts';
import { reportRuleOf, reportStanding, requiredKindOf } from './reports.ts';

/**
 * The first day on which the person was qualified, given their evaluation as of data.asOf
 * (null when not qualified then); `firstGuess` (a day) is where the search looks first, by
 * default estimateQualifiedDay's.
 */
export function qualifiedOn(data: Dataset, index: number, ev: Evaluation, firstGuess?: number): string | null {
  if (!isQualifiedGrade(ev.result.grade)) return null;
  let lo = periodDay(data.period.window.start), hi = data.asOf;
  if (hi < lo) return null;
  const guess = firstGuess ?? estimateQualifiedDay(data, index, ev);
  if (guess >= lo && guess <= hi) {
    if (qualifiedAsOf(data, index, guess)) {
      if (guess === lo || !qualifiedAsOf(data, index, guess - 1)) return formatDay(guess);
      hi = guess - 1;
    } else {
      lo = guess + 1;
    }
  }
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (qualifiedAsOf(data, index, mid)) hi = mid; else lo = mid + 1;
  }
  return formatDay(lo);
}

/**
 * Where qualification most likely began: the latest of the days on which each requirement was
 * first met in the evaluation's range — every required course watched (the sweep noted when)
 * and commented, unless exempt; enough offline hours beside the online ones; and the required
 * number of reports that count. Infinity when a requirement was never met.
 */
export function estimateQualifiedDay(data: Dataset, index: number, ev: Evaluation): number {
  const { period, courses } = data;
  const rec = data.people[index];
  const p = rec.person;
  const { range } = ev;
  const startDay = dayOfInstant(range.from);
  let day = startDay;

  if (!p.partySchoolPassed) {
    const reachedAt = ev.sweep.reachedAt;
    const minChars = period.online.minCommentChars;
    for (let c = 0; c < courses.length && day < Infinity; c++) {
      if (!courses[c].required) continue;
      // Credit counted up to the end of day D includes the instant it was reached at when that lies before D's end.
      const at = reachedAt ? reachedAt[c] : Infinity;
      if (at === Infinity) return Infinity;
      day = Math.max(day, dayOfInstant(Math.ceil(at) - 1));
      let commented = Infinity;
      for (const m of rec.comments) {
        if (m.course === c && m.at < commented && m.at >= range.from && m.at < range.to && m.chars >= minChars) commented = m.at;
      }
      if (commented === Infinity) return Infinity;
      day = Math.max(day, dayOfInstant(commented));
    }
  }

  // Offline: sessions and confirmed self-study in day order, until the hours suffice.
  const wanted = period.requiredHours - period.online.hours - 1e-9;
  if (wanted > 0) {
    const rates = offlineRatesOf(period, p.category);
    const days: number[] = [];
    for (const s of rec.attendance) {
      const d = data.sessions[s].day;
      if (dayInRange(range, d)) days.push(d);
    }
    // (Ingest leaves each session once per person; a repeat would only make this guess early.)
    days.sort((a, b) => a - b);
    let selfStudyDay = Infinity;
    for (const s of rec.selfStudy) if (s.confirmed && s.day < selfStudyDay && dayInRange(range, s.day)) selfStudyDay = s.day;
    // The days on which hours were added, in order: the first with enough hours is the offline day.
    const candidates = selfStudyDay < Infinity ? days.concat(selfStudyDay).sort((x, y) => x - y) : days;
    let offlineDay = Infinity, sessions = 0;
    for (const d of candidates) {
      while (sessions < days.length && days[sessions] <= d) sessions++;
      if (offlineHours(period, rates, sessions, selfStudyDay <= d) >= wanted) { offlineDay = d; break; }
    }
    day = Math.max(day, offlineDay);
  }

  // Reports: the day the required number of counting reports was reached.
  const rule = reportRuleOf(period, p.category);
  if (rule.required > 0 && day < Infinity) {
    const kind = requiredKindOf(period, p.category);
    const counting: number[] = [];
    for (const r of rec.reports) {
      if (inRange(range, r.submittedAt) && reportStanding(r, kind).counts) counting.push(r.submittedAt);
    }
    if (counting.length < rule.required) return Infinity;
    counting.sort((a, b) => a - b);
    day = Math.max(day, dayOfInstant(counting[rule.required - 1]));
  }
  return day;
}
