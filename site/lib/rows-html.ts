/**
 * The body rows of the people tables as HTML strings. At 200,000 people the site renders
 * about a million such rows (each person on the unit's and the branch's lists and their
 * year); Astro's component rendering costs ~0.1 ms a row (escaping and async rendering of
 * every expression), a string template a few µs — the difference between a 2-minute and a
 * 30-second build. The components (PeopleTable, YearPeopleTable, ChaseTable, RestudyList)
 * keep their headers and captions in Astro and put these rows in with set:html; every value
 * from data passes through esc(), exactly as Astro would escape it.
 */
import type { LedgerFile, PersonResult, UnitStat } from '../../pipeline/contract/outputs.ts';
import type { SiteData } from './data.ts';
import { personAnchor } from './data.ts';
import { dayShort, daysBetween, hours, withinUnit } from './format.ts';
import type { LedgerPerson } from './ledger.ts';
import { lackText, missingParts } from './missing.ts';
import { noticeTableRow } from './notice.ts';
import type { EditionContents } from './edition.ts';
import { branchPath, href } from './paths.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const UNSAFE = /[&<>"']/g;

/** Text or attribute value from data, escaped for HTML (what Astro does to every expression). */
export function esc(value: string | number): string {
  const s = String(value);
  return UNSAFE.test(s) ? s.replace(UNSAFE, (c) => ESCAPES[c]) : s;
}

/** A row as Astro wrote it: cells separated by a space (so text read from the row keeps its gaps). */
const row = (cells: string[], attrs = '') => `<tr${attrs}> ${cells.filter(Boolean).join(' ')} </tr>`;

const GRADE_ORDER = ['不合格', '进行中', '合格', '优秀'];
const grade = (g: string) => `<span class="grade grade-${esc(g)}">${esc(g)}</span>`;

/** The branch cell of a unit's lists: the branch name within the unit, linked. */
function branchCell(data: SiteData, branchId: string): string {
  const branch = data.branchById.get(branchId);
  if (!branch) return `<td class="branch" data-label="支部">${esc(branchId)}</td>`;
  return `<td class="branch" data-label="支部"><a href="${esc(href(branchPath(branch.slug)))}">${esc(withinUnit(branch.stat.branchName, branch.unit.stat.unitName))}</a></td>`;
}

/** PeopleTable: hours, reports, grade, 还差 and deadline of each person. */
export function peopleRowsHtml(data: SiteData, people: readonly PersonResult[], showBranch: boolean, anchors: boolean): string {
  const { period } = data;
  const titleOf = (id: string) => data.courseById.get(id)?.title ?? id;
  const windowEnd = period.window.end;
  let out = '';
  for (const p of people) {
    const o = p.online;
    const f = p.offline;
    out += row([
      `<td class="nowrap">${esc(p.name)}${p.role ? `<small> ${esc(p.role)}</small>` : ''}</td>`,
      showBranch ? branchCell(data, p.branchId) : '',
      `<td class="nowrap" data-label="类别">${esc(p.category)}</td>`,
      `<td class="num" data-label="网上学时" data-sort="${o.hours}"> ${esc(hours(o.hours))} <br><small>${o.exempt ? '党校合格免修' : `看完 ${o.coursesWatched}/${o.coursesRequired} · 评论 ${o.coursesCommented}/${o.coursesRequired}`}</small> </td>`,
      `<td class="num" data-label="线下学时" data-sort="${f.hours}"> ${esc(hours(f.hours))} <br><small>集中 ${f.sessions} 次${f.selfStudy ? ' · 自学' : ''}</small> </td>`,
      `<td class="num" data-label="合计" data-sort="${p.totalHours}">${esc(hours(p.totalHours))}</td>`,
      `<td class="num" data-label="报告" data-sort="${p.reports.counted}"> ${p.reports.counted}/${p.reports.required} ${p.reports.recommended > 0 ? `<br><small>推荐 ${p.reports.recommended}</small>` : ''} </td>`,
      `<td data-label="等级" data-sort="${GRADE_ORDER.indexOf(p.grade)}">${grade(p.grade)}</td>`,
      `<td class="lack">${esc(lackText(p, titleOf, period.requiredHours))}</td>`,
      `<td class="nowrap" data-label="截止" data-sort="${esc(p.deadline)}">${esc(dayShort(p.deadline))}${p.deadline > windowEnd ? ' <span class="tag ext">延期</span>' : ''}</td>`,
    ], anchors ? ` id="${esc(personAnchor(p.personId))}"` : '');
  }
  return out;
}

/** The 预警 cell: the state, and why (the reason after what is missing, which 还差 already says). */
export function outlookCell(data: SiteData, p: PersonResult): string {
  const o = data.outlookOf.get(p.personId);
  if (!o) return `<td class="risk-cell" data-label="预警" data-sort="9">${p.grade === '不合格' ? '<small>已过截止日期</small>' : '—'}</td>`;
  const cut = o.reason.indexOf('；');
  const why = cut >= 0 ? o.reason.slice(cut + 1) : o.reason;
  return `<td class="risk-cell" data-label="预警" data-sort="${o.risk}"><span class="risk risk-${OUTLOOK_CLASS[o.state]}">${esc(o.state)}</span><br><small>${esc(why)}</small></td>`;
}
const OUTLOOK_CLASS: Record<string, string> = { 难以按期完成: 'unlikely', 需加快: 'behind', 按期可完成: 'onpace' };

/** ChaseTable: a branch's 督学 list, numbered from `first`. */
export function chaseRowsHtml(data: SiteData, people: readonly PersonResult[], first: number): string {
  const { period, asOf } = data;
  const titleOf = (id: string) => data.courseById.get(id)?.title ?? id;
  let out = '';
  people.forEach((p, i) => {
    const left = daysBetween(asOf, p.deadline);
    out += row([
      `<td class="num seq">${first + i}</td>`,
      `<td class="nowrap">${esc(p.name)}</td>`,
      outlookCell(data, p),
      `<td class="nowrap" data-label="类别">${esc(p.category)}</td>`,
      `<td class="num" data-label="已得学时" data-sort="${p.totalHours}">${esc(hours(p.totalHours))} / ${esc(hours(period.requiredHours))}<br><small>网上 ${esc(hours(p.online.hours))} · 线下 ${esc(hours(p.offline.hours))}</small></td>`,
      `<td class="lack" data-label="还差">${esc(missingParts(p, titleOf, period.requiredHours).join('、') || '—')}</td>`,
      `<td class="nowrap" data-label="截止" data-sort="${esc(p.deadline)}">${esc(dayShort(p.deadline))}${p.deadline > period.window.end ? ' <span class="tag ext">延期</span>' : ''}<br><small>${left >= 0 ? `剩 ${left} 天` : `已过 ${-left} 天`}</small></td>`,
      `<td data-label="状态"><span class="grade grade-${esc(p.grade)}">${p.grade === '不合格' ? '不合格（须重新学习）' : esc(p.grade)}</span></td>`,
    ]);
  });
  return out;
}

/** YearPeopleTable: each person's grade per period of the year, credited and remaining hours. */
export function yearRowsHtml(data: SiteData, ledger: LedgerFile, people: readonly LedgerPerson[], showBranch: boolean): string {
  const titleOf = new Map(ledger.periods.map((p) => [p.periodId, p.title]));
  let out = '';
  for (const p of people) {
    const cells = ledger.periods.map((period, i) => {
      const x = p.periods.find((y) => y.periodId === period.periodId);
      return `<td data-label="第${i + 1}期" data-sort="${x ? GRADE_ORDER.indexOf(x.grade) : -1}"> `
        + (x ? `${grade(x.grade)} <small>${esc(hours(x.totalHours))} 学时</small>` : '<small>未注册</small>') + ' </td>';
    });
    out += row([
      `<td class="nowrap">${esc(p.name)}</td>`,
      showBranch ? branchCell(data, p.branchId) : '',
      ...cells,
      // 其他培训学时 (other_training.csv), a column only when the data root has the file.
      ledger.otherTraining ? `<td class="num" data-label="其他培训" data-sort="${p.otherHours ?? 0}">${p.otherHours ? `${esc(hours(p.otherHours))} 学时` : '—'}</td>` : '',
      `<td class="num" data-label="已得学时" data-sort="${p.creditedHours + (p.otherHours ?? 0)}">${esc(hours(p.creditedHours + (p.otherHours ?? 0)))} / ${esc(hours(ledger.annualRequiredHours))}</td>`,
      `<td class="num" data-label="还差" data-sort="${p.remainingHours}">${p.remainingHours > 0 ? `${esc(hours(p.remainingHours))} 学时` : '已满'}</td>`,
      `<td data-label="重新学习">${p.restudy.length ? esc(p.restudy.map((id) => titleOf.get(id) ?? id).join('、')) : '—'}</td>`,
    ]);
  }
  return out;
}

/** RestudyList: one unit's people to re-study. */
export function restudyRowsHtml(data: SiteData, ledger: LedgerFile, people: readonly LedgerPerson[]): string {
  const titleOf = new Map(ledger.periods.map((p) => [p.periodId, p.title]));
  let out = '';
  for (const p of people) {
    const branch = data.branchById.get(p.branchId);
    out += row([
      `<td class="nowrap">${esc(p.name)}</td>`,
      `<td data-label="支部">${branch ? `<a href="${esc(href(branchPath(branch.slug)))}">${esc(branch.stat.branchName)}</a>` : esc(p.branchId)}</td>`,
      `<td class="nowrap" data-label="类别">${esc(p.category)}</td>`,
      `<td data-label="须重新学习">${esc(p.restudy.map((id) => titleOf.get(id) ?? id).join('、'))}</td>`,
      `<td class="num" data-label="已得 / 还差">${esc(hours(p.creditedHours))} / ${esc(hours(p.remainingHours))}</td>`,
    ]);
  }
  return out;
}

/**
 * The 通报's units table rows (its body's, or its annex's at a province's ~2,900 units): each
 * cell of noticeTableRow, the unit's name left-aligned. No scoping attribute per cell, so a row
 * is ≈ 0.2 KB, not ≈ 0.43 KB.
 */
export function noticeRowsHtml(units: readonly UnitStat[], e?: EditionContents): string {
  let out = '';
  for (const u of units) out += `<tr>${noticeTableRow(u, e).map((c, i) => `<td${i === 1 ? ' class="name"' : ''}>${esc(c)}</td>`).join('')}</tr>`;
  return out;
}
