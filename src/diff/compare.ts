/**
 * The comparison engine: two years' validated data compared by meaning, not by line. It is the one
 * module behind both `report diff` and the templates' 同比 helpers.
 *
 * What is compared, with its labels and units, comes from the project's data model
 * ({@link definitionsOf}):
 *
 * - Metrics (every declared figure: count, percent, workdays, amount) are compared by value: the
 *   change (percentage points for rates), the relative change, and whether a qualifier
 *   (20余 → 30余) makes the figures approximate.
 * - Text fields (署名, a name, a date, yes/no …) are compared as strings, with the changed characters marked.
 * - Lists (of titled items, of texts, of anything) are matched item by item by content,
 *   never by position: first identical items, then the same 标题 (a titled item's identity), then
 *   the same 内容, then the most similar pairs. A small edit is a changed item with the changed
 *   characters marked; what finds no partner is added or removed.
 *
 * Pure: values in, values out. Numbers are kept exact here; rounding belongs to the wording.
 */
import { diffArrays, diffChars } from 'diff';
import { metricFields, walkFields, type Model } from '../data/model.js';
import { candidatePairs, commonCharacters, lcsLength } from './match.js';
import type { Qualifier } from '../data/values.js';

/** The kind of a metric, which decides how it is compared and worded. */
export type MetricKind = 'count' | 'percent' | 'workdays' | 'amount';

/** A figure the report states, with its label and unit for people (used by diff and 同比). */
export interface MetricDef {
  readonly path: readonly string[];
  readonly label: string;
  readonly unit: string;
  readonly kind: MetricKind;
  /** Decimal places an amount is written with (amounts only). */
  readonly decimals?: number;
  /** A cell of a declared table: its table's, row's and column's labels (`二、（一）新收` × `男`). */
  readonly cell?: { readonly table: string; readonly row: string; readonly column: string };
}

/** Data as the engine reads it: a validated year, or any object of the same shape (tests). */
export type Data = Readonly<Record<string, unknown>>;

/** Whether something is the same, changed, only in the newer data or only in the older. */
export type Status = 'unchanged' | 'changed' | 'added' | 'removed';

/** A figure as written: its number and its qualifier (余, 以上 …), if any. */
export interface MetricValue {
  readonly value: number;
  readonly qualifier: Qualifier | null;
}

/** How one figure changed between two years. */
export interface MetricChange {
  /** The field's path joined with dots, e.g. `培训.场次`. */
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly kind: MetricKind;
  /** Decimal places of an amount (amounts only). */
  readonly decimals?: number;
  readonly status: Status;
  readonly before: MetricValue | null;
  readonly after: MetricValue | null;
  /** after − before, in the metric's unit (for rates: percentage points); null unless both exist. */
  readonly change: number | null;
  /** Relative change in per cent, unrounded; null for rates, when a side is missing, or when before is 0. */
  readonly percent: number | null;
  /** Either figure carries a qualifier, so the change is approximate. */
  readonly approximate: boolean;
  /** The qualifiers differ (20余 → 20多, 95以上 → 95). */
  readonly qualifierChanged: boolean;
  /** A cell of a declared table (compared and shown cell by cell, by row and column). */
  readonly cell?: MetricDef['cell'];
}

/** A run of text that is the same on both sides, only in the older text, or only in the newer. */
export interface Segment {
  readonly op: 'equal' | 'delete' | 'insert';
  readonly text: string;
}

/** A named text field (not a list, not a figure). */
export interface FieldDef {
  readonly path: readonly string[];
  readonly label: string;
}

/** How a text field changed. */
export interface FieldChange {
  readonly key: string;
  readonly label: string;
  readonly status: Status;
  readonly before: string | null;
  readonly after: string | null;
  /** The changed characters, when both sides exist and differ. */
  readonly marks: readonly Segment[] | null;
}

/** A list the clerk edits every year: of plain texts, or of items with 标题 and 内容. */
export interface ListDef {
  readonly path: readonly string[];
  readonly label: string;
  readonly kind: 'text' | 'titled';
}

/** One item of a list on one side. */
export interface ItemSide {
  /** Position in its list, from 0. */
  readonly index: number;
  /** The 标题 of a titled item. */
  readonly title?: string;
  /** The item's text (the 内容 of a titled item). */
  readonly text: string;
}

/** How the two items of a pair were found to be the same item. */
export type MatchKind = 'identical' | 'title' | 'text' | 'similar';

/** One item of a list compared. */
export interface ItemChange {
  readonly status: Status;
  readonly before: ItemSide | null;
  readonly after: ItemSide | null;
  readonly match: MatchKind | null;
  /** Similarity of the pair, 0–1 (1 for identical items); null for added and removed items. */
  readonly similarity: number | null;
  /** The title's changed characters (titled lists, when the titles differ). */
  readonly titleMarks: readonly Segment[] | null;
  /** The text's changed characters (when the texts differ). */
  readonly textMarks: readonly Segment[] | null;
}

/** A list compared: its items in the newer order, removed items where they stood. */
export interface ListChange {
  readonly key: string;
  readonly label: string;
  readonly kind: 'text' | 'titled';
  readonly items: readonly ItemChange[];
}

/** Two years' data compared. */
export interface DataDiff {
  readonly metrics: readonly MetricChange[];
  readonly fields: readonly FieldChange[];
  readonly lists: readonly ListChange[];
}

/** What is compared. */
export interface Definitions {
  readonly metrics: readonly MetricDef[];
  readonly fields: readonly FieldDef[];
  readonly lists: readonly ListDef[];
}

/**
 * What `report diff` compares for a model: every figure (labels and units as declared), every
 * other field outside lists as text (年度 is shown, not compared), and every list, item by item.
 */
export function definitionsOf(model: Pick<Model, 'fields'>): Definitions {
  const metrics = metricFields(model).map((f): MetricDef => ({
    path: f.path,
    label: f.title,
    unit: f.unit,
    kind: f.type,
    ...(f.type === 'amount' ? { decimals: f.decimals } : {}),
    ...(f.cell ? { cell: f.cell } : {}),
  }));
  const rest = walkFields(model).filter((f) => !['count', 'percent', 'workdays', 'amount', 'group'].includes(f.type) && f.path.join('.') !== '年度');
  return {
    metrics,
    fields: rest.filter((f) => f.type !== 'list').map((f) => ({ path: f.path, label: f.title })),
    lists: rest.flatMap((f) => (f.type === 'list' ? [{ path: f.path, label: f.title, kind: f.items.type === 'titled' ? ('titled' as const) : ('text' as const) }] : [])),
  };
}

/** Two list items this similar (0–1) or more are taken for one item edited. */
export const SIMILARITY_THRESHOLD = 0.5;

/** The metric with the given dotted key (`培训.场次`), if any. */
export function findMetric(key: string, metrics: readonly MetricDef[]): MetricDef | undefined {
  return metrics.find((m) => m.path.join('.') === key);
}

function at(data: Data, path: readonly string[]): unknown {
  let v: unknown = data;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** A figure of `data`, or null when the data does not have it. */
export function metricValue(data: Data, def: MetricDef): MetricValue | null {
  const v = at(data, def.path);
  if (typeof v === 'number') return { value: v, qualifier: null };
  if (v && typeof v === 'object' && typeof (v as { 数值?: unknown }).数值 === 'number') {
    const q = (v as { 修饰?: Qualifier }).修饰;
    return { value: (v as { 数值: number }).数值, qualifier: q ?? null };
  }
  return null;
}

/** Removes binary floating-point noise (95.3 − 93.1 = 2.2000000000000028 → 2.2). */
function clean(x: number): number {
  return Number(x.toFixed(10));
}

/** Compares one figure of two years. */
export function compareMetric(def: MetricDef, before: MetricValue | null, after: MetricValue | null): MetricChange {
  const base = {
    key: def.path.join('.'),
    label: def.label,
    unit: def.unit,
    kind: def.kind,
    ...(def.decimals !== undefined ? { decimals: def.decimals } : {}),
    ...(def.cell ? { cell: def.cell } : {}),
    before,
    after,
  };
  if (!before || !after) {
    return {
      ...base,
      status: before ? 'removed' : 'added',
      change: null,
      percent: null,
      approximate: (before ?? after)?.qualifier != null,
      qualifierChanged: false,
    };
  }
  const change = clean(after.value - before.value);
  const qualifierChanged = before.qualifier !== after.qualifier;
  return {
    ...base,
    status: change === 0 && !qualifierChanged ? 'unchanged' : 'changed',
    change,
    percent: def.kind === 'percent' || before.value === 0 ? null : clean((change / before.value) * 100),
    approximate: before.qualifier !== null || after.qualifier !== null,
    qualifierChanged,
  };
}

/** Compares one figure, read from two years' data. */
export function metricChange(def: MetricDef, before: Data, after: Data): MetricChange {
  return compareMetric(def, metricValue(before, def), metricValue(after, def));
}

function fieldText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** Compares two texts character by character, with small islands of sameness folded in. */
export function markChanges(before: string, after: string): Segment[] {
  return tidy(rawSegments(before, after));
}

/** A character diff over the whole text is done when it needs at most this many insertions and deletions. */
const MAX_CHAR_EDITS = 1000;
/** A changed run of clauses is diffed character by character when both sides are at most this long. */
const MAX_RUN_CHARS = 400;

function rawSegments(before: string, after: string): Segment[] {
  // Myers' diff costs (length × edits): bounded here, and past the bound done clause by clause.
  const chars = diffChars(before, after, { maxEditLength: MAX_CHAR_EDITS });
  return chars ? toSegments(chars) : clauseSegments(before, after);
}

function toSegments(changes: readonly { added?: boolean; removed?: boolean; value: string }[]): Segment[] {
  return changes.map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value }));
}

/**
 * A diff of heavily rewritten texts in time near linear: clauses (up to and including ，。；：、！？
 * or a line break) are matched first, then each changed run of clauses is diffed character by
 * character when it is short, or shown as replaced whole.
 */
function clauseSegments(before: string, after: string): Segment[] {
  const clauses = (s: string) => s.match(/[^，。；：、！？,.;:!?\n]*(?:[，。；：、！？,.;:!?\n]|$)/g)!.filter((c) => c !== '');
  const runs = diffArrays(clauses(before), clauses(after), { maxEditLength: MAX_CHAR_EDITS });
  if (!runs) return [{ op: 'delete', text: before }, { op: 'insert', text: after }].filter((x) => x.text !== '') as Segment[];
  const out: Segment[] = [];
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i]!;
    const text = r.value.join('');
    const next = runs[i + 1];
    if (r.removed && next?.added) {
      const inserted = next.value.join('');
      if ([...text].length <= MAX_RUN_CHARS && [...inserted].length <= MAX_RUN_CHARS) out.push(...toSegments(diffChars(text, inserted)));
      else out.push({ op: 'delete', text }, { op: 'insert', text: inserted });
      i++;
    } else out.push({ op: r.added ? 'insert' : r.removed ? 'delete' : 'equal', text });
  }
  return out;
}

/**
 * Makes a character diff readable: a single equal character between two changes is taken into
 * them (执[-法不-]{+行随+}… rather than a change every other character), and each run of changes
 * is written as one deletion followed by one insertion.
 */
function tidy(segs: readonly Segment[]): Segment[] {
  const spread: Segment[] = [];
  segs.forEach((s, i) => {
    const inner = i > 0 && i < segs.length - 1;
    if (s.op === 'equal' && inner && [...s.text].length < 2) {
      spread.push({ op: 'delete', text: s.text }, { op: 'insert', text: s.text });
    } else spread.push(s);
  });
  const out: Segment[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = ins = '';
  };
  for (const s of spread) {
    if (s.op === 'delete') del += s.text;
    else if (s.op === 'insert') ins += s.text;
    else {
      flush();
      const last = out.at(-1);
      if (last?.op === 'equal') out[out.length - 1] = { op: 'equal', text: last.text + s.text };
      else out.push(s);
    }
  }
  flush();
  return out;
}

/**
 * How alike two texts are, 0–1: twice the characters they share in order (the longest common
 * subsequence, computed bit-parallel in match.ts) over their total length.
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = [...a];
  const y = [...b];
  const total = x.length + y.length;
  if (total === 0) return 1;
  return (2 * lcsLength(x, y)) / total;
}

/** A list item that is not a titled one, as text: a figure with its qualifier, a group's fields in order. */
function itemText(item: unknown): string {
  if (item && typeof item === 'object' && !Array.isArray(item)) {
    const q = item as { 数值?: unknown; 修饰?: unknown };
    if (typeof q.数值 === 'number') return `${q.修饰 === '近' || q.修饰 === '约' ? q.修饰 : ''}${q.数值}${q.修饰 && q.修饰 !== '近' && q.修饰 !== '约' ? String(q.修饰) : ''}`;
    return Object.entries(item).map(([k, v]) => `${k}：${itemText(v)}`).join('；');
  }
  if (typeof item === 'boolean') return item ? '是' : '否';
  return String(item);
}

function listItems(data: Data, def: ListDef): ItemSide[] {
  const v = at(data, def.path);
  if (!Array.isArray(v)) return [];
  return v.map((item, index) => {
    if (def.kind === 'titled' && item && typeof item === 'object') {
      const t = item as { 标题?: unknown; 内容?: unknown };
      return { index, title: String(t.标题 ?? ''), text: String(t.内容 ?? '') };
    }
    return { index, text: itemText(item) };
  });
}

/** Pairs the items of two lists by content (see the module comment) and marks what changed. */
export function compareList(def: ListDef, beforeItems: readonly ItemSide[], afterItems: readonly ItemSide[]): ListChange {
  const pairOf = new Map<number, { b: number; match: MatchKind; sim: number }>(); // after index → before
  const usedBefore = new Set<number>();
  const pairBy = (match: MatchKind, keyOf: (x: ItemSide) => string) => {
    // Items by key, each key's items in list order: a lookup per item, not a scan of the list.
    const byKey = new Map<string, ItemSide[]>();
    for (const b of beforeItems) if (!usedBefore.has(b.index)) (byKey.get(keyOf(b)) ?? byKey.set(keyOf(b), []).get(keyOf(b))!).push(b);
    for (const a of afterItems) {
      if (pairOf.has(a.index)) continue;
      const list = byKey.get(keyOf(a));
      const b = list?.shift();
      if (b) {
        pairOf.set(a.index, { b: b.index, match, sim: match === 'identical' ? 1 : itemSimilarity(def, b, a) });
        usedBefore.add(b.index);
      }
    }
  };
  pairBy('identical', (x) => `${x.title ?? '\u0000'}\u0000${x.text}`);
  if (def.kind === 'titled') pairBy('title', (x) => x.title ?? '');
  pairBy('text', (x) => x.text);
  pairSimilar(def, afterItems.filter((a) => !pairOf.has(a.index)), beforeItems.filter((b) => !usedBefore.has(b.index)), (a, b, sim) => {
    pairOf.set(a, { b, match: 'similar', sim });
    usedBefore.add(b);
  });

  const items: ItemChange[] = [];
  const emitted = new Set<number>();
  // Removed items go where they stood: before the pair that followed them, or before an added item
  // at the same distance from the last pair.
  let lastA = -1;
  let lastB = -1;
  // Every before item under `next` is paired or emitted already: each is looked at once.
  let next = 0;
  const emitRemovedUpTo = (limit: number) => {
    for (; next < beforeItems.length; next++) {
      const b = beforeItems[next]!;
      if (b.index >= limit) break;
      if (usedBefore.has(b.index) || emitted.has(b.index)) continue;
      emitted.add(b.index);
      items.push({ status: 'removed', before: b, after: null, match: null, similarity: null, titleMarks: null, textMarks: null });
    }
  };
  for (const a of afterItems) {
    const p = pairOf.get(a.index);
    if (!p) {
      emitRemovedUpTo(lastB + (a.index - lastA) + 1);
      items.push({ status: 'added', before: null, after: a, match: null, similarity: null, titleMarks: null, textMarks: null });
      continue;
    }
    emitRemovedUpTo(p.b);
    lastA = a.index;
    lastB = p.b;
    const b = beforeItems[p.b]!;
    const titleSame = b.title === a.title;
    const textSame = b.text === a.text;
    items.push({
      status: titleSame && textSame ? 'unchanged' : 'changed',
      before: b,
      after: a,
      match: p.match,
      similarity: Math.round(p.sim * 1000) / 1000,
      titleMarks: titleSame ? null : markChanges(b.title ?? '', a.title ?? ''),
      textMarks: textSame ? null : markChanges(b.text, a.text),
    });
  }
  emitRemovedUpTo(Infinity);
  return { key: def.path.join('.'), label: def.label, kind: def.kind, items };
}

function itemSimilarity(def: ListDef, b: ItemSide, a: ItemSide): number {
  const text = similarity(b.text, a.text);
  if (def.kind !== 'titled') return text;
  const title = similarity(b.title ?? '', a.title ?? '');
  return Math.max(text, 0.4 * title + 0.6 * text);
}

/**
 * Pairs the remaining items by similarity, most similar first, each pair at least
 * {@link SIMILARITY_THRESHOLD}. Bounded (match.ts): only candidate pairs are scored, and a pair
 * whose shared characters cannot reach the threshold is not scored at all.
 */
function pairSimilar(def: ListDef, after: readonly ItemSide[], before: readonly ItemSide[], pair: (a: number, b: number, sim: number) => void): void {
  if (after.length === 0 || before.length === 0) return;
  const chars = (x: ItemSide) => ({ text: [...x.text], title: [...(x.title ?? '')] });
  const A = after.map(chars);
  const B = before.map(chars);
  const candidates: { a: number; b: number; sim: number }[] = [];
  for (const [i, j] of candidatePairs(A.map((x) => [...x.title, ...x.text]), B.map((x) => [...x.title, ...x.text]))) {
    const x = A[i]!;
    const y = B[j]!;
    // Upper bounds of both similarities from character counts, before any LCS is computed.
    const total = x.text.length + y.text.length;
    const textBound = total === 0 ? 1 : (2 * commonCharacters(x.text, y.text)) / total;
    const titleTotal = x.title.length + y.title.length;
    const titleBound = def.kind !== 'titled' || titleTotal === 0 ? 1 : (2 * commonCharacters(x.title, y.title)) / titleTotal;
    const bound = def.kind === 'titled' ? Math.max(textBound, 0.4 * titleBound + 0.6 * textBound) : textBound;
    if (bound < SIMILARITY_THRESHOLD) continue;
    const sim = itemSimilarity(def, before[j]!, after[i]!);
    if (sim >= SIMILARITY_THRESHOLD) candidates.push({ a: after[i]!.index, b: before[j]!.index, sim });
  }
  candidates.sort((x, y) => y.sim - x.sim || x.a - y.a || x.b - y.b);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  for (const c of candidates) {
    if (usedA.has(c.a) || usedB.has(c.b)) continue;
    usedA.add(c.a);
    usedB.add(c.b);
    pair(c.a, c.b, c.sim);
  }
}

/** Compares two years' data (or any two objects of the model's shape). */
export function compareData(before: Data, after: Data, defs: Definitions): DataDiff {
  const metrics = defs.metrics
    .map((def) => metricChange(def, before, after))
    .filter((m) => m.before !== null || m.after !== null);
  const fields = defs.fields.flatMap((def): FieldChange[] => {
    const b = fieldText(at(before, def.path));
    const a = fieldText(at(after, def.path));
    if (b === null && a === null) return [];
    const status: Status = b === null ? 'added' : a === null ? 'removed' : a === b ? 'unchanged' : 'changed';
    return [{ key: def.path.join('.'), label: def.label, status, before: b, after: a, marks: status === 'changed' ? markChanges(b!, a!) : null }];
  });
  const lists = defs.lists.map((def) => compareList(def, listItems(before, def), listItems(after, def)));
  return { metrics, fields, lists };
}

/** Whether anything at all differs. */
export function hasDifferences(d: DataDiff): boolean {
  return (
    d.metrics.some((m) => m.status !== 'unchanged') ||
    d.fields.some((f) => f.status !== 'unchanged') ||
    d.lists.some((l) => l.items.some((i) => i.status !== 'unchanged'))
  );
}

/** Counts by status, for summaries. */
export interface DiffSummary {
  /** Figures outside tables (the 指标 table). */
  readonly metrics: Record<Status, number>;
  /** Cells of declared tables (表格单元格), counted apart from the figures. */
  readonly cells: Record<Status, number>;
  /** Text fields. */
  readonly fields: Record<Status, number>;
  /** Items of lists. */
  readonly items: Record<Status, number>;
}

/** Counts by status, for summaries: figures and table cells apart, then text fields and list items. */
export function summarise(d: DataDiff): DiffSummary {
  const count = (ss: readonly { status: Status }[]) => {
    const r: Record<Status, number> = { unchanged: 0, changed: 0, added: 0, removed: 0 };
    for (const s of ss) r[s.status]++;
    return r;
  };
  return {
    metrics: count(d.metrics.filter((m) => !m.cell)),
    cells: count(d.metrics.filter((m) => m.cell)),
    fields: count(d.fields),
    items: count(d.lists.flatMap((l) => l.items)),
  };
}
