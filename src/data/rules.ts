/**
 * Cross-field rules: facts that each field can satisfy alone but that contradict each other, as the
 * project's data model declares them (`rules:` in model.yaml). Each rule returns the problems it
 * found, with the path to point at and the clerk's message filled in with the values.
 */
import { PREFIX_QUALIFIERS, type Quantity } from './values.js';
import type { Comparison, Operand, RuleDecl } from './model.js';

/** A problem found by a rule. */
export interface RuleProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint?: string;
}

function at(data: unknown, path: readonly string[]): unknown {
  let here = data;
  for (const part of path) {
    if (!here || typeof here !== 'object' || Array.isArray(here)) return undefined;
    here = (here as Record<string, unknown>)[part];
  }
  return here;
}

/** A value as a rule compares it: a figure's number, a list's length; dates stay text. */
function comparable(v: unknown): number | string | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  if (Array.isArray(v)) return v.length;
  if (v && typeof v === 'object' && typeof (v as { 数值?: unknown }).数值 === 'number') return (v as { 数值: number }).数值;
  return null;
}

function operandValue(o: Operand, data: unknown): number | string | null {
  return 'path' in o ? comparable(at(data, o.path)) : o.value;
}

/** Whether a comparison holds; null when a side has no value (an optional field left out). A date compared with a number compares its year. */
export function holds(c: Comparison, data: unknown): boolean | null {
  let a = operandValue(c.left, data);
  let b = operandValue(c.right, data);
  if (a === null || b === null) return null;
  if (typeof a === 'string' && typeof b === 'number') a = Number(a.slice(0, 4));
  if (typeof b === 'string' && typeof a === 'number') b = Number(b.slice(0, 4));
  switch (c.op) {
    case '<=':
      return a <= b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '>':
      return a > b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

/** A field's value as a message shows it: 20余, 95%以上 (a percentage's number only), 2025-01-20. */
function shown(v: unknown): string {
  if (v && typeof v === 'object' && !Array.isArray(v) && '数值' in v) {
    const q = v as Quantity;
    const n = Number.isInteger(q.数值) ? String(q.数值) : String(Number(q.数值.toFixed(2)));
    return !q.修饰 ? n : PREFIX_QUALIFIERS.includes(q.修饰) ? `${q.修饰}${n}` : `${n}${q.修饰}`;
  }
  if (Array.isArray(v)) return `${v.length} 项`;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** Fills `{路径}` and `{路径+1}` in a rule's message with the data's values. */
export function fillMessage(message: string, data: unknown): string {
  return message.replace(/\{([^{}+\-\s]+)(?:\s*([+-])\s*(\d+))?\}/gu, (whole, path: string, sign?: string, n?: string) => {
    const v = at(data, path.split('.'));
    if (v === undefined) return whole;
    if (!sign) return shown(v);
    const base = comparable(v);
    const num = typeof base === 'string' ? Number(base.slice(0, 4)) : base;
    return num === null ? whole : String(num + (sign === '+' ? 1 : -1) * Number(n));
  });
}

/** Checks one rule on (possibly partial) data whose fields in `rule.reads` are all valid. */
export function checkRule(rule: RuleDecl, data: unknown): RuleProblem[] {
  const hint = rule.hint === undefined ? {} : { hint: fillMessage(rule.hint, data) };
  if (rule.kind === 'compare') {
    if (rule.when && holds(rule.when, data) !== true) return [];
    return holds(rule.check, data) === false ? [{ path: rule.at, message: fillMessage(rule.message, data), ...hint }] : [];
  }
  const items = at(data, rule.list);
  if (!Array.isArray(items)) return [];
  const seen = new Set<string>();
  const out: RuleProblem[] = [];
  items.forEach((item, i) => {
    const v = rule.key === undefined ? item : at(item, [rule.key]);
    const k = JSON.stringify(v);
    if (seen.has(k)) out.push({ path: [...rule.list, i, ...(rule.key ? [rule.key] : [])], message: fillMessage(rule.message, data), ...hint });
    seen.add(k);
  });
  return out;
}
