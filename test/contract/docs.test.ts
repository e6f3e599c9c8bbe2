/**
 * The repository carries its own contract in docs/ (docs/README.md): every topic has its page,
 * the pages follow the schemas (every input column, every output file, every blocking code),
 * every link between them resolves, and nothing cites a document or tracker outside the
 * repository.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_FILES } from '../../pipeline/contract/inputs.ts';
import { BLOCKING_CODES, OUTPUT_FILES } from '../../pipeline/contract/outputs.ts';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
const pages = [...docs, 'README.md'];

describe('docs/ holds the contract', () => {
  it.each([
    ['inputs: files, columns, accepted forms, rejection', 'docs/data-format.md'],
    ['rules of one person', 'docs/rules.md'],
    ['output files', 'docs/outputs.md'],
    ['the site, editions and the small-group rule', 'docs/site.md'],
    ['glossary', 'docs/glossary.md'],
    ['drops, periods, the year, the history store', 'docs/drops.md'],
    ['the publish gate', 'docs/gate.md'],
    ['the analyses', 'docs/analysis.md'],
    ['the architecture', 'docs/architecture.md'],
    ['decisions where the contract is silent', 'docs/decisions.md'],
  ])('%s: %s, listed in the index', (_topic, page) => {
    expect(existsSync(join(root, page)), page).toBe(true);
    expect(read('docs/README.md')).toContain(`(${page.slice('docs/'.length)})`);
  });

  it('the index lists every page of docs/', () => {
    const index = read('docs/README.md');
    for (const page of docs.filter((p) => p !== 'docs/README.md')) expect(index, page).toContain(`(${page.slice('docs/'.length)})`);
  });

  it('cites nothing outside the repository: no SPEC, no issue numbers of a tracker', () => {
    for (const page of pages) {
      const text = read(page);
      expect(text, page).not.toMatch(/\bSPEC\b/);
      expect(text, page).not.toMatch(/\bissues? \d+/i);
      expect(text, page).not.toMatch(/(^|[\s(（])#\d+\b/m);
      expect(text, page).not.toMatch(/ARCHITECTURE\.md|shared\//);
    }
  });

  it('code, tests and benchmarks cite docs/, never SPEC or a tracker\'s issue numbers', () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n')
      .filter((f) => /\.(ts|mjs|astro|md|css|yml)$/.test(f) && !f.startsWith('test/fixtures/') && f !== 'test/contract/docs.test.ts');
    const citing = tracked.filter((f) => existsSync(join(root, f)) && (/\bSPEC\b/.test(read(f)) || /\bissues? #?\d+\b/i.test(read(f))));
    expect(citing).toEqual([]);
  });
});

describe('docs/data-format.md follows the contract', () => {
  const doc = read('docs/data-format.md');
  it.each(INPUT_FILES.map((f) => [f.name, f]))('documents every column of %s with its alias and requiredness', (_name, f) => {
    const line = doc.split('\n').find((l) => l.startsWith(`| \`${f.name}\``));
    expect(line, f.name).toBeDefined();
    for (const c of f.columns) {
      expect(line).toContain(`${c.zh} ${c.en}${c.required ? '\\*' : ''}`);
    }
  });
});

describe('docs/outputs.md and docs/gate.md follow the schemas', () => {
  it('every output file has its section', () => {
    const doc = read('docs/outputs.md');
    for (const name of [...Object.keys(OUTPUT_FILES), 'history.json', 'ledger.json']) expect(doc, name).toMatch(new RegExp(`^#+ .*${name.replace('.', '\\.')}`, 'm'));
  });

  it('every blocking code is explained', () => {
    const doc = read('docs/gate.md');
    for (const code of BLOCKING_CODES) expect(doc, code).toContain(`\`${code}\``);
  });
});

/** GitHub's anchor of a heading: lower case, punctuation but - and _ dropped, spaces to -. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

describe('links between the pages resolve', () => {
  it.each(pages)('%s', (page) => {
    const text = read(page);
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target)) continue;
      const [path, anchor] = target.split('#');
      const file = path === '' ? join(root, page) : resolve(root, dirname(page), path);
      expect(existsSync(file), `${page} → ${target}`).toBe(true);
      if (anchor && file.endsWith('.md')) {
        const anchors = readFileSync(file, 'utf8').split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => anchorOf(l.replace(/^#+ /, '')));
        expect(anchors, `${page} → ${target}`).toContain(anchor);
      }
    }
  });
});
