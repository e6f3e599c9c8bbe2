import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INPUT_FILES } from '../../pipeline/contract/inputs.ts';

describe('docs/data-format.md follows the contract', () => {
  const doc = readFileSync('docs/data-format.md', 'utf8');
  it.each(INPUT_FILES.map((f) => [f.name, f]))('documents every column of %s with its alias and requiredness', (_name, f) => {
    const line = doc.split('\n').find((l) => l.startsWith(`| \`${f.name}\``));
    expect(line, f.name).toBeDefined();
    for (const c of f.columns) {
      expect(line).toContain(`${c.zh} ${c.en}${c.required ? '\\*' : ''}`);
    }
  });
});
