/**
 * Column widths of a table, shared by the DOCX and PDF writers so that Word, LibreOffice and our
 * PDF divide the 版心 the same way. Pure: the table and a total width in, one width per column out.
 *
 * The widths come from the content, as browsers lay out automatic tables (CSS 2.1 §17.5.2.2): each
 * column has a narrowest width (its longest number or Latin word, and at least two 字 of text when
 * the text is longer, so labels do not stand one 字 a line: 商业/企业 as the 2021 format sets them) and a widest (its longest text on one
 * line); cells spanning several columns widen them evenly where they need more. The table always
 * fills the 版心 exactly: columns that fit on one line share the space left over in proportion to
 * their width; otherwise each column gets its narrowest width plus a share of the rest in
 * proportion to how much more it could use; and when even the narrowest widths do not fit, all are
 * scaled down (text then breaks between any two characters).
 *
 * Text widths are estimated, not measured: a full-width character is 1 em, others 0.65 em, plus
 * 0.1 em of slack. Digits are 0.5 em in 仿宋_GB2312 but up to 0.64 em in the fonts an office suite
 * may fall back to (LibreOffice without the official fonts draws them in DejaVu Sans); the larger
 * value and the slack keep a number, or a two-字 label, on one line in every suite. The writers then break the text inside these columns with the
 * real font metrics (PDF) or leave it to the office suite (DOCX).
 */
import { cellText, type Table, type TableCell } from '../document/table.js';
import { TABLE } from './gbt9704.js';

/** A cell's content widths in points: `min` the narrowest it can be set in, `max` on one line. */
export interface CellExtent {
  readonly min: number;
  readonly max: number;
}

/** Text of at least this many 字 is not set narrower than that (unless the table cannot fit otherwise). */
const MIN_CHARS = 2;

/** Estimated width in em: 1 for full-width characters, 0.65 for the rest, plus 0.1 em of slack. */
function estimate(text: string): number {
  let w = 0.1;
  for (const c of text) w += c.charCodeAt(0) < 0x2e80 ? 0.65 : 1;
  return w;
}

/** The estimated narrowest and widest content width of a cell, in points, at `sizePt`. */
export function estimateCellExtent(cell: TableCell, sizePt: number): CellExtent {
  const text = cellText(cell);
  const max = estimate(text) * sizePt;
  // The longest piece that cannot break: a run of digits, Latin letters and their signs, or one 字,
  // with the brackets and quotes that open before it and the punctuation that closes after it
  // (no line ends on （ or starts on ）， so （三） is one piece: set full width, as office suites do).
  const pieces = text.match(/[（《“‘〔【［｛(]*(?:[0-9A-Za-z.,%+\-/]+|.)[）》”’〕】］｝)，。、；：？！…]*/gu) ?? [];
  const longest = Math.max(0, ...pieces.map((p) => estimate(p) * sizePt));
  return { min: Math.max(longest, Math.min(max, (MIN_CHARS + 0.1) * sizePt)), max };
}

/** The type a table is set in: its size, the distance between its lines, its left and right cell margin (points). */
export interface TableType {
  readonly sizePt: number;
  readonly pitchPt: number;
  readonly padXPt: number;
}

/** The type of a table at `sizePt`: lines 4/3 of the size apart, margins 0.55 of it (see `TABLE`). */
export function typeAt(sizePt: number): TableType {
  return { sizePt, pitchPt: sizePt * TABLE.linePitchEm, padXPt: sizePt * TABLE.cellMarginXEm };
}

/**
 * The type a table is set in, the same for the DOCX and the PDF: the largest of `TABLE.sizesPt`
 * (小四, 五号, 小五) at which its narrowest columns take at most `TABLE.fitShare` (85%) of `totalPt`
 * (the 版心's width, points); the smallest when none does (the columns are then scaled down).
 */
export function tableType(table: Table, totalPt: number): TableType {
  for (const size of TABLE.sizesPt) {
    const t = typeAt(size);
    const { min } = columnExtents(table, t.padXPt, (cell) => estimateCellExtent(cell, size));
    if (min.reduce((s, w) => s + w, 0) <= TABLE.fitShare * totalPt + 1e-6) return t;
  }
  return typeAt(TABLE.sizesPt[TABLE.sizesPt.length - 1]!);
}

/** Each column's narrowest and widest width, margins included (the unit of `padding` and `extent`). */
function columnExtents(table: Table, padding: number, extent: (cell: TableCell) => CellExtent): { min: number[]; max: number[] } {
  const n = table.columns.length;
  const min = new Array<number>(n).fill(2 * padding);
  const max = new Array<number>(n).fill(2 * padding);
  const cells = [...table.head, ...table.body].flatMap((row) => row.cells);
  for (const cell of cells.filter((c) => c.colSpan === 1)) {
    const e = extent(cell);
    min[cell.column] = Math.max(min[cell.column]!, e.min + 2 * padding);
    max[cell.column] = Math.max(max[cell.column]!, e.max + 2 * padding);
  }
  const widen = (widths: number[], from: number, span: number, need: number) => {
    const have = widths.slice(from, from + span).reduce((s, w) => s + w, 0);
    if (need > have) for (let i = from; i < from + span; i++) widths[i]! += (need - have) / span;
  };
  for (const cell of cells.filter((c) => c.colSpan > 1).sort((a, b) => a.colSpan - b.colSpan)) {
    const e = extent(cell);
    widen(min, cell.column, cell.colSpan, e.min + 2 * padding);
    widen(max, cell.column, cell.colSpan, e.max + 2 * padding);
  }
  for (let i = 0; i < n; i++) max[i] = Math.max(max[i]!, min[i]!);
  return { min, max };
}

/**
 * Plans column widths that add up to `total` (any unit, e.g. points). `padding` is the cell margin
 * on each side and `extent` gives each cell's content widths, both in the same unit.
 */
export function planColumns(table: Table, total: number, padding: number, extent: (cell: TableCell) => CellExtent): number[] {
  const { min, max } = columnExtents(table, padding, extent);
  const sum = (a: readonly number[]) => a.reduce((s, w) => s + w, 0);
  const sumMin = sum(min);
  const sumMax = sum(max);
  if (sumMax <= total) return max.map((w) => w + ((total - sumMax) * w) / sumMax);
  if (sumMin >= total) return min.map((w) => (w * total) / sumMin);
  const room = (total - sumMin) / (sumMax - sumMin);
  return min.map((w, i) => w + (max[i]! - w) * room);
}

/**
 * Rounds widths to whole units (e.g. twips) keeping their sum exactly `total` (largest remainders
 * get the spare units), so a DOCX table is exactly as wide as the 版心.
 */
export function roundWidths(widths: readonly number[], total: number): number[] {
  const sum = widths.reduce((s, w) => s + w, 0);
  const exact = widths.map((w) => (w * total) / sum);
  const floors = exact.map(Math.floor);
  let spare = total - floors.reduce((s, w) => s + w, 0);
  const order = exact.map((w, i) => ({ i, r: w - Math.floor(w) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (spare <= 0) break;
    floors[i]! += 1;
    spare--;
  }
  return floors;
}
