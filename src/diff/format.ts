/**
 * `report diff` output: an aligned table for a terminal (colour optional), Markdown for a
 * pull-request comment, and JSON with a stable shape for tools (documented in the README,
 * pinned by tests/diff/json-shape.test.ts). Pure: a {@link DataDiff} in, a string out.
 */
import {
  summarise,
  type DataDiff,
  type FieldChange,
  type ItemChange,
  type ItemSide,
  type ListChange,
  type MetricChange,
  type MetricValue,
  type Segment,
} from './compare.js';
import { formatValue, round1, signedChange, signedPercent, wordAmount, wordRate } from './wording.js';

/** One side of a comparison, as the user named it. */
export interface Side {
  /** Where the data came from: `data/2023.yaml`, `HEAD~1:data/2024.yaml`. */
  readonly source: string;
  /** The data's 年度. */
  readonly year: number;
}

/** What to show. */
export interface FormatOptions {
  /** Hide unchanged metrics, fields and list items. */
  readonly onlyChanged?: boolean;
  /** ANSI colours (text format only). */
  readonly color?: boolean;
}

/** Characters of unchanged text kept on each side of a change in the text and Markdown outputs. */
export const CONTEXT_CHARS = 10;

/** A metric's label with its unit, as a table shows it: 执法培训（场）. */
export function metricLabel(m: Pick<MetricChange, 'label' | 'unit'>): string {
  return `${m.label}（${m.unit}）`;
}

function headers(before: Side, after: Side): [string, string] {
  return before.year !== after.year ? [String(before.year), String(after.year)] : ['之前', '之后'];
}

function title(before: Side, after: Side): string {
  return `${before.source}（${before.year} 年） → ${after.source}（${after.year} 年）`;
}

const value = (v: MetricValue | null, m: MetricChange) => (v ? formatValue(v, m.kind, m.decimals) : '（无）');

// ── text ────────────────────────────────────────────────────────────────────────────────────────

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

const pad = (s: string, width: number, right = false) => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
};

interface Paint {
  readonly del: (s: string) => string;
  readonly ins: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const ansi = (open: number, close: number) => (s: string) => (s === '' ? s : `\x1b[${open}m${s}\x1b[${close}m`);
const COLOR: Paint = { del: ansi(31, 39), ins: ansi(32, 39), dim: ansi(2, 22), bold: ansi(1, 22) };
const PLAIN: Paint = { del: (s) => s, ins: (s) => s, dim: (s) => s, bold: (s) => s };

/** Shortens the long unchanged runs of a marked text, keeping {@link CONTEXT_CHARS} around changes. */
export function withContext(segs: readonly Segment[]): Segment[] {
  return segs.map((s, i) => {
    if (s.op !== 'equal') return s;
    const chars = [...s.text];
    const first = i === 0;
    const last = i === segs.length - 1;
    if (first && last) return s;
    if (first && chars.length > CONTEXT_CHARS) return { op: 'equal', text: `…${chars.slice(-CONTEXT_CHARS).join('')}` };
    if (last && chars.length > CONTEXT_CHARS) return { op: 'equal', text: `${chars.slice(0, CONTEXT_CHARS).join('')}…` };
    if (!first && !last && chars.length > 2 * CONTEXT_CHARS + 1) {
      return { op: 'equal', text: `${chars.slice(0, CONTEXT_CHARS).join('')}…${chars.slice(-CONTEXT_CHARS).join('')}` };
    }
    return s;
  });
}

function textMarks(segs: readonly Segment[], paint: Paint, color: boolean): string {
  return segs
    .map((s) => {
      if (s.op === 'equal') return s.text;
      if (color) return s.op === 'delete' ? paint.del(s.text) : paint.ins(s.text);
      return s.op === 'delete' ? `[-${s.text}-]` : `{+${s.text}+}`;
    })
    .join('');
}

/** A long text cut to `n` characters with an ellipsis. */
function cut(text: string, n = 40): string {
  const chars = [...text];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : text;
}

function itemName(side: ItemSide, list: ListChange): string {
  return list.kind === 'titled' ? side.title ?? '' : cut(side.text);
}

const visible = <T extends { status: string }>(xs: readonly T[], opts: FormatOptions) =>
  opts.onlyChanged ? xs.filter((x) => x.status !== 'unchanged') : xs;

/** The diff as text for a terminal. */
export function formatText(diff: DataDiff, before: Side, after: Side, opts: FormatOptions = {}): string {
  const color = !!opts.color;
  const paint = color ? COLOR : PLAIN;
  const out: string[] = [paint.bold(title(before, after)), ''];
  const [h1, h2] = headers(before, after);
  const metrics = visible(diff.metrics, opts).filter((m) => !m.cell);
  if (metrics.length > 0) {
    const rows = metrics.map((m) => [
      metricLabel(m),
      value(m.before, m),
      value(m.after, m),
      m.status === 'added' ? '新增' : m.status === 'removed' ? '删除' : signedChange(m),
      m.status === 'added' || m.status === 'removed' ? '' : signedPercent(m),
    ]);
    const head = ['指标', h1, h2, '变化', '变化率'];
    const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i]!))));
    const line = (cells: readonly string[]) =>
      cells
        .map((c, i) => pad(c, widths[i]!, i > 0))
        .join('  ')
        .trimEnd();
    out.push(paint.bold(line(head)));
    metrics.forEach((m, i) => {
      const text = line(rows[i]!);
      out.push(m.status === 'unchanged' ? paint.dim(text) : text);
    });
    out.push('');
  }
  for (const t of tables(diff)) {
    out.push(paint.bold(t.table));
    for (const m of t.changed) out.push(`  ${cellLine(m)}`);
    if (t.same > 0) out.push(paint.dim(t.changed.length === 0 ? `  （${t.same} 格都未变）` : `  （其余 ${t.same} 格未变）`));
    out.push('');
  }
  const fields = diff.fields.filter((f) => f.status !== 'unchanged');
  if (fields.length > 0) {
    out.push(paint.bold('其他字段'));
    for (const f of fields) out.push(`  ${f.label}：${fieldText(f, paint)}`);
    out.push('');
  }
  for (const list of diff.lists) {
    const shown = list.items.filter((i) => i.status !== 'unchanged');
    if (shown.length === 0) continue;
    out.push(paint.bold(list.label));
    for (const item of shown) out.push(...itemLines(item, list, paint, color));
    const same = list.items.length - shown.length;
    if (same > 0 && !opts.onlyChanged) out.push(paint.dim(`  （其余 ${same} 项未变）`));
    out.push('');
  }
  out.push(summaryLine(diff));
  return `${out.join('\n')}\n`;
}

/** The cells of each declared table: the changed ones, and how many are the same. */
function tables(diff: DataDiff): { table: string; changed: MetricChange[]; same: number }[] {
  const out = new Map<string, { table: string; changed: MetricChange[]; same: number }>();
  for (const m of diff.metrics) {
    if (!m.cell) continue;
    const t = out.get(m.cell.table) ?? { table: m.cell.table, changed: [], same: 0 };
    if (m.status === 'unchanged') t.same++;
    else t.changed.push(m);
    out.set(m.cell.table, t);
  }
  return [...out.values()];
}

/** One changed cell: `二、（一）新收 × 男：2 → 5`. */
function cellLine(m: MetricChange): string {
  const v = (x: MetricValue | null) => (x ? formatValue(x, m.kind, m.decimals) : '（无）');
  return `${m.cell!.row} × ${m.cell!.column}：${v(m.before)} → ${v(m.after)}`;
}

function fieldText(f: FieldChange, paint: Paint): string {
  if (f.status === 'added') return `${paint.ins(f.after ?? '')}（新增）`;
  if (f.status === 'removed') return `${paint.del(f.before ?? '')}（删除）`;
  return `${f.before} → ${f.after}`;
}

function itemLines(item: ItemChange, list: ListChange, paint: Paint, color: boolean): string[] {
  if (item.status === 'added') return [paint.ins(`  + ${itemName(item.after!, list)}`)];
  if (item.status === 'removed') return [paint.del(`  - ${itemName(item.before!, list)}`)];
  if (list.kind === 'titled') {
    const head = item.titleMarks ? textMarks(item.titleMarks, paint, color) : item.after!.title ?? '';
    const lines = [`  ~ ${head}${item.textMarks ? '' : '（内容未变）'}`];
    if (item.textMarks) lines.push(`      内容：${textMarks(withContext(item.textMarks), paint, color)}`);
    return lines;
  }
  return [`  ~ ${textMarks(withContext(item.textMarks ?? []), paint, color)}`];
}

/**
 * The last line: how many figures, table cells, text fields and list items changed. Table cells
 * are counted apart from the figures (a table of 175 cells would otherwise drown the 指标); each
 * part is left out when the model has nothing of its kind (the 指标 part stays when it has neither).
 */
function summaryLine(diff: DataDiff): string {
  const s = summarise(diff);
  const changed = (r: Record<string, number>) => r['changed']! + r['added']! + r['removed']!;
  const total = changed(s.metrics) + changed(s.cells) + changed(s.fields) + changed(s.items);
  if (total === 0) return '没有差别';
  const anyCells = changed(s.cells) + s.cells.unchanged > 0;
  const anyMetrics = changed(s.metrics) + s.metrics.unchanged > 0;
  const parts = [
    ...(anyMetrics || !anyCells ? [`指标 ${changed(s.metrics)} 项（${s.metrics.unchanged} 项未变）`] : []),
    ...(anyCells ? [`表格单元格 ${changed(s.cells)} 格（${s.cells.unchanged} 格未变）`] : []),
  ];
  return `有差别：${parts.join('，')}，其他字段 ${changed(s.fields)} 项，列表 ${changed(s.items)} 项（改动 ${s.items.changed}，新增 ${s.items.added}，删除 ${s.items.removed}）`;
}

// ── Markdown ────────────────────────────────────────────────────────────────────────────────────

/** Escapes Markdown's special characters in data text. */
export function escapeMd(s: string): string {
  return s.replace(/[\\`*_~[\]<>|#]/g, (c) => `\\${c}`);
}

function mdMarks(segs: readonly Segment[]): string {
  return segs
    .map((s) => {
      const t = escapeMd(s.text);
      if (s.op === 'equal') return t;
      // HTML, not ~~ and **: CommonMark's flanking rules break emphasis next to CJK punctuation.
      return s.op === 'delete' ? `<del>${t}</del>` : `<ins>${t}</ins>`;
    })
    .join('');
}

/** The diff as Markdown (GitHub flavour): a table of figures, then fields and lists. */
export function formatMarkdown(diff: DataDiff, before: Side, after: Side, opts: FormatOptions = {}): string {
  const [h1, h2] = headers(before, after);
  const out: string[] = [`### 逐年对比：${escapeMd(title(before, after))}`, ''];
  const metrics = visible(diff.metrics, opts).filter((m) => !m.cell);
  if (metrics.length > 0) {
    out.push(`| 指标 | ${h1} | ${h2} | 变化 | 变化率 |`, '| --- | ---: | ---: | ---: | ---: |');
    for (const m of metrics) {
      const change = m.status === 'added' ? '新增' : m.status === 'removed' ? '删除' : signedChange(m);
      const pct = m.status === 'added' || m.status === 'removed' ? '' : signedPercent(m);
      const cells = [metricLabel(m), value(m.before, m), value(m.after, m), change, pct].map(escapeMd);
      const row = `| ${cells.join(' | ')} |`;
      out.push(m.status === 'unchanged' ? row : row.replace(/^\| ([^|]+?) \|/, (_, l: string) => `| **${l}** |`));
    }
    out.push('');
  }
  for (const t of tables(diff)) {
    out.push(`#### ${escapeMd(t.table)}`, '');
    for (const m of t.changed) out.push(`- ${escapeMd(cellLine(m))}`);
    if (t.same > 0) out.push(t.changed.length === 0 ? `- ${t.same} 格都未变` : `- 其余 ${t.same} 格未变`);
    out.push('');
  }
  const fields = diff.fields.filter((f) => f.status !== 'unchanged');
  if (fields.length > 0) {
    out.push('#### 其他字段', '');
    for (const f of fields) {
      const text =
        f.status === 'added' ? `${escapeMd(f.after!)}（新增）` : f.status === 'removed' ? `<del>${escapeMd(f.before!)}</del>（删除）` : `${escapeMd(f.before!)} → ${escapeMd(f.after!)}`;
      out.push(`- ${escapeMd(f.label)}：${text}`);
    }
    out.push('');
  }
  for (const list of diff.lists) {
    const shown = list.items.filter((i) => i.status !== 'unchanged');
    if (shown.length === 0) continue;
    out.push(`#### ${escapeMd(list.label)}`, '');
    for (const item of shown) {
      if (item.status === 'added') out.push(`- 新增：${escapeMd(itemName(item.after!, list))}`);
      else if (item.status === 'removed') out.push(`- 删除：<del>${escapeMd(itemName(item.before!, list))}</del>`);
      else if (list.kind === 'titled') {
        const head = item.titleMarks ? mdMarks(item.titleMarks) : escapeMd(item.after!.title ?? '');
        out.push(`- 改动：${head}${item.textMarks ? '' : '（内容未变）'}`);
        if (item.textMarks) out.push(`  - 内容：${mdMarks(withContext(item.textMarks))}`);
      } else out.push(`- 改动：${mdMarks(withContext(item.textMarks ?? []))}`);
    }
    const same = list.items.length - shown.length;
    if (same > 0 && !opts.onlyChanged) out.push(`- 其余 ${same} 项未变`);
    out.push('');
  }
  out.push(`_${summaryLine(diff)}_`);
  return `${out.join('\n')}\n`;
}

// ── JSON ────────────────────────────────────────────────────────────────────────────────────────

/** The version of the JSON shape; changes that remove or rename a key raise it. */
export const JSON_VERSION = 1;

const jsonValue = (v: MetricValue | null, m: MetricChange) => (v ? { value: v.value, qualifier: v.qualifier, text: formatValue(v, m.kind, m.decimals) } : null);
const jsonSide = (s: ItemSide | null) => (s ? { index: s.index, ...(s.title !== undefined ? { title: s.title } : {}), text: s.text } : null);

/** The diff as a JSON-ready object (see the README for the shape). */
export function toJson(diff: DataDiff, before: Side, after: Side, opts: FormatOptions = {}): object {
  const s = summarise(diff);
  const keep = <T extends { status: string }>(xs: readonly T[]) => visible(xs, opts);
  return {
    format: 'report-diff',
    version: JSON_VERSION,
    before: { source: before.source, year: before.year },
    after: { source: after.source, year: after.year },
    changed: s.metrics.changed + s.metrics.added + s.metrics.removed + s.cells.changed + s.cells.added + s.cells.removed + s.fields.changed + s.fields.added + s.fields.removed + s.items.changed + s.items.added + s.items.removed > 0,
    summary: s,
    metrics: keep(diff.metrics).map((m) => ({
      key: m.key,
      label: m.label,
      unit: m.unit,
      kind: m.kind,
      status: m.status,
      before: jsonValue(m.before, m),
      after: jsonValue(m.after, m),
      change: m.change,
      percent: m.percent === null ? null : round1(m.percent),
      approximate: m.approximate,
      qualifierChanged: m.qualifierChanged,
      wording: m.change === null ? null : { amount: wordAmount(m), rate: wordRate(m) },
      ...(m.cell ? { cell: m.cell } : {}),
    })),
    fields: keep(diff.fields).map((f) => ({ key: f.key, label: f.label, status: f.status, before: f.before, after: f.after, marks: f.marks })),
    lists: diff.lists.map((l) => ({
      key: l.key,
      label: l.label,
      kind: l.kind,
      items: keep(l.items).map((i) => ({
        status: i.status,
        match: i.match,
        similarity: i.similarity,
        before: jsonSide(i.before),
        after: jsonSide(i.after),
        titleMarks: i.titleMarks,
        textMarks: i.textMarks,
      })),
    })),
  };
}

/** The diff as JSON text, two-space indented, ending in a newline. */
export function formatJson(diff: DataDiff, before: Side, after: Side, opts: FormatOptions = {}): string {
  return `${JSON.stringify(toJson(diff, before, after, opts), null, 2)}\n`;
}
