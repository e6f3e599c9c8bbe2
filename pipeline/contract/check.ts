/**
 * A yes/no check compiled from a zod schema, for the outputs' hot path: it answers whether
 * `schema.parse(value)` would return a value that serialises exactly like `value` itself —
 * valid, with no key to strip and every object's keys already in the schema's order. Then the
 * value can be written as it is, sparing the copy zod makes of 20,000 people (a third of the
 * time spent writing the outputs). When the answer is no, the caller parses with zod as
 * before, so messages and outputs never change; the check only has to be right when it says
 * yes. Schemas using anything outside the small subset below compile to null (always zod).
 */
import type { z } from 'zod';

export type Check = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: unknown;
  element?: z.ZodType;
  innerType?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: unknown[];
}

interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  value?: number;
  inclusive?: boolean;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The check of `schema`, or null when it uses what this compiler does not know. */
export function compileCheck(schema: z.ZodType): Check | null {
  const def = defOf(schema);
  const checks = def.checks ?? [];
  switch (def.type) {
    case 'string': {
      const patterns: RegExp[] = [];
      for (const c of checks) {
        const d = c._zod.def;
        if (d.check !== 'string_format' || d.format !== 'regex' || !d.pattern) return null;
        patterns.push(d.pattern);
      }
      return (v) => typeof v === 'string' && patterns.every((p) => { p.lastIndex = 0; return p.test(v); });
    }
    case 'number': {
      const tests: ((n: number) => boolean)[] = [];
      for (const c of checks) {
        const d = c._zod.def;
        const bound = d.value as number;
        if (d.check === 'number_format' && d.format === 'safeint') tests.push(Number.isSafeInteger);
        else if (d.check === 'greater_than') tests.push(d.inclusive ? (n) => n >= bound : (n) => n > bound);
        else if (d.check === 'less_than') tests.push(d.inclusive ? (n) => n <= bound : (n) => n < bound);
        else return null;
      }
      return (v) => typeof v === 'number' && Number.isFinite(v) && tests.every((t) => t(v));
    }
    case 'boolean':
      return checks.length ? null : (v) => typeof v === 'boolean';
    case 'enum': {
      if (checks.length || !def.entries) return null;
      const allowed = new Set(Object.values(def.entries));
      return (v) => allowed.has(v);
    }
    case 'literal': {
      if (checks.length || !def.values) return null;
      const allowed = new Set(def.values);
      return (v) => allowed.has(v);
    }
    case 'nullable': {
      const inner = def.innerType && !checks.length ? compileCheck(def.innerType) : null;
      return inner && ((v) => v === null || inner(v));
    }
    case 'array': {
      const element = def.element && !checks.length ? compileCheck(def.element) : null;
      return element && ((v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!(i in v) || !element(v[i])) return false; // a hole is undefined to zod
        return true;
      });
    }
    case 'record': {
      const key = def.keyType && !checks.length ? compileCheck(def.keyType) : null;
      const value = def.valueType ? compileCheck(def.valueType) : null;
      if (!key || !value) return null;
      return (v) => isPlainObject(v) && Object.keys(v).every((k) => key(k) && value((v as Record<string, unknown>)[k]));
    }
    case 'optional': {
      // Present, the value is the inner type's (an explicit undefined is left to zod).
      const inner = def.innerType && !checks.length ? compileCheck(def.innerType) : null;
      return inner && ((v) => v !== undefined && inner(v));
    }
    case 'object': {
      if (checks.length || def.catchall !== undefined || !def.shape) return null;
      const keys = Object.keys(def.shape);
      const optional = keys.map((k) => defOf(def.shape![k]).type === 'optional');
      const fields: Check[] = [];
      for (const k of keys) {
        const c = compileCheck(def.shape[k]);
        if (!c) return null;
        fields.push(c);
      }
      return (v) => {
        if (!isPlainObject(v)) return false;
        // Exactly the shape's keys, in its order (an optional one may be absent): nothing for
        // zod to strip or reorder.
        let i = 0;
        for (const k in v) {
          while (i < keys.length && k !== keys[i] && optional[i]) i++;
          if (k !== keys[i]) return false;
          if (!fields[i]((v as Record<string, unknown>)[k])) return false;
          i++;
        }
        while (i < keys.length && optional[i]) i++;
        return i === keys.length;
      };
    }
    default:
      return null;
  }
}

function isPlainObject(v: unknown): v is object {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
