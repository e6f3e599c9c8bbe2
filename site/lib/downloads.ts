/**
 * The CSV downloads: all units, all branches, all people, one per unit with its people, and
 * every rejected row. Only published fields: the pipeline never emits phone or ID numbers,
 * and these tables name their columns explicitly (nothing is spread from a record).
 */
import type { PersonResult, QualityFile } from '../../pipeline/contract/outputs.ts';
import { csvFile, type Cell } from './csv.ts';
import type { SiteData } from './data.ts';
import { edition, isSmallCount, isSmallGroup, publicCount, publicRate, SMALL_GROUP_NOTE, type EditionContents } from './edition.ts';
import { pct } from './format.ts';
import { missingParts } from './missing.ts';

const TALLY_HEAD = ['注册人数', '合格人数', '优秀人数', '进行中', '不合格', '合格率', '优秀率', '人均学时', '排名', '预警：难以按期完成', '预警：需加快', '预警：按期可完成'];

type Group = SiteData['units'][number]['stat'] | SiteData['branches'][number]['stat'];

/**
 * The TALLY_HEAD cells of a unit or branch as the edition may publish them (edition.ts): in the
 * public edition a small group has its registered count and the note, a count of 1–4 is "<5"
 * and a rate from it a range; the full edition has every number.
 */
function tallyCells(g: Group, e: EditionContents): Cell[] {
  const all: Cell[] = [g.registered, g.qualified, g.excellent, g.inProgress, g.failed, g.rate, g.excellentRate, g.avgHours, g.rank ?? '未注册', g.outlook.unlikely, g.outlook.behind, g.outlook.onPace];
  if (e.people || g.registered === 0) return all;
  const n = (x: number) => (isSmallCount(x, e) ? publicCount(x, e) : x);
  if (isSmallGroup(g.registered, e)) return [n(g.registered), SMALL_GROUP_NOTE, '', '', '', '', '', '', g.rank ?? '未注册', '', '', ''];
  const rate = (x: number, r: number) => (isSmallCount(x, e) ? publicRate(x, g.registered, pct, e) : r);
  return [
    g.registered, n(g.qualified), n(g.excellent), n(g.inProgress), n(g.failed), rate(g.qualified, g.rate), rate(g.excellent, g.excellentRate),
    g.avgHours, g.rank ?? '未注册', n(g.outlook.unlikely), n(g.outlook.behind), n(g.outlook.onPace),
  ];
}

export function unitsCsv(data: SiteData, e: EditionContents = edition()): string {
  const n = (x: number) => (isSmallCount(x, e) ? publicCount(x, e) : x);
  return csvFile(
    ['单位编号', '单位名称', '上级党组织', '支部数', '党员', '党外干部', ...TALLY_HEAD],
    data.units.map(({ stat: u }): Cell[] => [
      u.unitId, u.unitName, u.parent, u.branchCount,
      ...(isSmallGroup(u.registered, e) ? ['', ''] : [n(u.members), n(u.nonMembers)]),
      ...tallyCells(u, e),
    ]),
  );
}

/** All branches; the 召集人 column only where the edition names conveners (site/lib/edition.ts). */
export function branchesCsv(data: SiteData, withConvener = true, e: EditionContents = edition()): string {
  const head = ['支部编号', '支部名称', '单位编号', '单位名称', '召集人', '集中学习场次', ...TALLY_HEAD];
  const rows = data.branches.map(({ stat: b, unit }): Cell[] => [
    b.branchId, b.branchName, b.unitId, unit.stat.unitName, b.convener, b.sessionsHeld,
    ...tallyCells(b, e),
  ]);
  if (withConvener) return csvFile(head, rows);
  return csvFile(head.filter((_, i) => i !== 4), rows.map((r) => r.filter((_, i) => i !== 4)));
}

export const PEOPLE_HEAD = [
  '人员编号', '姓名', '人员类别', '职务', '单位编号', '单位名称', '支部编号', '支部名称', '注册日期',
  '网上学时', '党校培训合格免修', '必修课件数', '看完课件数', '已评论课件数', '计入观看分钟',
  '线下学时', '集中学习次数', '自主学习', '合计学时', '已计报告', '应交报告', '推荐报告',
  '等级', '合格日期', '截止日期', '还差', '预警', '预警原因',
] as const;

export function peopleCsv(data: SiteData, people: readonly PersonResult[]): string {
  const titleOf = (id: string) => data.courseById.get(id)?.title ?? id;
  return csvFile(PEOPLE_HEAD, people.map((p): Cell[] => {
    const branch = data.branchById.get(p.branchId);
    const unit = data.unitById.get(p.unitId);
    const outlook = data.outlookOf.get(p.personId);
    return [
      p.personId, p.name, p.category, p.role, p.unitId, unit?.stat.unitName ?? '', p.branchId, branch?.stat.branchName ?? '', p.registeredOn ?? '',
      p.online.hours, p.online.exempt, p.online.coursesRequired, p.online.coursesWatched, p.online.coursesCommented, p.online.creditedMinutes,
      p.offline.hours, p.offline.sessions, p.offline.selfStudy, p.totalHours, p.reports.counted, p.reports.required, p.reports.recommended,
      p.grade, p.qualifiedOn ?? '', p.deadline, missingParts(p, titleOf, data.period.requiredHours).join('、'),
      outlook?.state ?? '', outlook?.reason ?? '',
    ];
  }));
}

export function rejectedCsv(quality: QualityFile): string {
  return csvFile(['文件', '行号', '列', '原因'], quality.rejected.map((r): Cell[] => [r.file, r.row, r.column ?? '', r.reason]));
}

/** Every anomaly as one row: kind, person or branch, unit, and the detail in words. */
export function anomaliesCsv(data: SiteData): string {
  const a = data.anomalies;
  const unitName = (id: string) => data.unitById.get(id)?.stat.unitName ?? '';
  const branchName = (id: string) => data.branchById.get(id)?.stat.branchName ?? '';
  const titleOf = (id: string) => data.courseById.get(id)?.title ?? id;
  const rows: Cell[][] = [];
  const person = (p: { personId: string; name: string; unitId: string; branchId: string }) =>
    [p.personId, p.name, p.unitId, unitName(p.unitId), p.branchId, branchName(p.branchId)];
  for (const p of a.parallelPlayback) {
    rows.push(['并行播放', ...person(p), `重叠 ${(p.seconds / 60).toFixed(1)} 分钟不计；课件：${p.courses.map(titleOf).join('、')}`]);
  }
  for (const c of a.shortComments) rows.push(['评论字数不足', ...person(c), `${titleOf(c.courseId)}：${c.chars} 字，${c.commentedAt}`]);
  for (const p of a.lateRegistrations) rows.push(['逾期注册', ...person(p), `注册日期 ${p.registeredOn}`]);
  for (const p of a.zeroActivity) rows.push(['无学习记录', ...person(p), '']);
  for (const b of a.branchesWithoutSession) {
    rows.push(['未组织集中学习', '', '', b.unitId, unitName(b.unitId), b.branchId, b.branchName, `注册 ${b.registered} 人`]);
  }
  for (const o of a.outsideWindow) rows.push(['不在学习时间内', '', '', '', '', '', '', `${o.file}：${o.events} 条`]);
  return csvFile(['类型', '人员编号', '姓名', '单位编号', '单位名称', '支部编号', '支部名称', '说明'], rows);
}
