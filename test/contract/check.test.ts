/**
 * The checks compiled from the output schemas: when one says yes, zod would return exactly
 * the value given (so writing it as it is changes no byte); it says yes to what the pipeline
 * really writes (or it would spare nothing); and anything doubtful gets a no, leaving it to zod.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileCheck } from '../../pipeline/contract/check.ts';
import { OUTPUT_FILES, type OutputName } from '../../pipeline/contract/outputs.ts';
import { computeOutputs } from '../../pipeline/run.ts';
import type { Outputs } from '../../pipeline/emit/write.ts';
import { prettyPieces, serialise } from '../../pipeline/emit/write.ts';

let outputs: Outputs;
beforeAll(async () => { outputs = await computeOutputs('test/fixtures/tiny'); });

const names = Object.keys(OUTPUT_FILES) as OutputName[];
const clone = <T>(v: T): T => structuredClone(v);
/** zod's own verdict and output, serialised: the reference. */
const viaZod = (name: OutputName, v: unknown) => {
  const r = OUTPUT_FILES[name].safeParse(v);
  return r.success ? JSON.stringify(r.data) : null;
};

describe('compiled output checks', () => {
  it('compile for every file but summary.json (its period schema refines), and pass what the pipeline writes', () => {
    for (const name of names) {
      const check = compileCheck(OUTPUT_FILES[name]);
      if (name === 'summary.json') { expect(check).toBeNull(); continue; }
      expect(check, name).not.toBeNull();
      expect(check!(outputs[name]), name).toBe(true);
      expect(JSON.stringify(outputs[name])).toBe(viaZod(name, outputs[name]));
    }
  });

  it('say no to what zod would refuse, strip or reorder', () => {
    const check = compileCheck(OUTPUT_FILES['people.json'])!;
    const people = outputs['people.json'] as { people: Record<string, unknown>[] };
    const variants: [string, (p: Record<string, unknown> & { online: Record<string, unknown> }) => void][] = [
      ['NaN hours', (p) => { p.totalHours = NaN; }],
      ['infinite hours', (p) => { p.online.hours = Infinity; }],
      ['fractional count', (p) => { p.online.coursesWatched = 1.5; }],
      ['negative count', (p) => { p.online.coursesRequired = -1; }],
      ['unknown grade', (p) => { p.grade = '良好'; }],
      ['bad day', (p) => { p.deadline = '2020/2/23'; }],
      ['extra key', (p) => { p.idCard = '110101199001011234'; }],
      ['missing key', (p) => { delete p.role; }],
      ['keys out of order', (p) => { const name = p.name; delete p.name; p.name = name; }],
      ['undefined value', (p) => { p.registeredOn = undefined; }],
      ['null not allowed', (p) => { p.branchId = null; }],
      ['hole in an array', (p) => { (p.missing as { watch: unknown[] }).watch = [, 'C1']; }], // eslint-disable-line no-sparse-arrays
      ['class instance', (p) => { p.online = Object.assign(new (class X {})(), p.online); }],
    ];
    for (const [what, change] of variants) {
      const file = clone(people);
      change(file.people[0] as never);
      expect(check(file), what).toBe(false);
    }
  });

  it('never says yes where zod would return something else (random changes)', () => {
    const json: fc.Arbitrary<unknown> = fc.oneof(
      fc.constantFrom(null, undefined, NaN, Infinity, -1, 0, 1.5, 2, '', 'x', '2020-01-13', '优秀', '党员', true, false, []),
      fc.constant({}),
    );
    for (const name of names.filter((n) => n !== 'summary.json')) {
      const check = compileCheck(OUTPUT_FILES[name])!;
      fc.assert(fc.property(fc.array(fc.tuple(fc.nat(), json), { minLength: 1, maxLength: 3 }), (changes) => {
        const value = clone(outputs[name]) as Record<string, unknown>;
        for (const [pick, replacement] of changes) {
          // Walk to a random object or array inside the value and replace one of its entries.
          let node: Record<string, unknown> = value, seed = pick;
          for (;;) {
            const keys = Object.keys(node);
            if (keys.length === 0) break;
            const key = keys[seed % keys.length];
            seed = Math.floor(seed / keys.length);
            const child = node[key];
            if (seed % 3 === 0 || typeof child !== 'object' || child === null) { node[key] = replacement; break; }
            node = child as Record<string, unknown>;
          }
        }
        if (check(value)) expect(JSON.stringify(value)).toBe(viaZod(name, value));
      }), { numRuns: 300 });
    }
  });

  it('compile to null for what they do not know, and handle the rest of zod\'s subset', () => {
    expect(compileCheck(z.string().email())).toBeNull();
    // An optional key (quality.json's parts, a rejection's part): absent or valid, in the shape's order.
    const opt = compileCheck(z.object({ a: z.string().optional(), b: z.number(), c: z.string().optional() }))!;
    expect([opt({ b: 1 }), opt({ a: 'x', b: 1 }), opt({ b: 1, c: 'y' }), opt({ a: 'x', b: 1, c: 'y' })]).toEqual([true, true, true, true]);
    expect([opt({ b: 1, a: 'x' }), opt({ a: 1, b: 1 }), opt({ a: undefined, b: 1 }), opt({ a: 'x' }), opt({ b: 1, d: 1 })]).toEqual([false, false, false, false, false]);
    expect(compileCheck(z.number().multipleOf(2))).toBeNull();
    const rec = compileCheck(z.record(z.string(), z.number().int()))!;
    expect(rec({ a: 1, b: 2 })).toBe(true);
    expect(rec({ a: 1.5 })).toBe(false);
    expect(compileCheck(z.literal(1))!(1)).toBe(true);
    expect(compileCheck(z.number().gt(0).lt(1))!(1)).toBe(false);
  });

  it('leave serialise\'s bytes as zod\'s', () => {
    for (const name of names) expect(serialise(name, outputs[name])).toBe(JSON.stringify(OUTPUT_FILES[name].parse(outputs[name]), null, 2) + '\n');
    // A value needing zod's help still gets it: the extra key is stripped, not written.
    const people = clone(outputs['people.json']) as { people: Record<string, unknown>[] };
    people.people[0].idCard = '110101199001011234';
    expect(serialise('people.json', people)).not.toContain('idCard');
  });
});

describe('output pieces', () => {
  it('join to exactly JSON.stringify(value, null, 2) + newline, for any JSON-like value', () => {
    const value = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 1200 }), fc.constant(undefined))),
    );
    fc.assert(fc.property(value, (v) => {
      expect([...prettyPieces(v)].join('')).toBe(JSON.stringify(v, null, 2) + '\n');
    }), { numRuns: 300 });
  });
  it('never hold a big array in one piece', () => {
    const people = Array.from({ length: 2000 }, (_, i) => ({ personId: `P${i}`, hours: i / 3 }));
    const pieces = [...prettyPieces({ schemaVersion: 1, people, after: [] })];
    expect(pieces.length).toBeGreaterThan(4);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(people, null, 2).length / 3);
  });
});
