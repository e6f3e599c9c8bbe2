/**
 * integrity.json — 学时真实性 (docs/analysis.md): are the hours real? Flags for a person to look at, each
 * with its rule, evidence and a reason in Chinese; never a penalty by itself (period.json
 * `integrity.deduct` makes the rules, not this analysis, withhold the flagged credit).
 *
 * People arrive one by one from the pipeline's loop; the viewing rules cost one more pass over
 * the person's segments (rules/viewing-patterns.ts); the copy-paste rule runs once over every
 * person's comments (findCopies over `copyJob`, which the pipeline runs on another thread beside
 * the loop) and its findings are handed back before the file is asked for.
 */
import { createHash } from 'node:crypto';
import { formatDay, formatInstant } from '../contract/calendar.ts';
import { byCodeUnit } from '../contract/compare.ts';
import type { Comment, Dataset, ViewTable } from '../contract/model.ts';
import type { IntegrityFile, IntegrityFlag } from '../contract/outputs.ts';
import { SCHEMA_VERSION } from '../contract/outputs.ts';
import { INTEGRITY_RULES, type IntegrityRule, type IntegritySettings, integrityOf } from '../contract/period.ts';
import { deadlineOf, type Range, rangeOf } from '../rules/deadline.ts';
import type { Evaluation } from '../rules/person.ts';
import { parallelCoursesOf } from '../rules/online.ts';
import { CreditedIntervals, daysOverCap, marathonsOf, nightsOver, playbackOf } from '../rules/viewing-patterns.ts';
import { type CopyFinding, type CopyJob, packStrings } from './copy-paste.ts';

/** A flag before its person's names are attached: rule, person index, identity key, evidence. */
interface Draft {
  readonly rule: IntegrityRule;
  readonly person: number;
  /** What identifies the evidence across drops (a day, a start instant, a comment). */
  readonly key: string;
  /** Sorts the flags of one person and rule. */
  readonly order: number;
  readonly reason: string;
  readonly evidence: IntegrityFlag['evidence'];
}

/** A short, stable id: the first 16 hex digits of SHA-256 over the parts. */
export function stableId(...parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

const hours = (seconds: number) => (Math.round(seconds / 36) / 100).toString();
const minutes = (seconds: number) => Math.round(seconds / 60).toString();

export class IntegrityFinder {
  private readonly playback = new CreditedIntervals();
  private readonly settings: IntegritySettings;
  private readonly drafts: Draft[] = [];
  private clusters: IntegrityFile['clusters'] | null = null;
  /** The comments copy-paste looks at (findCopies' input; whose each one is: `copyJob.persons`). */
  readonly copyJob: CopyJob;
  private readonly jobComments: readonly Comment[];
  /** The comments flagged as copies (the rules leave them uncredited when period.json deducts copy-paste). */
  readonly copiedComments = new Set<Comment>();

  /**
   * Copy-paste's input is gathered here, over everyone's comments in range; findCopies runs on
   * it wherever the pipeline likes (another thread, beside the per-person loop) and its
   * findings come back through receiveCopies — before any person is evaluated when period.json
   * deducts copies, since the rules must know them then.
   */
  constructor(private readonly data: Dataset) {
    this.settings = integrityOf(data.period);
    const ranges = data.people.map((rec) => rangeOf(data.period, deadlineOf(data.period, rec.extensions).day, data.asOf));
    const { job, comments } = copyJobOf(data, ranges, this.settings);
    this.copyJob = job;
    this.jobComments = comments;
  }

  /** Person `index` was just evaluated (people arrive in index order). */
  add(index: number, ev: Evaluation): void {
    const { settings } = this;
    const iv = playbackOf(this.data.views, index, ev.range, this.playback);
    const courseIds = (cs: readonly number[]) => cs.map((c) => this.data.courses[c].courseId);
    if (ev.sweep.parallelSeconds > 0) {
      const courses = courseIds(parallelCoursesOf(this.data.views, index, ev.range));
      const window = overlapWindow(this.data.views, index, ev.range);
      const seconds = Math.round(ev.sweep.parallelSeconds);
      this.drafts.push({
        rule: 'parallel', person: index, key: courses.join(','), order: window?.[0] ?? 0,
        reason: `同时播放 ${courses.length} 个课件（${courses.join('、')}），重叠 ${minutes(seconds)} 分钟：重叠的时间只计一次`,
        evidence: { ...(window ? { from: formatInstant(window[0]), to: formatInstant(window[1]) } : {}), seconds, courses },
      });
    }
    if (iv.length > 0) {
      for (const d of daysOverCap(iv, settings.dailyCapHours)) {
        this.drafts.push({
          rule: 'daily-cap', person: index, key: formatDay(d.day), order: d.day,
          reason: `${formatDay(d.day)} 一天播放课件 ${hours(d.seconds)} 小时，超过每日上限 ${settings.dailyCapHours} 小时`,
          evidence: { day: formatDay(d.day), from: formatInstant(d.from), to: formatInstant(d.to), seconds: Math.round(d.seconds), courses: courseIds(d.courses) },
        });
      }
      for (const d of nightsOver(iv, settings.nightMinutes)) {
        this.drafts.push({
          rule: 'night', person: index, key: formatDay(d.day), order: d.day,
          reason: `${formatDay(d.day)} 凌晨 0:00—5:00 播放课件 ${minutes(d.seconds)} 分钟，超过 ${settings.nightMinutes} 分钟`,
          evidence: { day: formatDay(d.day), from: formatInstant(d.from), to: formatInstant(d.to), seconds: Math.round(d.seconds), courses: courseIds(d.courses) },
        });
      }
      for (const m of marathonsOf(iv, settings.marathonHours, settings.marathonGapMinutes)) {
        this.drafts.push({
          rule: 'marathon', person: index, key: formatInstant(m.from), order: m.from,
          reason: `${formatInstant(m.from)} 起连续播放 ${hours(m.to - m.from)} 小时（至 ${formatInstant(m.to)}），中间没有 ${settings.marathonGapMinutes} 分钟以上的停顿，超过 ${settings.marathonHours} 小时`,
          evidence: { from: formatInstant(m.from), to: formatInstant(m.to), seconds: Math.round(m.seconds), courses: courseIds(m.courses) },
        });
      }
    }
  }

  /** The file, once every person was added: copy-paste over all comments, counts, flags in order. */
  file(): IntegrityFile {
    const { data, settings } = this;
    const clusters = this.clusters;
    if (!clusters) throw new Error('integrity.json asked for before copy-paste\'s findings were received');
    const deduct = new Set(settings.deduct);
    const flags: IntegrityFlag[] = this.drafts
      .sort((a, b) => INTEGRITY_RULES.indexOf(a.rule) - INTEGRITY_RULES.indexOf(b.rule) || a.person - b.person || a.order - b.order || byCodeUnit(a.key, b.key))
      .map((d) => {
        const p = data.people[d.person].person;
        return {
          id: stableId(d.rule, p.personId, d.key), rule: d.rule, personId: p.personId, name: p.name, unitId: p.unitId, branchId: p.branchId,
          new: true, reason: d.reason, evidence: d.evidence, deducted: deduct.has(d.rule),
        };
      });
    const zero = () => Object.fromEntries(INTEGRITY_RULES.map((r) => [r, { flags: 0, people: 0 }])) as IntegrityFile['totals'];
    const totals = zero();
    const units = new Map(data.units.map((u) => [u.unitId, { unitId: u.unitId, registered: 0, rules: zero() }]));
    const branches = new Map(data.branches.map((b) => [b.branchId, { branchId: b.branchId, unitId: b.unitId, registered: 0, rules: zero() }]));
    for (const rec of data.people) {
      units.get(rec.person.unitId)!.registered++;
      branches.get(rec.person.branchId)!.registered++;
    }
    const counted = new Set<string>();
    for (const f of flags) {
      const firstOfPerson = !counted.has(`${f.rule}\u0000${f.personId}`);
      counted.add(`${f.rule}\u0000${f.personId}`);
      for (const c of [totals[f.rule], units.get(f.unitId)!.rules[f.rule], branches.get(f.branchId)!.rules[f.rule]]) {
        c.flags++;
        if (firstOfPerson) c.people++;
      }
    }
    return {
      schemaVersion: SCHEMA_VERSION,
      periodId: data.period.id,
      asOf: formatDay(data.asOf),
      settings: {
        dailyCapHours: settings.dailyCapHours, nightMinutes: settings.nightMinutes, marathonHours: settings.marathonHours,
        marathonGapMinutes: settings.marathonGapMinutes, copySimilarity: settings.copySimilarity, copyMinChars: settings.copyMinChars,
        stockPhrases: settings.stockPhrases.length, deduct: [...settings.deduct],
      },
      previousAsOf: null,
      totals,
      units: [...units.values()],
      branches: [...branches.values()],
      flags,
      clusters,
    };
  }

  /** copy-paste's findings (findCopies over `copyJob`, on whichever thread): drafts for the copies, and the clusters as integrity.json lists them. */
  get receivedCopies(): boolean {
    return this.clusters !== null;
  }

  receiveCopies(findings: readonly CopyFinding[]): void {
    if (this.clusters) throw new Error('copy-paste findings received twice');
    const { data } = this;
    const ref = (comment: number) => {
      const c = this.jobComments[comment];
      const p = data.people[this.copyJob.persons[comment]].person;
      return {
        personId: p.personId, name: p.name, unitId: p.unitId, branchId: p.branchId,
        courseId: data.courses[c.course].courseId, commentedAt: formatInstant(c.at), text: c.text,
      };
    };
    this.clusters = findings.map((cl) => {
      const original = ref(cl.original);
      const clusterId = stableId('copy-paste', original.personId, original.courseId, original.commentedAt);
      const copies = cl.copies.map(({ comment, similarity }) => {
        const copy = ref(comment);
        const copied = this.jobComments[comment];
        const key = `${copy.courseId}\u0000${copy.commentedAt}`;
        this.copiedComments.add(copied);
        this.drafts.push({
          rule: 'copy-paste', person: this.copyJob.persons[comment], key, order: copied.at,
          reason: `${copy.commentedAt} 对课件 ${copy.courseId} 的评论与他人更早（${original.commentedAt}）的一条评论相似度 ${Math.floor(similarity * 100)}%，疑似复制`,
          evidence: {
            courses: [copy.courseId], clusterId, commentedAt: copy.commentedAt,
            original: { personId: original.personId, courseId: original.courseId, commentedAt: original.commentedAt }, similarity,
          },
        });
        return { ...copy, flagId: stableId('copy-paste', copy.personId, key), similarity };
      });
      return { id: clusterId, original, copies };
    });
  }
}

/** The copy-paste rule's input: every person's comments within their range, in person order, and the comments themselves. */
function copyJobOf(data: Dataset, ranges: readonly Range[], settings: IntegritySettings): { job: CopyJob; comments: Comment[] } {
  const comments: Comment[] = [];
  const texts: string[] = [], persons: number[] = [], courses: number[] = [], at: number[] = [];
  data.people.forEach((rec, i) => {
    const range = ranges[i];
    for (const c of rec.comments) {
      if (c.at < range.from || c.at >= range.to) continue;
      comments.push(c);
      texts.push(c.text);
      persons.push(i);
      courses.push(c.course);
      at.push(c.at);
    }
  });
  return {
    job: {
      texts: packStrings(texts), persons: Int32Array.from(persons), courses: Int32Array.from(courses), at: Float64Array.from(at),
      personIds: packStrings(data.people.map((rec) => rec.person.personId)), courseIds: data.courses.map((c) => c.courseId),
      stockPhrases: settings.stockPhrases, minChars: settings.copyMinChars, similarity: settings.copySimilarity,
    },
    comments,
  };
}

/** First and last instant at which segments of two different courses of the person overlapped. */
function overlapWindow(views: ViewTable, person: number, range: Range): [number, number] | null {
  let first = Infinity, last = -Infinity;
  const active = new Map<number, number>();
  for (let i = views.offsets[person]; i < views.offsets[person + 1]; i++) {
    const c = views.course[i];
    const s = Math.max(views.start[i], range.from), e = Math.min(views.end[i], range.to);
    if (e <= s) continue;
    for (const [other, until] of active) {
      if (other !== c && until > s) {
        if (s < first) first = s;
        const end = Math.min(until, e);
        if (end > last) last = end;
      }
    }
    if ((active.get(c) ?? -Infinity) < e) active.set(c, e);
  }
  return first < Infinity ? [first, last] : null;
}

/** integrity.json with `new` decided against the previous drop's flags (same id = same flag). */
export function againstPrevious(current: IntegrityFile, previous: IntegrityFile | null): IntegrityFile {
  if (!previous) return current;
  const before = new Set(previous.flags.map((f) => f.id));
  return { ...current, previousAsOf: previous.asOf, flags: current.flags.map((f) => (before.has(f.id) === !f.new ? f : { ...f, new: !before.has(f.id) })) };
}
