/**
 * Reading is exact before it is clever (docs/gate.md): period.json decoded like the CSVs (Notepad's
 * GBK "ANSI", UTF-8 with or without BOM, UTF-16 "Unicode"), a U+FFFD in it fatal; its ids and
 * report kinds NFKC-normalised without invisible characters; UTF-16 CSVs in either byte order;
 * messages with no raw control bytes; a vanished link and a folder we may not enter named as
 * what they are.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PERIOD } from '../../generate/sample-period.ts';
import { encodeGb18030 } from '../../generate/gb18030.ts';
import { FatalInputError } from '../../pipeline/ingest/errors.ts';
import { loadPeriod } from '../../pipeline/ingest/period-file.ts';
import { decodeWholeText, detectEncoding, sniffFormat, utf16Order } from '../../pipeline/ingest/decode.ts';
import { printable } from '../../pipeline/ingest/printable.ts';
import { fsProblem } from '../../pipeline/ingest/fs-problem.ts';
import { findDrops } from '../../pipeline/drops/root.ts';
import { ingestDataset } from '../../pipeline/ingest/dataset.ts';
import { writeDataset, BASE_FILES } from '../helpers/files.ts';

/** period.json as a person types it in Notepad: pretty-printed, CRLF line ends, Chinese words. */
const PERIOD_TEXT = JSON.stringify(SAMPLE_PERIOD, null, 2).replace(/\n/g, '\r\n');

function folderWith(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'xueshi-period-'));
  writeFileSync(join(dir, 'period.json'), bytes);
  return dir;
}

const utf16le = (text: string, bom = true) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string) => { const b = Buffer.from(text, 'utf16le'); b.swap16(); return Buffer.concat([Buffer.from([0xfe, 0xff]), b]); };

async function fatalOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(FatalInputError);
  return (e as Error).message;
}

describe('period.json is decoded like the CSVs', () => {
  const saved: [string, Uint8Array][] = [
    ['UTF-8 without BOM', Buffer.from(PERIOD_TEXT, 'utf8')],
    ['UTF-8 with BOM (Notepad\'s "UTF-8")', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PERIOD_TEXT, 'utf8')])],
    ['GBK (Notepad\'s "ANSI" on Chinese Windows)', encodeGb18030(PERIOD_TEXT)],
    ['UTF-16LE with BOM (Notepad\'s "Unicode")', utf16le(PERIOD_TEXT)],
    ['UTF-16BE with BOM (Notepad\'s "Unicode big endian")', utf16be(PERIOD_TEXT)],
    ['UTF-16LE without BOM', utf16le(PERIOD_TEXT, false)],
  ];
  for (const [how, bytes] of saved) {
    it(`${how}: the same rules, report kinds intact`, async () => {
      const period = await loadPeriod(folderWith(bytes));
      expect(period.reports.member.kind).toBe('党费日+报告');
      expect(period.reports.nonMember.kind).toBe('心得体会');
      expect(period.title).toBe(SAMPLE_PERIOD.title);
    });
  }

  it('the GBK file is really not UTF-8 (so the test above is a test): read as UTF-8 it would hold U+FFFD', () => {
    const gbk = encodeGb18030(PERIOD_TEXT);
    expect(new TextDecoder('utf-8').decode(gbk)).toContain('\ufffd');
    expect(detectEncoding(gbk)).toBe('gb18030');
  });

  it('a U+FFFD anywhere is fatal, naming period.json, the line and the likely cause', async () => {
    // A UTF-8 file with one broken character (a copy that lost a byte): read as UTF-8, one U+FFFD.
    const bytes = Buffer.from(PERIOD_TEXT, 'utf8');
    const at = bytes.indexOf(Buffer.from('心得体会'));
    const broken = Buffer.concat([bytes.subarray(0, at + 1), bytes.subarray(at + 2)]);
    expect(decodeWholeText(broken).encoding).toBe('utf-8');
    const message = await fatalOf(loadPeriod(folderWith(broken)));
    expect(message).toMatch(/^period\.json：第 \d+ 行有无法识别的字符/);
    expect(message).toContain('另一种编码保存');
    expect(message).toContain('编码选“UTF-8”');
    // A U+FFFD typed into the file itself (saved by a program that had already lost the character).
    const typed = Buffer.from(PERIOD_TEXT.replace('心得体会', '心得\ufffd会'), 'utf8');
    expect(await fatalOf(loadPeriod(folderWith(typed)))).toContain('无法识别的字符');
  });

  it('the pipeline exits 1 on it', () => {
    const dir = writeDataset({});
    writeFileSync(join(dir, 'period.json'), Buffer.from(PERIOD_TEXT.replace('心得体会', '心得\ufffd会'), 'utf8'));
    const out = mkdtempSync(join(tmpdir(), 'xueshi-out-'));
    rmSync(out, { recursive: true });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'pipeline/cli.ts', '--data', dir, '--out', out], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('period.json');
    expect(run.stderr).toContain('无法识别的字符');
  });

  it('ids, report kinds and days are NFKC-normalised without invisible characters; free text is only trimmed', async () => {
    const typed = {
      ...SAMPLE_PERIOD,
      id: '\u200b２０２０-01\u3000',
      title: '\ufeff党的十九届四中全会精神专题培训（第一期）\u200b ',
      window: { start: '２０２０-01-13', end: '2020-02-23\u2060' },
      reports: { member: { kind: '党费日\u200d＋报告 ', required: 2 }, nonMember: { kind: '\u3000心得体会', required: 1 } },
    };
    const period = await loadPeriod(folderWith(Buffer.from(JSON.stringify(typed), 'utf8')));
    expect(period.id).toBe('2020-01');
    expect(period.window).toEqual({ start: '2020-01-13', end: '2020-02-23' });
    expect(period.reports.member.kind).toBe('党费日+报告');
    expect(period.reports.nonMember.kind).toBe('心得体会');
    // Free text keeps its full-width brackets.
    expect(period.title).toBe('党的十九届四中全会精神专题培训（第一期）');
  });
});

describe('UTF-16 CSVs in either byte order, and messages without raw control bytes', () => {
  const roster = BASE_FILES['roster.csv'].replace(/,/g, '\t');

  it('UTF-16 is told by its BOM or, without one, by its NULs; binary content is still refused', () => {
    expect(utf16Order(utf16le(roster))).toBe('utf-16le');
    expect(utf16Order(utf16be(roster))).toBe('utf-16be');
    expect(utf16Order(utf16le(roster, false))).toBe('utf-16le');
    expect(utf16Order(Buffer.from(roster))).toBeNull();
    expect(() => sniffFormat('roster.csv', utf16be(roster))).not.toThrow();
    expect(() => sniffFormat('roster.csv', Buffer.from([1, 2, 0, 0, 0, 7, 0, 0, 9, 0, 1, 1]))).toThrow(/二进制/);
  });

  for (const [how, bytes] of [['UTF-16LE (Excel\'s "Unicode text")', utf16le(roster)], ['UTF-16BE', utf16be(roster)], ['UTF-16LE without BOM', utf16le(roster, false)]] as const) {
    it(`roster.csv saved as ${how} is read`, async () => {
      const { dataset, qualityTally } = await ingestDataset(writeDataset({ 'roster.csv': bytes }));
      expect(dataset.people.map((p) => p.person.name)).toEqual(['王芳', '巴图·孟和']);
      expect(qualityTally.file('roster.csv').encoding).toMatch(/^utf-16/);
    });
  }

  it('control characters become visible signs; tabs, line breaks and ordinary text stay', () => {
    expect(printable('表头“\u0000人\u0000员”\u0007\u001b[31m')).toBe('表头“\u2400人\u2400员”\u2407\u241b[31m');
    expect(printable('a\tb\nc')).toBe('a\tb\nc');
    expect(printable('P01\u200b')).toBe('P01<U+200B>');
    expect(printable('\u202eevil')).toBe('<U+202E>evil');
    expect(printable('巴图·孟和😀')).toBe('巴图·孟和😀');
    expect(printable('\ud800x')).toBe('<U+D800>x');
  });

  it('a header that cannot be read (UTF-16 forced as GBK) is quoted without a NUL or any control byte', async () => {
    const dir = writeDataset({ 'roster.csv': utf16le(roster) });
    const message = await fatalOf(ingestDataset(dir, { encodings: { 'roster.csv': 'gb18030' } }));
    expect(message).toContain('roster.csv');
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(message).toContain('\u2400');
  });
});

describe('the real cause, not "retry" or "no period.json"', () => {
  it('a data file that is a link to a file gone: named as a dangling link, not "retry"', async () => {
    const dir = writeDataset({ 'views.csv': null });
    symlinkSync(join(dir, 'gone', 'views.csv'), join(dir, 'views.csv'));
    const message = await fatalOf(ingestDataset(dir));
    expect(message).toContain('views.csv');
    expect(message).toContain('链接');
    expect(message).toContain(join(dir, 'gone', 'views.csv'));
    expect(message).not.toMatch(/请重试$/);
  });

  it('period.json that is a dangling link, and a drop folder that is one, are named', async () => {
    const single = mkdtempSync(join(tmpdir(), 'xueshi-link-'));
    symlinkSync(join(single, 'old', 'period.json'), join(single, 'period.json'));
    const m1 = await fatalOf(findDrops(single));
    expect(m1).toContain('链接');
    expect(m1).not.toContain('没有 period.json');

    const root = mkdtempSync(join(tmpdir(), 'xueshi-root-'));
    mkdirSync(join(root, 'a'));
    writeFileSync(join(root, 'a', 'period.json'), JSON.stringify({ ...SAMPLE_PERIOD, asOf: '2020-02-10' }));
    symlinkSync(join(root, 'moved-away'), join(root, 'b'));
    const m2 = await fatalOf(findDrops(root));
    expect(m2).toContain(join(root, 'b'));
    expect(m2).toContain('链接');
  });

  it('permission denied is classified as such (as root, permission bits stop nothing: the error is given as the file system gives it)', () => {
    const e = Object.assign(new Error('EACCES: permission denied, scandir'), { code: 'EACCES' });
    const p = fsProblem(e, '/data/2020-02', '文件夹');
    expect(p.kind).toBe('permission');
    expect(p.message).toContain('没有权限');
    expect(p.message).toContain('/data/2020-02');
    expect(fsProblem(Object.assign(new Error('x'), { code: 'EPERM' }), '/d/period.json', '文件').kind).toBe('permission');
    expect(fsProblem(Object.assign(new Error('x'), { code: 'ELOOP' }), '/d/x', '文件夹').kind).toBe('link-loop');
  });

  // Run as an ordinary user (nobody, via setpriv): root would read the folder anyway.
  it('a folder without read/execute permission: "没有权限", not "no period.json" (run as nobody)', () => {
    const root = mkdtempSync(join(tmpdir(), 'xueshi-perm-'));
    chmodSync(root, 0o755);
    mkdirSync(join(root, 'drop1'));
    writeFileSync(join(root, 'drop1', 'period.json'), JSON.stringify({ ...SAMPLE_PERIOD, asOf: '2020-02-10' }));
    chmodSync(join(root, 'drop1'), 0o700); // root's: nobody may not enter
    const script = `import { findDrops } from './pipeline/drops/root.ts'; try { await findDrops(${JSON.stringify(root)}); console.log('OK'); } catch (e) { console.log(e.message); }`;
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8', env: { ...process.env, HOME: tmpdir() } as NodeJS.ProcessEnv,
    });
    expect(out).toContain('没有权限');
    expect(out).toContain('drop1');
    expect(out).not.toContain('没有 period.json');
  });

  it('a dataset folder that may be entered but not listed (mode 711): its files cannot be found, and the message says why (run as nobody)', () => {
    const dir = writeDataset({});
    chmodSync(dir, 0o711);
    const script = `import { ingestDataset } from './pipeline/ingest/dataset.ts'; try { await ingestDataset(${JSON.stringify(dir)}); console.log('OK'); } catch (e) { console.log(e.message); }`;
    const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8', env: { ...process.env, HOME: tmpdir() } as NodeJS.ProcessEnv,
    });
    expect(out).toContain('无法列出数据目录');
    expect(out).toContain('没有权限');
    expect(out).not.toContain('缺少必需文件');
  });
});

describe('the publish gate quotes ids without control bytes', () => {
  it('a blocking problem naming an id with a NUL and a zero-width space shows them as signs', async () => {
    const { gate } = await import('../../pipeline/gate/gate.ts');
    const files = {
      'views.csv': { present: true, encoding: 'utf-8' as const, rows: 40, accepted: 0, rejected: 40, duplicates: 0, ignored: 0 },
      'roster.csv': { present: true, encoding: 'utf-8' as const, rows: 40, accepted: 40, rejected: 0, duplicates: 0, ignored: 0 },
    };
    const rejected = Array.from({ length: 40 }, (_, i) => ({ file: 'views.csv', row: i + 2, column: '人员编号', reason: `未知的人员编号“P\u0000${i}\u200b”` }));
    const result = gate({ files, rejected, unknownIds: [], knownIds: () => [] } as never);
    const message = result.blocking.map((b) => b.message).join('\n');
    expect(message).toContain('P\u24000<U+200B>');
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u200b]/);
  });
});
