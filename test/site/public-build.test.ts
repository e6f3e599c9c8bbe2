/**
 * The public edition of the hand-made fixture (three drops of 16 people: 优秀 2, 进行中 2, a
 * 党外干部 category of 4, 合格 1 in the first drop), built for real from its JSON (no pipeline
 * run), read as a visitor reads it: the 通报 page, its .docx and an archived one, the overview's
 * 较上期 and the 通报 archive. No figure there may be a rate from 1–4 people as one value, or a
 * change since the previous drop that a "<5" would hide (docs/site.md, small groups).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocx } from '../helpers/docx.ts';
import { runTsx } from '../helpers/spawn.ts';
import { FIXTURE_DIR } from './fixture.ts';

const work = mkdtempSync(join(tmpdir(), 'xs-public-build-'));
const pub = join(work, 'dist-public');

beforeAll(() => {
  runTsx(['site/scripts/build.ts', '--json', FIXTURE_DIR, '--out', pub, '--edition', 'public', '--deploy', join(work, 'deploy')], 'build (public, fixture)', 300_000);
}, 320_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A page's visible text: tags dropped, entities of the few kinds the pages use decoded, spaces collapsed. */
const textOf = (file: string) => readFileSync(join(pub, file), 'utf8')
  .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '').replace(/<[^>]+>/g, ' ')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
  .replace(/\s+/g, ' ');
const docxText = (file: string) => {
  const d = readDocx(readFileSync(join(pub, file)));
  return [...d.paragraphs, ...d.rows.flat()].join('\n');
};

describe('the public edition of the fixture', () => {
  it('the 通报 (web page and .docx) gives 优秀率 from 2 people as a range and no rate for a category of 4', () => {
    for (const text of [textOf('notice/index.html'), docxText('notice/tongbao.docx')]) {
      expect(text).toContain('优秀率6.3%–25.0%');
      expect(text).not.toContain('12.5%');
      expect(text).toContain('党外干部人数较少，不公开合格率');
      expect(text).toContain('评为优秀不足5人');
      // Every unit is a small group: named without a rate, and no unit compared in points.
      expect(text).not.toMatch(/单位：[^。]*（\d+\.\d%）/);
      expect(text).toContain('4个单位人数较少或合格人数不足5人，合格率的变化不作比较');
    }
  });

  it('an archived 通报 compares with its previous drop without points when that one had 1 qualified', () => {
    for (const text of [textOf('notices/2020-01/2020-02-17/index.html'), docxText('notices/2020-01/2020-02-17/tongbao.docx')]) {
      expect(text).toContain('全州合格率由7.1%–28.6%变为35.7%');
      expect(text).not.toContain('个百分点');
    }
  });

  it('the overview hides 较上期 beside a "<5" and keeps it between published counts', () => {
    const html = readFileSync(join(pub, 'index.html'), 'utf8');
    const kpi = (label: string) => html.match(new RegExp(`<li class="kpi[^"]*"><span class="label">${label}</span>[\\s\\S]*?</li>`))?.[0] ?? '';
    // 优秀 2 → 2 and 进行中 9 → 2: no change told; 合格 5 → 8: ↑3人 from two published counts.
    expect(kpi('优秀')).toContain('title="人数较少，不公开变化"');
    expect(kpi('优秀')).not.toMatch(/12\.5%|持平/);
    expect(kpi('进行中')).toContain('title="人数较少，不公开变化"');
    expect(kpi('进行中')).not.toContain('减少7人');
    expect(kpi('合格（含优秀）')).toContain('较上期增加3人');
  });

  it('the 通报 archive: a first drop of 1 qualified as "<5" and its rate a range, the next drop’s change hidden', () => {
    const text = textOf('notices/index.html');
    expect(text).toContain('第 1 期 2020年2月7日 14 <5 7.1%–28.6% 首次统计');
    expect(text).toMatch(/第 2 期 2020年2月17日 14 5 35\.7% — /);
    expect(text).toContain('第 3 期 2020年2月24日 16 8 50.0% ↑ 上升 14.3个百分点');
  });
});
