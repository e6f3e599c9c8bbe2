import { describe, expect, it } from 'vitest';
import { countTicks, gradesChart, hoursChart, ratesChart, timelineChart, trendChart } from '../../site/charts/charts.ts';
import { chartDocument, labelWidth } from '../../site/charts/plot.ts';

const hostile = '<script>alert("x")</script>&局';

describe('charts', () => {
  it('render to SVG with a text alternative', () => {
    const svg = hoursChart([{ hours: 0, people: 3 }, { hours: 8, people: 5 }], 8);
    expect(svg.startsWith('<svg')).toBe(true);
    // The text alternative is the page's (Chart.astro); the drawing itself is hidden from screen readers.
    expect(svg).toContain('aria-hidden="true"');
  });

  it('escape data-bearing labels (names become text, never markup)', () => {
    const svg = ratesChart([{ name: hostile, rate: 0.5 }], 0.4)
      + gradesChart([{ name: hostile, excellent: 1, qualified: 2, inProgress: 1, failed: 0 }]);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
  });

  it('are deterministic and share one document', () => {
    const days = [{ date: '2020-01-13', qualified: 0, activeViewers: 1, creditedWatchHours: 0.5, comments: 0, attendance: 0 },
      { date: '2020-01-14', qualified: 2, activeViewers: 3, creditedWatchHours: 1, comments: 1, attendance: 2 }];
    const doc = chartDocument();
    expect(timelineChart(days, 10)).toBe(timelineChart(days, 10));
    expect(chartDocument()).toBe(doc);
    expect(doc.body.childNodes.length).toBe(0);
  });

  it('keep two groups with the same name apart', () => {
    const svg = gradesChart([
      { name: '机关支部', excellent: 0, qualified: 1, inProgress: 0, failed: 0 },
      { name: '机关支部', excellent: 0, qualified: 0, inProgress: 0, failed: 1 },
    ]);
    expect(svg.match(/>机关支部</g)).toHaveLength(2);
  });

  it('size the left margin for Chinese labels', () => {
    expect(labelWidth(['州委组织部'])).toBeGreaterThanOrEqual(5 * 12);
    expect(labelWidth(['x'.repeat(100)])).toBe(240);
  });

  it('tick counts at whole numbers', () => {
    expect(countTicks(2)).toEqual([0, 1, 2]);
    expect(countTicks(1500, 5)).toEqual([0, 500, 1000, 1500]);
    expect(countTicks(0)).toEqual([0]);
    expect(countTicks(37, 4).every(Number.isInteger)).toBe(true);
  });
});

describe('charts of an empty period', () => {
  it('render without data', async () => {
    const { activityChart, coursesChart } = await import('../../site/charts/charts.ts');
    for (const svg of [timelineChart([], 0), activityChart([]), hoursChart([], 8), ratesChart([], 0), gradesChart([]), coursesChart([])]) {
      expect(svg.startsWith('<svg')).toBe(true);
    }
  });
});

describe('the trend across drops', () => {
  const point = (periodId: string, asOf: string, ordinal: number, rate: number) => ({ periodId, asOf, ordinal, rate, overall: rate / 2 });
  const titles = new Map([['2020-01', hostile], ['2020-02', '第二期']]);

  it('one period: one line, no boundary; labels 第N期 and the day; titles escaped', () => {
    const svg = trendChart([point('2020-01', '2020-02-07', 1, 0.2), point('2020-01', '2020-02-17', 2, 0.6)], titles);
    expect(svg).toContain('第1期');
    expect(svg).toContain('2月17日');
    expect(svg).not.toContain('stroke-dasharray="2,3"');
    expect(svg).not.toContain('<script');
  });

  it('two periods: a boundary rule, and the new period’s line is not joined to the old one', () => {
    const one = trendChart([point('2020-01', '2020-02-07', 1, 0.2), point('2020-01', '2020-02-17', 2, 0.6), point('2020-01', '2020-02-24', 3, 0.7)], titles);
    const two = trendChart([point('2020-01', '2020-02-07', 1, 0.2), point('2020-01', '2020-02-17', 2, 0.6), point('2020-02', '2020-05-18', 1, 0.1)], titles);
    expect(two).toContain('stroke-dasharray="2,3"');
    expect(two).toContain('第二期');
    // The rate line's group holds one path per period: three drops joined, or two and one apart.
    const paths = (svg: string) => [...(svg.match(/<g[^>]*stroke="#1f4e79"[^>]*>(.*?)<\/g>/s)?.[1] ?? '').matchAll(/ d="([^"]*)"/g)].map((m) => m[1]);
    const vertices = (d: string) => d.replace(/Z$/, '').split(/[ML]/).filter(Boolean).length;
    expect(paths(one).map(vertices)).toEqual([3]);
    expect(paths(two).map(vertices)).toEqual([2, 1]);
  });
});
