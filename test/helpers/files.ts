/**
 * Files on disk for tests: datasets (a temp folder with period.json and the four required
 * files, small defaults, any file overridable as text or bytes), and every file below a folder.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { PERIOD } from './model.ts';

export const BASE_FILES: Record<string, string> = {
  'units.csv': '单位编号,单位名称,上级党组织\nU1,州财政局,州直机关工委\n',
  'branches.csv': '支部编号,支部名称,单位编号,召集人\nB1,机关党支部,U1,张伟\n',
  'roster.csv': '人员编号,姓名,支部编号,人员类别,注册日期,党校培训合格,职务\nP01,王芳,B1,党员,2020-01-15,否,科员\nP02,巴图·孟和,B1,群众,2020-01-15,否,\n',
  'courses.csv': '课件编号,课件名称,时长(分钟),是否必修\nC1,四中全会精神解读,30,是\n',
};

export function writeDataset(files: Record<string, string | Uint8Array | null>, period: object = PERIOD): string {
  const dir = mkdtempSync(join(tmpdir(), 'xueshi-'));
  writeFileSync(join(dir, 'period.json'), JSON.stringify(period));
  for (const [name, content] of Object.entries({ ...BASE_FILES, ...files })) {
    if (content !== null) writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Every file below `dir` (not folders), as sorted '/'-separated paths relative to it. */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}
