/**
 * Columns the contract does not name (ID-card and phone numbers above all) never reach an
 * output, whatever the roster's encoding.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeGb18030 } from '../../generate/gb18030.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { readOutputTree } from '../helpers/outputs.ts';
import { writeDataset } from '../helpers/files.ts';

const ROSTER = '人员编号,姓名,身份证号,支部编号,人员类别,手机号,家庭住址\r\nP01,王芳,65280119900101123X,B1,党员,13912345678,库尔勒市人民路1号\r\nP02,巴图·孟和,652801198502023456,B1,群众,15987654321,库尔勒市建设路2号\r\n';
const SECRETS = ['65280119900101123X', '13912345678', '652801198502023456', '15987654321', '人民路', '建设路'];
/** An 18-character resident ID or an 11-digit mainland mobile number anywhere in a text. */
const ID_OR_PHONE = /(?<!\d)(\d{17}[\dX]|1[3-9]\d{9})(?!\d)/;

async function outputsOf(roster: string | Uint8Array): Promise<string[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'xueshi-privacy-')), 'out');
  await runPipeline(writeDataset({ 'roster.csv': roster }), out);
  return Object.values(readOutputTree(out));
}

describe('privacy', () => {
  it.each([['UTF-8', ROSTER], ['GB18030', encodeGb18030(ROSTER)]] as const)('a %s roster with 身份证号, 手机号 and 家庭住址 leaks none of them', async (_name, roster) => {
    const texts = await outputsOf(roster);
    expect(texts.join('\n')).toContain('巴图·孟和');
    for (const t of texts) {
      for (const s of SECRETS) expect(t).not.toContain(s);
      expect(t).not.toMatch(ID_OR_PHONE);
    }
  });
  it('the committed sample (whose roster carries such columns) leaks none either', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'xueshi-privacy-')), 'out');
    await runPipeline('data/sample', out);
    for (const [f, text] of Object.entries(readOutputTree(out))) expect(text, f).not.toMatch(ID_OR_PHONE);
  });
});
