/**
 * Cross-field rules: facts that each field can satisfy alone but that contradict each other, as the
 * project's data model declares them (`rules:` in model.yaml). Each rule returns the problems it
 * found, with the path to point at and the clerk's message filled in with the values.
 */
import { decimalText, PREFIX_QUALIFIERS, type Quantity } from './values.js';
import type { Comparison, Operand, RuleDecl } from './model.js';

/** A problem found by a rule. */
export interface RuleProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint?: string;
  /** The message names its fields itself (it spells out the arithmetic): no path before it. */
  readonly named?: boolean;
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

/** What a rule reads: this year's data and, when there is one, last year's. */
export interface RuleData {
  readonly data: unknown;
  readonly previous?: unknown;
}

/** All the text of a field (a line, a paragraph, a list or group of them, titled items). */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(textOf).join('');
  if (v && typeof v === 'object' && !('数值' in v)) return Object.values(v).map(textOf).join('');
  return '';
}

/** The value of an operand, or null when a field it reads has no value. */
export function operandValue(o: Operand, ctx: RuleData): number | string | null {
  if ('value' in o) return o.value;
  if ('texts' in o) return null;
  if ('length' in o) {
    const v = at(ctx.data, o.length);
    return v === undefined ? null : [...textOf(v).replace(/\s/gu, '')].length;
  }
  if ('sum' in o) {
    let total = 0;
    for (const t of o.sum) {
      const v = operandValue(t.term, ctx);
      if (typeof v !== 'number') return null;
      total += t.sign * v;
    }
    return Number(total.toFixed(6));
  }
  if ('factor' in o) {
    const v = operandValue(o.term, ctx);
    return typeof v === 'number' ? Number((o.factor * v).toFixed(6)) : null;
  }
  if (o.previous && ctx.previous === undefined) return null;
  return comparable(at(o.previous ? ctx.previous : ctx.data, o.path));
}

/** Whether a comparison holds; null when a side has no value (an optional field left out). A date compared with a number compares its year. */
export function holds(c: Comparison, input: unknown | RuleData): boolean | null {
  const ctx = asContext(input);
  if (c.op === 'in' || c.op === 'not in') {
    const v = 'path' in c.left ? at(ctx.data, c.left.path) : undefined;
    if (typeof v !== 'string' || !('texts' in c.right)) return null;
    return c.right.texts.includes(v) === (c.op === 'in');
  }
  let a = operandValue(c.left, ctx);
  let b = operandValue(c.right, ctx);
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
    const n = Number.isInteger(q.数值) ? String(q.数值) : decimalText(q.数值);
    return !q.修饰 ? n : PREFIX_QUALIFIERS.includes(q.修饰) ? `${q.修饰}${n}` : `${n}${q.修饰}`;
  }
  if (Array.isArray(v)) return `${v.length} 项`;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** Fills `{路径}` and `{路径+1}` in a rule's message with the data's values. */
export function fillMessage(message: string, data: unknown, arithmetic = ''): string {
  return message.replace(/\{算式\}/gu, () => arithmetic).replace(/\{([^{}+\-\s]+)(?:\s*([+-])\s*(\d+))?\}/gu, (whole, path: string, sign?: string, n?: string) => {
    const v = at(data, path.split('.'));
    if (v === undefined) return whole;
    if (!sign) return shown(v);
    const base = comparable(v);
    const num = typeof base === 'string' ? Number(base.slice(0, 4)) : base;
    return num === null ? whole : String(num + (sign === '+' ? 1 : -1) * Number(n));
  });
}

function asContext(input: unknown): RuleData {
  return input && typeof input === 'object' && RULE_DATA in input ? (input as unknown as RuleData) : { data: input };
}

const RULE_DATA = Symbol('rule data');

/** Wraps this year's data and last year's (if any) for {@link checkRule}. */
export function ruleData(data: unknown, previous?: unknown): RuleData {
  return { [RULE_DATA]: true, data, ...(previous !== undefined ? { previous } : {}) } as unknown as RuleData;
}

/** A figure as arithmetic shows it (no floating-point noise). */
function num(n: number): string {
  return String(Number(n.toFixed(6)));
}

/** The terms of a side, with their labels (see {@link labelTerms}). */
function termsOf(o: Operand): { sign: 1 | -1; term: Operand }[] {
  return 'sum' in o ? [...o.sum] : [{ sign: 1, term: o }];
}

/**
 * Labels for the fields of an arithmetic: each field's distinct part (what the terms do not all
 * share at the start and the end of their paths), shortened to its last field's `简称` (short
 * name) when it has one. `label` gives a path's short name.
 */
function labelTerms(paths: readonly (readonly string[])[], label: (path: readonly string[]) => string | undefined): string[] {
  if (paths.length < 2) return paths.map((p) => label(p) ?? p[p.length - 1]!);
  let head = 0;
  while (paths.every((p) => p.length > head + 1 && p[head] === paths[0]![head])) head++;
  let tail = 0;
  while (paths.every((p) => p.length > head + tail + 1 && p[p.length - 1 - tail] === paths[0]![paths[0]!.length - 1 - tail])) tail++;
  return paths.map((p) => {
    const own = p.slice(0, p.length - tail);
    return label(own) ?? own.slice(head).join('.');
  });
}

/** A side of a comparison spelled out: `新收 12 + 结转 3 = 15`; terms that are 0 are left out of long sums. */
function spell(o: Operand, labels: Map<Operand, string>, ctx: RuleData, total: number | string | null): string {
  const terms = termsOf(o);
  const shownTerms = terms.length > 4 ? terms.filter((t) => operandValue(t.term, ctx) !== 0) : terms;
  const word = (t: { term: Operand }) => {
    const inner = 'factor' in t.term ? t.term.term : t.term;
    const v = operandValue(inner, ctx);
    const name = labels.get(inner);
    const w = name === undefined ? String(v) : `${name} ${v === null ? '（空）' : typeof v === 'number' ? num(v) : v}`;
    return 'factor' in t.term ? `${num(t.term.factor)} × ${w}` : w;
  };
  const parts = shownTerms.map((t, i) => `${i === 0 ? (t.sign < 0 ? '- ' : '') : t.sign < 0 ? ' - ' : ' + '}${word(t)}`).join('');
  const zeros = terms.length - shownTerms.length;
  const rest = zeros > 0 ? `（其余 ${zeros} 项为 0）` : '';
  if (terms.length === 1) return 'factor' in terms[0]!.term && typeof total === 'number' ? `${parts} = ${num(total)}` : parts;
  return `${shownTerms.length > 0 ? parts : '0'}${rest} = ${typeof total === 'number' ? num(total) : String(total)}`;
}

const OP_WORDS: Readonly<Record<string, string>> = { '<=': '，但大于', '<': '，但不小于', '>=': '，但小于', '>': '，但不大于', '!=': '，但等于', '==': '，但' };

/**
 * A comparison that failed, spelled out in Chinese: `新收 12 + 结转 3 = 15，但 办结 14 +
 * 未办结 2 = 16`. `label` gives a field's short name (its `简称`), if any.
 */
export function arithmetic(c: Comparison, input: unknown, label: (path: readonly string[]) => string | undefined = () => undefined): string {
  const ctx = asContext(input);
  const fieldTerms = [...termsOf(c.left), ...termsOf(c.right)].map((t) => ('factor' in t.term ? { sign: t.sign, term: t.term.term as Operand } : t)).filter((t) => 'path' in t.term || 'length' in t.term);
  const paths = fieldTerms.map((t) => ('path' in t.term ? t.term.path : (t.term as { length: readonly string[] }).length));
  const names = labelTerms(paths, label);
  const labels = new Map<Operand, string>();
  fieldTerms.forEach((t, i) => {
    const prefix = 'path' in t.term && t.term.previous ? '上年' : '';
    const name = 'length' in t.term ? '字数' : `${prefix}${names[i]}`;
    labels.set(t.term, name);
  });
  const left = spell(c.left, labels, ctx, operandValue(c.left, ctx));
  const right = spell(c.right, labels, ctx, operandValue(c.right, ctx));
  return `${left}${OP_WORDS[c.op] ?? '，但'} ${right}`;
}

/** The figures a comparison reads, this year's and last year's. */
export function operandPaths(o: Operand): { path: readonly string[]; previous: boolean }[] {
  if ('path' in o) return [{ path: o.path, previous: !!o.previous }];
  if ('length' in o) return [{ path: o.length, previous: false }];
  if ('sum' in o) return o.sum.flatMap((t) => operandPaths(t.term));
  if ('factor' in o) return operandPaths(o.term);
  return [];
}

/** Checks one rule on (possibly partial) data whose fields in `rule.reads` are all valid. */
export function checkRule(rule: RuleDecl, input: unknown, label?: (path: readonly string[]) => string | undefined): RuleProblem[] {
  const ctx = asContext(input);
  const data = ctx.data;
  const hint = rule.hint === undefined ? {} : { hint: fillMessage(rule.hint, data) };
  if (rule.kind === 'compare') {
    if (rule.when && holds(rule.when, ctx) !== true) return [];
    if (holds(rule.check, ctx) !== false) return [];
    const named = rule.message.includes('{算式}');
    return [{ path: rule.at, message: fillMessage(rule.message, data, arithmetic(rule.check, ctx, label)), ...hint, ...(named ? { named } : {}) }];
  }
  if (rule.kind === 'mention') {
    const text = textOf(at(data, rule.text));
    return rule.words.some((w) => text.includes(w)) ? [] : [{ path: rule.text, message: fillMessage(rule.message, data), ...hint }];
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
