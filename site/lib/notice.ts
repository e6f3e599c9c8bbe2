/**
 * The 通报: a completion notice as an office would issue it, every sentence generated from the
 * pipeline's figures. Units only — never an individual. Pure: summary and unit stats in,
 * wording out, so it can be tested without building the site.
 */
import type { DropDigest, SummaryFile, UnitStat } from '../../pipeline/contract/outputs.ts';
import type { Period } from '../../pipeline/contract/period.ts';
import { byCodeUnit } from '../../pipeline/contract/compare.ts';
import { edition, isExactGroupRate, isExactRate, isSmallCount, isSmallGroup, publicCount, publicRate, publishedRate, SMALL_COUNT, SMALL_GROUP_NOTE, type EditionContents } from './edition.ts';
import { avg, dayLong, dayShort, hours, pct, plainInt as plainNumber } from './format.ts';


/**
 * A count of people in the 通报's sentences: in an edition without people (edition.ts) a count
 * of 1–4 reads 不足5 (docs/site.md's small-count rule); numbers of units and branches are no people
 * and use plainNumber.
 */
const peopleCount = (n: number, e: EditionContents = edition()): string => (isSmallCount(n, e) ? `不足${SMALL_COUNT}` : plainNumber(n));

/** A rate count/of in the 通报's sentences: a range when the count is 1–4 in an edition without people (publicRate). */
const rateOf = (count: number, of: number, e: EditionContents = edition()): string => publicRate(count, of, pct, e);
/** The same for a rate the pipeline computed: printed from it when published as one value (publishedRate). */
const rateAs = (rate: number, count: number, of: number, e: EditionContents = edition()): string => publishedRate(rate, count, of, pct, e);

/** Said of a unit named in a sentence whose rate is not published (a small group, edition.ts). */
const SMALL_UNIT = '人数较少';

/**
 * The 通报's fixed words when period.json's `notice` does not give them: the seed's (docs/data-format.md).
 * The only place in code these words are written.
 */
export const NOTICE_DEFAULTS = {
  /** Who issues it (also the platform whose data it reports). */
  issuer: '巴州党员网上活动室',
  /** To whom. */
  addressee: '州直各部门单位党组织',
  /** Which evaluation the results feed. */
  evaluation: '第一季度“互学互评互检”',
  /** Whose party-school pass exempts from the online part. */
  partySchool: '州委党校',
} as const;

export type NoticeWords = { readonly [K in keyof typeof NOTICE_DEFAULTS]: string };

/** period.json's notice words, each absent one the default. */
export function noticeWords(period: Period): NoticeWords {
  return { ...NOTICE_DEFAULTS, ...Object.fromEntries(Object.entries(period.notice ?? {}).filter(([, v]) => v !== undefined)) };
}

/**
 * The 通报's 版头 and 版记 (GB/T 9704-2012) from period.json's `notice`: 发文字号 (null = not
 * given: a blank line the office fills in), 署名 (default the issuer), 抄送 (default none),
 * 印发机关 (default the issuer) and 印发日期 (default the 成文日期, the data's day).
 */
export interface NoticeIssue {
  readonly docNumber: string | null;
  readonly signature: string;
  readonly cc: readonly string[];
  readonly printer: string;
  /** "2020年2月24日" */
  readonly printedOn: string;
}

export function noticeIssue(period: Period, asOf: string): NoticeIssue {
  const n = period.notice ?? {};
  const issuer = noticeWords(period).issuer;
  return {
    docNumber: n.docNumber ?? null,
    signature: n.signature ?? issuer,
    cc: n.cc ?? [],
    printer: n.printer ?? issuer,
    printedOn: dayLong(n.printedOn ?? asOf),
  };
}

/**
 * The 通报's title names the period — its year and title — never the vague 本期 (a 通报 read a
 * year later, or beside another period's, must say which training it reports).
 */
export function noticeTitle(period: Period): string {
  const year = /^\d{4}年/.test(period.title) ? '' : `${period.year}年`;
  return `关于${year}“党校到支部”${period.title}完成情况的通报`;
}

/** Units named in a sentence before "等 N 个单位". */
const MAX_NAMED = 10;

export interface NoticeModel {
  readonly title: string;
  /** The data's day, YYYY-MM-DD: the .docx says it was made then (so its bytes never depend on the clock). */
  readonly asOfDay: string;
  /** "（截至2020年2月24日）" */
  readonly asOfLine: string;
  readonly opening: string;
  /** 一、总体情况 */
  readonly overall: string[];
  /** 与上期相比 (after the overall figures): the change since the previous drop, or the first 通报's sentence. Empty when not asked for. */
  readonly comparison: string[];
  /** 大数据分析 (docs/analysis.md): one paragraph after the comparison, its sentences in order (analysisSentences). */
  readonly analysis: string[];
  /** 二、各单位完成情况 (before the table) */
  readonly units: string[];
  readonly leading: UnitStat[];
  readonly lagging: UnitStat[];
  readonly belowAverage: UnitStat[];
  /** All units: ranked ones by rank (then unitId), then the coverage gaps. */
  readonly table: UnitStat[];
  /** The table is the 通报's annex (附件), not part of its body: section 二 says 见附件, not 见下表. */
  readonly tableInAnnex: boolean;
  /** 三、下一步要求, each one numbered item. */
  readonly requirements: { heading: string; text: string }[];
  readonly issuer: string;
  /** 主送 (to whom), from the notice words. */
  readonly addressee: string;
  readonly issuedOn: string;
  /** 发文字号, 署名, 抄送, 印发机关 and 印发日期 (the 版头 and 版记). */
  readonly issue: NoticeIssue;
  /** The edition its figures are written for: the table's rows (noticeTableRow) follow it too. */
  readonly edition: EditionContents;
}

const byId = (a: UnitStat, b: UnitStat) => byCodeUnit(a.unitId, b.unitId);

/** Ranked units by docs/ rank (ties by unitId); units without anyone registered are not ranked. */
export function rankedUnits(units: readonly UnitStat[]): UnitStat[] {
  return units.filter((u) => u.rank !== null).sort((a, b) => a.rank! - b.rank! || byId(a, b));
}

/**
 * "A（85.0%）、B（80.0%）" — or the first ten and "等 N 个单位". In an edition without people a
 * rate from 1–4 qualified is its range and a small group's is not given (A（人数较少）).
 */
export function nameList(units: readonly UnitStat[], withRate = true, max = MAX_NAMED, e: EditionContents = edition()): string {
  const rate = (u: UnitStat) => (isSmallGroup(u.registered, e) ? SMALL_UNIT : rateAs(u.rate, u.qualified, u.registered, e));
  const named = units.slice(0, max).map((u) => (withRate ? `${u.unitName}（${rate(u)}）` : u.unitName)).join('、');
  return units.length > max ? `${named}等${units.length}个单位` : named;
}

/**
 * Leading and lagging units. With n ranked units, k = min(3, ⌊n/2⌋) on each side, so the two
 * lists never overlap; units tied with the k-th are included (a tie is not a lesser place).
 */
export function leadersAndLaggards(units: readonly UnitStat[]): { leading: UnitStat[]; lagging: UnitStat[] } {
  const ranked = rankedUnits(units);
  const k = Math.min(3, Math.floor(ranked.length / 2));
  if (k === 0) return { leading: [], lagging: [] };
  const kthRank = ranked[k - 1].rank!;
  const leading = ranked.filter((u) => u.rank! <= kthRank);
  const worstFirst = [...ranked].reverse();
  const kthWorst = worstFirst[k - 1].rank!;
  const lagging = worstFirst.filter((u) => u.rank! >= kthWorst && !leading.includes(u));
  // Leaders everyone ties with are no distinction worth publishing.
  if (leading.length === ranked.length) return { leading: [], lagging: [] };
  return { leading, lagging };
}

/** A drop as its 通报 sees it: its own summary and unit statistics, and its digest (drop.json). */
export interface NoticeDrop {
  readonly summary: SummaryFile;
  readonly units: readonly UnitStat[];
  readonly digest: DropDigest;
}

/** Units named among the largest rises (and among the falls). */
const MOVERS = 3;

/** A rate change in tenths of a point, as the notice prints rates (one decimal). */
const tenths = (now: number, before: number) => Math.round(now * 1000) - Math.round(before * 1000);
const points = (t: number) => `${(Math.abs(t) / 10).toFixed(1)}个百分点`;
const byName = (a: UnitStat, b: UnitStat) => byCodeUnit(a.unitName, b.unitName) || byId(a, b);

/**
 * 与上期相比: the 合格率 change (from the previous drop's summary), the people newly qualified
 * and those no longer qualified (drop.json), the units whose rate rose and fell most (in
 * points, ties by name; only units with people registered in both drops), and the units new
 * to the statistics. A period's first drop says it is the first 通报 of the period.
 */
export function comparisonWithPrevious(drop: NoticeDrop, previous: NoticeDrop | null, e: EditionContents = edition()): string[] {
  const plainInt = (n: number) => peopleCount(n, e);
  const d = drop.digest;
  if (!d.previous || !previous) {
    return [`本次通报为本期学习培训的首次通报（第${d.ordinal}期），此前无本期数据，不作与上期的比较。`];
  }
  const now = drop.summary.totals;
  const before = previous.summary.totals;
  const lines: string[] = [];
  const t = tenths(now.rate, before.rate);
  const head = `与上期通报（第${previous.digest.ordinal}期，数据截至${dayShort(previous.summary.asOf)}）相比，`;
  const registered = now.registered === before.registered ? ''
    : `注册参学人员由${plainInt(before.registered)}人${isSmallCount(before.registered, e) || isSmallCount(now.registered, e) ? '变为' : now.registered > before.registered ? '增加到' : '减少到'}${plainInt(now.registered)}人，`;
  // 较上期 (docs/site.md): a change is told only between rates both published as one value;
  // otherwise the two rates as published, without a direction or points.
  const exact = isExactRate(now.qualified, now.registered, e) && isExactRate(before.qualified, before.registered, e);
  const rate = !exact
    ? `全州合格率由${rateAs(before.rate, before.qualified, before.registered, e)}变为${rateAs(now.rate, now.qualified, now.registered, e)}`
    : t === 0
      ? `全州合格率与上期持平，均为${pct(now.rate)}`
      : `全州合格率由${pct(before.rate)}${t > 0 ? '提高' : '下降'}到${pct(now.rate)}，${t > 0 ? '上升' : '下降'}${points(t)}`;
  const newly = d.newlyQualified ?? 0;
  const lost = d.noLongerQualified ?? 0;
  lines.push(
    head + registered + rate + `；新增合格${plainInt(newly)}人`
    + (lost > 0 ? `，另有${plainInt(lost)}人上期已合格、本期未达到合格（如报告被退回），须按要求补齐` : '')
    + '。',
  );

  const was = new Map(previous.units.filter((u) => u.registered > 0).map((u) => [u.unitId, u]));
  const inBoth = drop.units.filter((u) => u.registered > 0 && was.has(u.unitId));
  // Only units whose rate is published as one value in both drops are compared (their change
  // in points would tell a count of 1–4 otherwise); the sentence says when some were left out.
  const exactBoth = (u: UnitStat) => isExactGroupRate(u.qualified, u.registered, e) && isExactGroupRate(was.get(u.unitId)!.qualified, was.get(u.unitId)!.registered, e);
  const compared = inBoth.filter(exactBoth).map((u) => ({ u, t: tenths(u.rate, was.get(u.unitId)!.rate) }));
  const leftOut = inBoth.length - compared.length;
  const rises = compared.filter((x) => x.t > 0).sort((a, b) => b.t - a.t || byName(a.u, b.u));
  const falls = compared.filter((x) => x.t < 0).sort((a, b) => a.t - b.t || byName(a.u, b.u));
  const named = (xs: typeof compared, word: string) => xs.slice(0, MOVERS).map((x) => `${x.u.unitName}（${word}${points(x.t)}）`).join('、');
  const movers: string[] = [];
  if (rises.length) movers.push(`合格率提高${rises.length > MOVERS ? '较多' : ''}的单位：${named(rises, '提高')}`);
  if (falls.length) movers.push(`合格率下降${falls.length > MOVERS ? '较多' : ''}的单位：${named(falls, '下降')}`);
  if (compared.length > 0 && !rises.length && !falls.length) movers.push(leftOut > 0 ? '列入比较的单位合格率均与上期持平' : '各单位合格率均与上期持平');
  if (leftOut > 0) movers.push(`${movers.length ? '另有' : ''}${leftOut}个单位人数较少或合格人数不足${SMALL_COUNT}人，合格率的变化不作比较`);
  const fresh = drop.units.filter((u) => u.registered > 0 && !was.has(u.unitId)).sort(byName);
  if (fresh.length) movers.push(`本期新纳入统计的单位：${nameList(fresh, false, MAX_NAMED, e)}`);
  if (movers.length) lines.push(movers.join('；') + '。');
  return lines;
}

/** The units table's header, as the web page and the Word document print it. */
export const NOTICE_TABLE_HEAD = ['排名', '单位', '注册', '合格', '优秀', '进行中', '不合格', '合格率', '优秀率', '人均学时'] as const;
/** The caption over the units table. */
export const NOTICE_TABLE_CAPTION = '各单位完成情况（按合格率排名）';

/**
 * One row of the units table, cell by cell (a coverage gap shows 未注册 instead of a rate). In
 * an edition without people (edition.ts) a small unit shows no breakdown and a count of 1 … 4
 * is "<5", its rate a range.
 */
export function noticeTableRow(u: UnitStat, e: EditionContents = edition()): string[] {
  const gap = u.rank === null;
  if (!e.people && !gap) {
    const n = (x: number) => publicCount(x, e);
    if (isSmallGroup(u.registered, e)) return [String(u.rank), u.unitName, n(u.registered), SMALL_GROUP_NOTE, '—', '—', '—', '—', '—', '—'];
    return [
      String(u.rank), u.unitName, n(u.registered), n(u.qualified), n(u.excellent), n(u.inProgress), n(u.failed),
      publicRate(u.qualified, u.registered, pct, e), publicRate(u.excellent, u.registered, pct, e), avg(u.avgHours),
    ];
  }
  // Nobody registered: "—", not 0 people, 0.0% or 0.00 学时 that read as failure.
  if (gap) return ['—', u.unitName, '0', '—', '—', '—', '—', '未注册', '—', '—'];
  return [
    String(u.rank), u.unitName, String(u.registered), String(u.qualified), String(u.excellent),
    String(u.inProgress), String(u.failed), pct(u.rate), pct(u.excellentRate), avg(u.avgHours),
  ];
}

/** 一、二、三 … for the sections, （一）（二）… for the numbered requirements. */
export const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;
export const numeral = (i: number) => NUMERALS[i] ?? String(i + 1);

/**
 * Where the units table goes (the web page decides by the number of units, site/lib/paging.ts
 * noticeAnnex; the Word document always keeps it in the body: Word has no page-size problem).
 */
export interface NoticeLayout {
  readonly tableInAnnex?: boolean;
}

/**
 * The 通报 of one drop. In an edition without people (edition.ts, docs/site.md) a count of 1–4
 * reads 不足5, a rate from it its range, a small unit's rate is not given, and a change since
 * the previous drop is told only between figures both published as numbers.
 */
export function buildNotice(
  summary: SummaryFile, units: readonly UnitStat[], since?: { drop: NoticeDrop; previous: NoticeDrop | null }, layout: NoticeLayout = {},
  e: EditionContents = edition(),
): NoticeModel {
  const tableInAnnex = layout.tableInAnnex ?? false;
  const plainInt = (n: number) => peopleCount(n, e);
  const rate = (r: number, count: number, of: number) => rateAs(r, count, of, e);
  const names = (us: readonly UnitStat[], withRate = true): string => nameList(us, withRate, MAX_NAMED, e);
  const { period, totals, byCategory, asOf } = summary;
  const words = noticeWords(period);
  const member = byCategory['党员'];
  const nonMember = byCategory['党外干部'];
  const ranked = rankedUnits(units);
  const gaps = units.filter((u) => u.rank === null).sort(byId);
  const { leading, lagging } = leadersAndLaggards(units);
  const belowAverage = ranked.filter((u) => u.rate < totals.rate).sort((a, b) => a.rate - b.rate || byId(a, b));
  const aboveAverage = ranked.filter((u) => u.rate > totals.rate);

  const overall: string[] = [];
  overall.push(
    `州直${plainNumber(totals.units)}个部门单位、${plainNumber(totals.branches)}个支部共注册参学人员${plainInt(totals.registered)}人，`
    + `其中党员${plainInt(member.registered)}人、党外干部${plainInt(nonMember.registered)}人。`,
  );
  overall.push(
    `已完成本期学习培训任务（合格）${plainInt(totals.qualified)}人，合格率${rate(totals.rate, totals.qualified, totals.registered)}，`
    + `其中评为优秀${plainInt(totals.excellent)}人，优秀率${rate(totals.excellentRate, totals.excellent, totals.registered)}；`
    + `正在学习（进行中）${plainInt(totals.inProgress)}人；未在规定时间内完成（不合格）${plainInt(totals.failed)}人。`
    + `参学人员人均取得${hours(totals.avgHours)}学时（本期应完成${hours(period.requiredHours)}学时）`
    + (totals.exempt > 0 ? `，其中${plainInt(totals.exempt)}人在${words.partySchool}参加本期培训合格，自动获得网上${hours(period.online.hours)}学时。` : '。'),
  );
  if (member.registered > 0 && nonMember.registered > 0) {
    // A category of 1–4 people (an edition without people) has no rate: it would give its count back.
    const catRate = (c: typeof member, name: string) => (isSmallCount(c.registered, e) ? `${name}人数较少，不公开合格率` : `${name}合格率${rate(c.rate, c.qualified, c.registered)}`);
    overall.push(`分类别看，${catRate(member, '党员')}，${catRate(nonMember, '党外干部')}。`);
  }
  if (gaps.length > 0) {
    // Not 另有: the units counted above include those nobody registered in (共N个单位，其中k个尚未注册).
    overall.push(`${plainNumber(totals.units)}个部门单位中，有${gaps.length}个单位尚未注册参学人员（${names(gaps, false)}），未实现“应培尽培”。`);
  }

  const unitLines: string[] = [];
  if (leading.length) unitLines.push(`合格率排名靠前的单位：${names(leading)}。`);
  if (lagging.length) unitLines.push(`合格率排名靠后的单位：${names(lagging)}。`);
  if (ranked.length) {
    unitLines.push(
      `全州平均合格率${rate(totals.rate, totals.qualified, totals.registered)}，${aboveAverage.length}个单位高于平均水平，${belowAverage.length}个单位低于平均水平`
      + (ranked.length - aboveAverage.length - belowAverage.length > 0 ? `，${ranked.length - aboveAverage.length - belowAverage.length}个单位与平均水平持平` : '')
      + (tableInAnnex ? '。各单位完成情况见附件。' : '。各单位完成情况见下表。'),
    );
  }

  const requirements: { heading: string; text: string }[] = [];
  const end = period.window.end;
  // The period has ended only after its last day: on window.end itself it is still running.
  const ended = summary.daysLeft === 0 && asOf > end;
  if (totals.inProgress === 0 && totals.failed === 0 && totals.registered > 0) {
    requirements.push({
      heading: '做好结业工作',
      text: '全州参学人员已全部完成本期学习培训任务。各支部要及时对标对表，填写《学习实践评估标准》，撰写《学习实践锻炼报告》向部门党委（党组）报告。',
    });
  } else if (!ended) {
    requirements.push({
      heading: '抓紧完成剩余任务',
      text: (summary.daysLeft > 0
        ? `距本期学习培训结束（${dayShort(end)}）还有${summary.daysLeft}天，尚有${plainInt(totals.inProgress)}人未完成。`
        : `今天（${dayShort(end)}）是本期学习培训的最后一天，尚有${plainInt(totals.inProgress)}人未完成。`)
        + '各支部要对照督学名单逐人督促，补齐网上学习（观看课件并评论）、线下学习和报告，确保按期结业。',
    });
  } else if (totals.inProgress > 0) {
    requirements.push({
      heading: '抓紧完成延期任务',
      text: `本期学习培训时间已于${dayShort(end)}结束。经支部研究同意延期的${plainInt(totals.inProgress)}人，`
        + `须在批准的延期时间内完成（最迟${dayShort(summary.latestDeadline)}），各支部要跟进督学。`,
    });
  }
  if (totals.failed > 0) {
    requirements.push({
      heading: '做好重新学习安排',
      text: `未在规定时间内完成的${plainInt(totals.failed)}人，按照通知要求须重新申报、重新学习，各支部要逐人落实。`,
    });
  }
  if (belowAverage.length > 0) {
    requirements.push({
      heading: '压实督学责任',
      text: `合格率低于全州平均水平（${rate(totals.rate, totals.qualified, totals.registered)}）的${names(belowAverage)}，要认真分析原因，`
        + '书记履行好“第一责任人”职责，党务专干履行好“具体责任人”职责，加大督学力度。',
    });
  }
  if (gaps.length > 0) {
    requirements.push({
      heading: '确保应培尽培',
      text: `尚未注册参学人员的${names(gaps, false)}，要抓紧完成参学人员学籍注册，实现单位党员干部学习培训“兜底式全覆盖”。`,
    });
  }
  // 10 points or more, compared exactly on the counts: 0.85 − 0.75 is 0.0999… in floats.
  const gapOf10Points = 10 * (member.qualified * nonMember.registered - nonMember.qualified * member.registered) >= member.registered * nonMember.registered;
  if (member.registered > 0 && nonMember.registered > 0 && gapOf10Points) {
    requirements.push({
      heading: '加强对党外干部的教育引导',
      text: (isSmallCount(member.registered, e) || isSmallCount(nonMember.registered, e)
        ? '党外干部合格率低于党员'
        : `党外干部合格率（${rate(nonMember.rate, nonMember.qualified, nonMember.registered)}）低于党员（${rate(member.rate, member.qualified, member.registered)}）`)
        + '，各支部要吸收党外干部参加集体学习，督促其完成主要学习培训任务。',
    });
  }
  requirements.push({
    heading: '抓好成果运用',
    text: `各支部要按照“点评审推”规程推出优秀报告。州直机关工委将把本期“党校到支部”完成情况作为${words.evaluation}重点内容进行评估。`,
  });

  return {
    title: noticeTitle(period),
    asOfDay: asOf,
    asOfLine: `（截至${dayLong(asOf)}）`,
    opening: `本期“党校到支部”学习培训时间为${dayShort(period.window.start)}至${dayShort(end)}。`
      + `根据“${words.issuer}”学习数据，现将截至${dayShort(asOf)}州直各部门单位完成情况通报如下。`,
    overall,
    comparison: since ? comparisonWithPrevious(since.drop, since.previous, e) : [],
    analysis: analysisSentences(summary, units, ANALYSIS_SENTENCES, e),
    units: unitLines,
    leading,
    lagging,
    belowAverage,
    table: [...ranked, ...gaps],
    tableInAnnex,
    requirements,
    issuer: words.issuer,
    addressee: words.addressee,
    issuedOn: dayLong(asOf),
    issue: noticeIssue(period, asOf),
    edition: e,
  };
}

// ---------------------------------------------------------------- 大数据分析 (docs/analysis.md)

/** What the 通报's 大数据分析 paragraph is written from: one drop's summary and units (as archived). */
export interface AnalysisInput {
  readonly summary: SummaryFile;
  readonly units: readonly UnitStat[];
  /** The edition the sentences are for (counts 1–4 and rates from them, edition.ts); default the one being built. */
  readonly edition?: EditionContents;
}

/**
 * One sentence of the paragraph (null: nothing to say). The paragraph is the list below in
 * order: another analysis adds its sentence by adding its function to ANALYSIS_SENTENCES (e.g.
 * 学时真实性's counts, from what its drop's archive keeps).
 */
export type AnalysisSentence = (input: AnalysisInput) => string | null;

/** Named units only with enough people that no count points at a person (docs/site.md). */
const NAMED_MIN_REGISTERED = 10;
const NAMED_MIN_PEOPLE = 5;

/** 完成漏斗: the stages, and where most people stop. */
export function funnelSentence({ summary, edition: e = edition() }: AnalysisInput): string | null {
  const f = summary.funnel;
  if (f.registered === 0) return null;
  const plainInt = (n: number) => peopleCount(n, e);
  const share = (n: number) => rateOf(n, f.registered, e);
  const stages: [string, number][] = [['已开始学习', f.started], ['网上学习达标', f.onlineMet], ['网上、线下学时均达标', f.onlineOfflineMet]];
  let worst: { from: string; to: string; lost: number; ends: [number, number] } | null = null;
  const all: [string, number][] = [['注册参学', f.registered], ...stages, ['合格', f.qualified]];
  for (let i = 1; i < all.length; i++) {
    const lost = all[i - 1][1] - all[i][1];
    if (lost > 0 && (!worst || lost > worst.lost)) worst = { from: all[i - 1][0], to: all[i][0], lost, ends: [all[i - 1][1], all[i][1]] };
  }
  // The number lost is the difference of two stages: told only when both are (a "不足5" stage would come back).
  const lostShown = worst && !isSmallCount(worst.ends[0], e) && !isSmallCount(worst.ends[1], e);
  return `大数据分析显示，从完成环节看，注册参学的${plainInt(f.registered)}人中，`
    + stages.map(([label, n]) => `${label}${plainInt(n)}人（${share(n)}）`).join('，')
    + `，合格${plainInt(f.qualified)}人（${share(f.qualified)}）`
    + (worst ? `；人员主要停留在“${worst.from}”到“${worst.to}”之间${lostShown ? `（${plainInt(worst.lost)}人）` : ''}` : '')
    + '。';
}

/** 预警: the counts, and the units where 难以按期完成 weighs most. */
export function outlookSentence({ summary, units, edition: e = edition() }: AnalysisInput): string | null {
  const plainInt = (n: number) => peopleCount(n, e);
  const o = summary.outlook;
  const total = o.unlikely + o.behind + o.onPace;
  if (total === 0) return null;
  const heavy = units
    .filter((u) => u.registered >= NAMED_MIN_REGISTERED && u.outlook.unlikely >= NAMED_MIN_PEOPLE)
    .sort((a, b) => b.outlook.unlikely / b.registered - a.outlook.unlikely / a.registered || byId(a, b))
    .slice(0, 3);
  return `按学习进度预警，尚未合格且仍在截止日期内的${plainInt(total)}人中，难以按期完成${plainInt(o.unlikely)}人、需加快进度${plainInt(o.behind)}人、可按期完成${plainInt(o.onPace)}人`
    + (heavy.length ? `；难以按期完成人员占比较高的单位是${heavy.map((u) => `${u.unitName}（${pct(u.outlook.unlikely / u.registered)}）`).join('、')}` : '')
    + '。';
}

/** 突击学习: the share of the credited viewing in the last days. */
export function cramSentence({ summary }: AnalysisInput): string | null {
  const c = summary.cram;
  if (c.seconds === 0 && c.share === 0) return null;
  const ended = summary.asOf > summary.period.window.end;
  const when = ended ? `学习培训结束前最后${c.days}天（${dayShort(c.from)}至${dayShort(c.to)}）` : `最近${c.days}天（${dayShort(c.from)}至${dayShort(c.to)}）`;
  // A third of the viewing in the last tenth of the window: crammed rather than spread.
  const crammed = ended && c.share >= 0.3;
  return `从学习节律看，全州网上观看计入时长的${pct(c.share)}集中在${when}`
    + (crammed ? '，临近截止“突击学习”现象较为明显，各支部要引导党员干部平时学、经常学。' : '。');
}

/** 学时真实性's rules as the 通报 names them (the site's labels, site/lib/integrity.ts). */
const INTEGRITY_WORDS: [keyof NonNullable<SummaryFile['integrity']>, string][] = [
  ['parallel', '并行播放'], ['daily-cap', '单日播放时长过长'], ['night', '深夜观看'], ['marathon', '长时间连续播放'], ['copy-paste', '评论雷同'],
];

/**
 * 学时真实性: how many people each rule flagged, when any did. A total, never a unit's or a
 * person's; a count of 1–4 reads 不足5人 in every edition (the 通报 is public).
 */
export function integritySentence({ summary, edition: e = edition() }: AnalysisInput): string | null {
  const plainInt = (n: number) => peopleCount(n, e);
  const counts = summary.integrity;
  if (!counts) return null;
  const fired = INTEGRITY_WORDS.filter(([r]) => counts[r] > 0);
  if (fired.length === 0) return null;
  const people = (n: number) => (n < 5 ? '不足5人' : `${plainInt(n)}人`);
  return `学时真实性核查发现，${fired.map(([r, w]) => `${w}${people(counts[r])}`).join('、')}，已提示所在单位逐一核实（不作为处理结论）。`;
}

/** The sentences of the paragraph, in order. */
export const ANALYSIS_SENTENCES: AnalysisSentence[] = [funnelSentence, outlookSentence, cramSentence, integritySentence];

/** The 通报's 大数据分析 paragraph: each sentence that has something to say. */
export function analysisSentences(
  summary: SummaryFile, units: readonly UnitStat[], sentences: readonly AnalysisSentence[] = ANALYSIS_SENTENCES, e: EditionContents = edition(),
): string[] {
  return sentences.map((f) => f({ summary, units, edition: e })).filter((x): x is string => x !== null);
}
