/**
 * The people-table rows written as HTML strings (site/lib/rows-html.ts): every value from data
 * escaped as Astro escapes it, on the hostile fixture (names carrying <script>, ids like ../x).
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readSiteData } from '../../site/lib/data.ts';
import { chaseRowsHtml, esc, peopleRowsHtml, restudyRowsHtml, yearRowsHtml } from '../../site/lib/rows-html.ts';
import { restudyList } from '../../site/lib/ledger.ts';
import { followUpList } from '../../site/lib/missing.ts';
import { FIXTURE_DIR } from './fixture.ts';

const data = readSiteData(FIXTURE_DIR);
const table = (rows: string) => parseHTML(`<table><tbody>${rows}</tbody></table>`).document;

describe('rows as HTML strings', () => {
  it('esc escapes the five characters Astro escapes, and nothing else', () => {
    expect(esc(`<script>alert("x")</script> & 'y'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
    expect(esc('布阿依夏木·玉苏甫 0.5')).toBe('布阿依夏木·玉苏甫 0.5');
    expect(esc(3)).toBe('3');
  });

  it('every name, role and branch name reads back as text, one row per person, no element from data', () => {
    const hostile = data.people.filter((p) => /[<>&"']/.test(p.name + (p.role ?? '')));
    expect(hostile.length).toBeGreaterThan(0);
    for (const html of [peopleRowsHtml(data, data.people, true, true), chaseRowsHtml(data, data.people, 1)]) {
      const d = table(html);
      expect(d.querySelectorAll('tbody > tr')).toHaveLength(data.people.length);
      expect(d.querySelectorAll('script, img, iframe')).toHaveLength(0);
      const names = [...d.querySelectorAll('tbody > tr > td.nowrap:not(.seq)')].map((td) => td.textContent ?? '');
      for (const p of hostile) expect(names.some((n) => n.startsWith(p.name))).toBe(true);
    }
    const anchors = [...table(peopleRowsHtml(data, data.people, false, true)).querySelectorAll('tr')].map((r) => r.getAttribute('id'));
    expect(new Set(anchors).size).toBe(data.people.length);
    const chase = followUpList(data.people, data.period.requiredHours);
    const seq = [...table(chaseRowsHtml(data, chase, 41)).querySelectorAll('td.seq')].map((c) => c.textContent);
    expect(seq[0]).toBe('41');
    expect(seq).toHaveLength(chase.length);
  });

  it('the year and 重新学习 rows carry every period and link each branch under the base', () => {
    const ledger = data.ledger!;
    const d = table(yearRowsHtml(data, ledger, ledger.people, true));
    expect(d.querySelectorAll('tbody > tr')).toHaveLength(ledger.people.length);
    for (const r of d.querySelectorAll('tbody > tr')) expect(r.querySelectorAll('td[data-sort]').length).toBeGreaterThanOrEqual(ledger.periods.length);
    const list = restudyList(ledger);
    const r = table(restudyRowsHtml(data, ledger, list));
    expect(r.querySelectorAll('tbody > tr')).toHaveLength(list.length);
    for (const a of r.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^\/branches\/[a-z0-9_-]+\/$/);
    expect(r.querySelectorAll('script')).toHaveLength(0);
  });
});
