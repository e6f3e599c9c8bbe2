/**
 * Properties that must hold on any dataset (fast-check): row order, duplicates, more viewing,
 * split segments, encodings and row numbers. Datasets are small and random: 4 people over 2
 * branches, 3 courses, a handful of sessions, viewing segments around the window's edges.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { QualityFile } from '../../pipeline/contract/outputs.ts';
import { encodeGb18030 } from '../../generate/gb18030.ts';
import { computeOutputs } from '../../pipeline/run.ts';
import { writeDataset } from '../helpers/files.ts';
import { PERIOD } from '../helpers/model.ts';

type Row = string[];
interface Data { [file: string]: { header: Row; rows: Row[] } }

const PEOPLE = ['P01', 'P02', 'P03', 'P04'];
const COURSES: Row[] = [['C1', '解读', '10', '是'], ['C2', '导读', '5', '是'], ['C3', '选修', '5', '否']];
const SESSIONS: Row[] = [['S1', 'B1', '2020-01-20', '学习一'], ['S2', 'B1', '2020-02-10', '学习二'], ['S3', 'B2', '2020-01-22', '学习三'], ['S4', 'B2', '2020-02-23', '学习四']];
const TEXTS = ['学习了', '认真学习全会精神，收获很大', '好', '“制度优势”讲得透彻，值得反复学习', '多行\n评论，也有逗号,和"引号"，足够长'];

const pad = (n: number) => String(n).padStart(2, '0');
/** Minutes from 2020-02-22 00:00 — a span that crosses the window end (02-23) and asOf (02-24). */
const stamp = (minutes: number) => {
  const day = 22 + Math.floor(minutes / 1440);
  const m = minutes % 1440;
  return `2020-02-${pad(day)} ${pad(Math.floor(m / 60))}:${pad(m % 60)}:00`;
};

const segment = fc.record({ person: fc.constantFrom(...PEOPLE), course: fc.constantFrom('C1', 'C2', 'C3'), start: fc.integer({ min: 0, max: 3 * 1440 - 30 }), length: fc.integer({ min: 1, max: 20 }) })
  .map((s): Row => [s.person, s.course, stamp(s.start), stamp(s.start + s.length)]);
const comment = fc.tuple(fc.constantFrom(...PEOPLE), fc.constantFrom('C1', 'C2'), fc.integer({ min: 0, max: 3 * 1440 - 1 }), fc.constantFrom(...TEXTS))
  .map(([p, c, t, text]): Row => [p, c, stamp(t), text]);
const attendance = fc.tuple(fc.constantFrom('S1', 'S2', 'S3', 'S4'), fc.constantFrom(...PEOPLE)).map(([s, p]): Row => [s, p]);
const selfStudy = fc.tuple(fc.constantFrom(...PEOPLE), fc.constantFrom('2020-01-20', '2020-02-24'), fc.constantFrom('是', '否', '')).map(([p, d, c]): Row => [p, d, '自学', c]);
const report = fc.tuple(fc.constantFrom(...PEOPLE), fc.constantFrom('党费日+报告', '心得体会'), fc.constantFrom('2020-01-31 10:00:00', '2020-02-23 23:00:00', '2020-02-24 09:00:00'));
const review = fc.tuple(fc.integer({ min: 0, max: 7 }), fc.constantFrom('2020-02-01 09:00:00', '2020-02-02 09:00:00'), fc.constantFrom('退回', '通过', '推荐'));

const dataArb = fc.record({
  views: fc.array(segment, { maxLength: 30 }),
  comments: fc.array(comment, { maxLength: 10 }),
  attendance: fc.array(attendance, { maxLength: 10 }),
  selfStudy: fc.array(selfStudy, { maxLength: 5 }),
  reports: fc.array(report, { maxLength: 8 }),
  reviews: fc.array(review, { maxLength: 8 }),
  exempt: fc.subarray(PEOPLE, { maxLength: 1 }),
}).map((d): Data => ({
  'units.csv': { header: ['单位编号', '单位名称'], rows: [['U1', '州财政局'], ['U2', '州教育局']] },
  'branches.csv': { header: ['支部编号', '支部名称', '单位编号'], rows: [['B1', '一支部', 'U1'], ['B2', '二支部', 'U2']] },
  'roster.csv': {
    header: ['人员编号', '姓名', '支部编号', '人员类别', '党校培训合格'],
    rows: PEOPLE.map((p, i) => [p, ['王芳', '艾力·买买提', '巴图·孟和', '刘洋'][i], i < 2 ? 'B1' : 'B2', i === 3 ? '党外干部' : '党员', d.exempt.includes(p) ? '是' : '否']),
  },
  'courses.csv': { header: ['课件编号', '课件名称', '时长(分钟)', '是否必修'], rows: COURSES },
  'sessions.csv': { header: ['场次编号', '支部编号', '日期', '主题'], rows: SESSIONS },
  'views.csv': { header: ['人员编号', '课件编号', '开始时间', '结束时间'], rows: d.views },
  'comments.csv': { header: ['人员编号', '课件编号', '评论时间', '评论内容'], rows: d.comments },
  'attendance.csv': { header: ['场次编号', '人员编号'], rows: d.attendance },
  'self_study.csv': { header: ['人员编号', '日期', '内容', '是否认定'], rows: d.selfStudy },
  'reports.csv': { header: ['报告编号', '人员编号', '类型', '提交时间'], rows: d.reports.map(([p, k, t], i) => [`R${i}`, p, k, t]) },
  'reviews.csv': { header: ['报告编号', '审核时间', '结果'], rows: d.reviews.filter(([r]) => r < d.reports.length).map(([r, t, v]) => [`R${r}`, t, v]) },
}));

const quote = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const csv = (t: { header: Row; rows: Row[] }) => [t.header, ...t.rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';

async function outputs(data: Data, encode: (text: string) => string | Uint8Array = (t) => t) {
  const files = Object.fromEntries(Object.entries(data).map(([name, t]) => [name, encode(csv(t))]));
  const period = { ...PERIOD, asOf: '2020-02-24' };
  return computeOutputs(writeDataset(files, period));
}
const stable = (o: Awaited<ReturnType<typeof outputs>>) => JSON.stringify([o['people.json'], o['units.json'], o['branches.json'], o['summary.json']]);
const people = (o: Awaited<ReturnType<typeof outputs>>) => o['people.json'].people;
const quality = (o: Awaited<ReturnType<typeof outputs>>) => o['quality.json'];
const EVENT_FILES = ['views.csv', 'comments.csv', 'attendance.csv', 'self_study.csv'];
const RUNS = { numRuns: 40 };

describe('properties', () => {
  it('shuffling the rows of event files leaves people, units, branches and summary byte-identical', async () => {
    await fc.assert(fc.asyncProperty(dataArb, fc.integer(), async (data, seed) => {
      const shuffled: Data = { ...data };
      let s = seed >>> 0;
      const rand = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
      for (const f of EVENT_FILES) {
        const rows = [...data[f].rows];
        for (let i = rows.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [rows[i], rows[j]] = [rows[j], rows[i]]; }
        shuffled[f] = { ...data[f], rows };
      }
      expect(stable(await outputs(shuffled))).toBe(stable(await outputs(data)));
    }), RUNS);
  });

  it('appending exact duplicates of event rows changes nothing but the duplicate counts', async () => {
    await fc.assert(fc.asyncProperty(dataArb, async (data) => {
      const doubled: Data = { ...data };
      for (const f of [...EVENT_FILES, 'reviews.csv']) doubled[f] = { ...data[f], rows: [...data[f].rows, ...data[f].rows] };
      const a = await outputs(data), b = await outputs(doubled);
      expect(stable(b)).toBe(stable(a));
      for (const f of [...EVENT_FILES, 'reviews.csv']) {
        const qa = quality(a).files[f], qb = quality(b).files[f];
        expect(qb.accepted).toBe(qa.accepted);
        expect(qb.rejected).toBe(qa.rejected * 2);
        expect(qb.duplicates).toBe(qa.rows + qa.duplicates);
      }
    }), RUNS);
  });

  it('hours stay within their bounds: online 0 or online.hours, total ≤ online.hours + cap, credit ≤ durations', async () => {
    await fc.assert(fc.asyncProperty(dataArb, async (data) => {
      for (const p of people(await outputs(data))) {
        expect([0, 4]).toContain(p.online.hours);
        expect(p.offline.hours).toBeLessThanOrEqual(4);
        expect(p.totalHours).toBeLessThanOrEqual(8);
        expect(p.online.creditedMinutes).toBeLessThanOrEqual(20);
        expect(p.totalHours).toBe(p.online.hours + p.offline.hours);
      }
    }), RUNS);
  });

  it('adding a view segment that overlaps no other course never lowers anyone\'s hours', async () => {
    await fc.assert(fc.asyncProperty(dataArb, segment, async (data, extra) => {
      const [pid, course, s, e] = extra;
      const clash = data['views.csv'].rows.some((r) => r[0] === pid && r[1] !== course && r[2] < e && s < r[3]);
      fc.pre(!clash);
      const before = people(await outputs(data));
      const after = people(await outputs({ ...data, 'views.csv': { ...data['views.csv'], rows: [...data['views.csv'].rows, extra] } }));
      after.forEach((p, i) => {
        expect(p.totalHours).toBeGreaterThanOrEqual(before[i].totalHours);
        expect(p.online.creditedMinutes).toBeGreaterThanOrEqual(before[i].online.creditedMinutes);
      });
    }), RUNS);
  });

  it('splitting a segment into two adjacent segments credits the same seconds', async () => {
    await fc.assert(fc.asyncProperty(dataArb, fc.nat(), async (data, pick) => {
      const rows = data['views.csv'].rows;
      fc.pre(rows.length > 0);
      const k = pick % rows.length;
      const [p, c, s, e] = rows[k];
      // Split at the midpoint minute when the segment is at least 2 minutes long.
      const minutes = (t: string) => (Number(t.slice(8, 10)) - 22) * 1440 + Number(t.slice(11, 13)) * 60 + Number(t.slice(14, 16));
      const a = minutes(s), b = minutes(e);
      fc.pre(b - a >= 2);
      // With another course playing alongside, who gets a second depends on order (docs/'s
      // sweep); a split creates a new start that can reorder ties — see the rule test
      // "splitting can move credit between parallel courses".
      fc.pre(!rows.some((r) => r[0] === p && r[1] !== c && r[2] < e && s < r[3]));
      const mid = stamp(a + Math.floor((b - a) / 2));
      const split = [...rows.slice(0, k), [p, c, s, mid], [p, c, mid, e], ...rows.slice(k + 1)];
      expect(JSON.stringify(people(await outputs({ ...data, 'views.csv': { ...data['views.csv'], rows: split } }))))
        .toBe(JSON.stringify(people(await outputs(data))));
    }), RUNS);
  });

  it('the same dataset in UTF-8 and in GB18030 gives identical outputs (but for the encoding)', async () => {
    await fc.assert(fc.asyncProperty(dataArb, async (data) => {
      const utf8 = await outputs(data);
      const gb = await outputs(data, encodeGb18030);
      expect(stable(gb)).toBe(stable(utf8));
      const q = quality(gb);
      expect(Object.values(q.files).filter((f) => f.present).every((f) => f.encoding === 'gb18030')).toBe(true);
      const strip = (x: QualityFile) => JSON.stringify({ ...x, files: Object.fromEntries(Object.entries(x.files).map(([k, f]) => [k, { ...f, encoding: null }])) });
      expect(strip(q)).toBe(strip(quality(utf8)));
    }), { numRuns: 20 });
  });

  it('every rejected row is listed with a row number that points at that row in the file', async () => {
    const broken = fc.constantFrom<Row>(
      ['BAD-P', 'C1', '2020-02-22 09:00:00', '2020-02-22 09:10:00'],
      ['P01', 'C1', '2020-02-30 09:00:00', 'BAD-DATE'],
      ['P01', 'C1', '2020-02-22 09:10:00', '2020-02-22 09:00:00'],
    );
    await fc.assert(fc.asyncProperty(dataArb, fc.array(fc.tuple(fc.nat(), broken), { maxLength: 5 }), async (data, inserts) => {
      const views = [...data['views.csv'].rows];
      // Also insert into comments, whose multi-line quoted texts shift physical lines.
      const comments = [...data['comments.csv'].rows];
      for (const [at, row] of inserts) {
        views.splice(at % (views.length + 1), 0, row);
        comments.splice(at % (comments.length + 1), 0, ['BAD-P', 'C1', '2020-02-22 09:00:00', '多行\n的坏行']);
      }
      const bad: Data = { ...data, 'views.csv': { ...data['views.csv'], rows: views }, 'comments.csv': { ...data['comments.csv'], rows: comments } };
      const q = quality(await outputs(bad));
      for (const f of ['views.csv', 'comments.csv']) {
        const records = Papa.parse<string[]>(csv(bad[f]), { skipEmptyLines: false }).data;
        for (const r of q.rejected.filter((x) => x.file === f)) {
          const record = records[r.row - 1];
          const original = bad[f].rows[r.row - 2];
          expect(record).toEqual(original);
          expect(record.join('|')).toMatch(/BAD|2020-02-30|09:10:00\|2020-02-22 09:00:00/);
        }
        expect(q.files[f].rejected).toBe(inserts.length);
      }
    }), RUNS);
  });
});
