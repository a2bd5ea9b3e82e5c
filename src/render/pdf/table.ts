/**
 * Tables in the PDF layout (pure, measured): a table node → cells with their lines of text, then
 * rows placed down the page, breaking onto new pages. Used by layout.ts, which places everything
 * else; painting draws the text lines and the ruling lines this module returns.
 *
 * - Column widths come from the shared plan (layout/table-columns.ts, the same as the DOCX) and
 *   fill the 版心 exactly.
 * - The table is set in 小四, or in 五号 or 小五 when it is wide (layout/table-columns.ts tableType),
 *   with cell margins of 0.55 字 so that two cells' texts side by side are more than one 字 apart:
 *   poppler's pdftotext then reads each cell as a block of its own (its TextOutputDev joins words
 *   less than one font size apart on the same lines into one block, interleaving their lines).
 * - Cell text is broken with the body text's breaker: the same 禁则 (no ，。 at a line start, no （
 *   at a line end) and numbers kept with their units; a number wider than its column alone is
 *   broken between digits. Lines are broken by the widths an office suite may give the text, so
 *   the DOCX breaks no line the PDF keeps whole. Full lines of left-aligned text are justified;
 *   notes use the note font.
 * - A row never splits: one that does not fit below moves to the next page, where the header rows
 *   are repeated first. Header rows never end a page without a body row. Only a row taller than a
 *   whole page is split, between its lines.
 * - A cell spanning rows is as tall as its rows together (the last one grows when the text needs
 *   more); across a page break its text is kept whole on the first page whose part holds it, and
 *   centred there, so `pdftotext` reads every cell's text in one piece.
 * - Ruling lines run along every cell edge, merged into maximal segments, inset by half their width
 *   at the table's outer edges so no ink passes the 版心; square caps join them at the corners.
 */
import { cellText, tableGrid, type ColumnAlign, type Table, type TableCell } from '../../document/table.js';
import { EM_BOX_ASCENT, LINE_PITCH_PT, mmToPt, ROLE_SIZE_PT, TABLE, TEXT_BLOCK_PT, type FontRole } from '../../layout/gbt9704.js';
import { estimateCellExtent, planColumns, tableType, type TableType } from '../../layout/table-columns.js';
import { gbWidth } from '../../layout/title-break.js';

/** Measured characters, as layout.ts measures them: font, width on the line, drawn advance. */
export interface MeasuredText {
  readonly chars: readonly string[];
  readonly fonts: readonly string[];
  readonly widths: readonly number[];
  readonly advances: readonly number[];
}

/** The parts of the body typesetter a table uses (see layout.ts). */
export interface CellTypesetter {
  measure(text: string, role: FontRole, size: number, grid: boolean): MeasuredText;
  /** The body text's line breaker (layout/line-break.ts: UAX #14 with the 禁则 and number rules). */
  breakLines(m: MeasuredText, first: number, rest: number): MeasuredText[];
  runs(line: MeasuredText, x0: number, target: number, justify: boolean): { runs: TableRun[]; text: string };
}

/** A run as layout.ts defines it. */
export interface TableRun {
  readonly font: string;
  readonly text: string;
  readonly x: number;
  readonly spacing: number;
  readonly width: number;
}

/** A ruling line; coordinates in points from the page's top-left corner. */
export interface TableRule {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly width: number;
}

/** A line of cell text, positioned relative to the cell's content box top-left corner. */
interface CellLine {
  readonly role: FontRole;
  readonly runs: readonly TableRun[];
  readonly text: string;
  /** Index of the line in its cell. */
  readonly index: number;
}

/** A laid-out cell: its lines (x already absolute) and its content height. */
interface CellBox {
  readonly cell: TableCell;
  readonly row: number;
  readonly x0: number;
  readonly x1: number;
  readonly lines: readonly CellLine[];
  readonly height: number;
}

/** A line of cell text placed on a page. */
export interface TableLine {
  readonly role: FontRole;
  readonly size: number;
  readonly baseline: number;
  readonly runs: readonly TableRun[];
  readonly text: string;
}

/** A cell's box on a page and the text drawn in it there (for tests and tools). */
export interface PlacedCell {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  /** The text drawn in this box on this page ('' for the part of a merged cell without its text). */
  readonly text: string;
  /** Whether the cell belongs to the header rows. */
  readonly head: boolean;
}

/** What the table puts on one page. */
export interface TablePage {
  readonly lines: TableLine[];
  readonly rules: TableRule[];
  readonly cells: PlacedCell[];
  /** Top and bottom of the table's part on this page. */
  readonly top: number;
  bottom: number;
}

const PAD_Y = mmToPt(TABLE.cellMarginMm.y);

/** A table measured and broken into cells, ready to be placed on pages. */
export interface TablePlan {
  readonly table: Table;
  /** The type it is set in (小四, or smaller for a wide table), its line pitch and cell margins. */
  readonly type: TableType;
  readonly columns: readonly number[];
  readonly boxes: readonly CellBox[];
  /** Height of each row (head then body), points. */
  readonly rows: readonly number[];
}

/** Column widths in points, filling the 版心 (156 mm), for a table set in `type` (by default the table's own). */
export function tableColumns(table: Table, type: TableType = tableType(table, TEXT_BLOCK_PT.width)): number[] {
  return planColumns(table, TEXT_BLOCK_PT.width, type.padXPt, (cell) => estimateCellExtent(cell, type.sizePt));
}

/** Lays out every cell's text and the height of every row. */
export function planTable(table: Table, t: CellTypesetter): TablePlan {
  const type = tableType(table, TEXT_BLOCK_PT.width);
  const { sizePt: SIZE, pitchPt: PITCH, padXPt: PAD_X } = type;
  const columns = tableColumns(table, type);
  const edges = columns.reduce<number[]>((xs, w) => [...xs, xs.at(-1)! + w], [TEXT_BLOCK_PT.left]);
  const rowsAll = [...table.head, ...table.body];
  const boxes: CellBox[] = [];
  rowsAll.forEach((row, r) => {
    const head = r < table.head.length;
    for (const cell of row.cells) {
      const x0 = edges[cell.column]!;
      const x1 = edges[cell.column + cell.colSpan]!;
      const width = x1 - x0 - 2 * PAD_X;
      const align: ColumnAlign = head ? 'center' : table.columns[cell.column]!;
      // Every span measured in its role's font (notes in 楷体), then broken as one text.
      const parts = cell.spans.map((span) => ({ role: span.note ? TABLE.noteRole : ('body' as FontRole), m: t.measure(span.text, span.note ? TABLE.noteRole : 'body', SIZE, false) }));
      const whole: MeasuredText = {
        chars: parts.flatMap((p) => p.m.chars),
        fonts: parts.flatMap((p) => p.m.fonts),
        widths: parts.flatMap((p) => p.m.widths),
        advances: parts.flatMap((p) => p.m.advances),
      };
      const roles = parts.flatMap((p) => p.m.chars.map(() => p.role));
      // Broken by the widths an office suite may give the text (see officeWidths), so that Word and
      // LibreOffice, setting the DOCX's cells, break no line that the PDF keeps whole; drawn with
      // the font's own widths.
      const officeLines = cellText(cell) === '' ? [] : t.breakLines({ ...whole, widths: officeWidths(whole, SIZE) }, width, width);
      let from = 0;
      const broken = officeLines.map((l) => {
        const at = from;
        from += l.chars.length;
        return sliceMeasured(whole, at, from);
      });
      let k = 0;
      const lines: CellLine[] = broken.map((line, i) => {
        const role = roles[k]!;
        k += line.chars.length;
        const natural = line.widths.reduce((s, w) => s + w, 0);
        const last = i === broken.length - 1;
        const justify = align === 'left' && !last;
        const offset = justify ? 0 : align === 'center' ? (width - natural) / 2 : align === 'right' ? width - natural : 0;
        const { runs, text } = t.runs(line, x0 + PAD_X + Math.max(0, offset), justify ? width : natural, justify);
        return { role, runs, text, index: i };
      });
      boxes.push({ cell, row: r, x0, x1, lines, height: Math.max(1, lines.length) * PITCH + 2 * PAD_Y + TABLE.rulePt });
    }
  });
  // A row is as tall as its text, its margins and one ruling line (office suites count the
  // border into the row's height too, so a table is as tall in Word and LibreOffice as here).
  const rows = rowsAll.map(() => PITCH + 2 * PAD_Y + TABLE.rulePt);
  for (const b of boxes.filter((x) => x.cell.rowSpan === 1)) rows[b.row] = Math.max(rows[b.row]!, b.height);
  for (const b of boxes.filter((x) => x.cell.rowSpan > 1).sort((p, q) => p.cell.rowSpan - q.cell.rowSpan)) {
    const have = rows.slice(b.row, b.row + b.cell.rowSpan).reduce((s, h) => s + h, 0);
    if (b.height > have) rows[b.row + b.cell.rowSpan - 1]! += b.height - have;
  }
  return { table, type, columns, boxes, rows };
}

/**
 * Widths (points) of measured text as an office suite may set it at `size`: each character at
 * least its GB 2312 width (1 字, digits and Latin ½ 字) and digits and Latin letters at least 0.64
 * 字 (LibreOffice without the official fonts draws them in DejaVu Sans), plus 0.2 字 where 汉字
 * meet digits or Latin letters (the space LibreOffice adds there), as titles are measured
 * (layout/title-break.ts).
 */
function officeWidths(m: MeasuredText, size: number): number[] {
  let prev: boolean | null = null;
  return m.chars.map((c, i) => {
    const narrow = gbWidth(c) < 1;
    const own = Math.max(m.widths[i]!, (narrow ? OFFICE_NARROW_EM : 1) * size);
    const joint = prev !== null && prev !== narrow && !/\s/u.test(c) ? 0.2 * size : 0;
    prev = narrow;
    return own + joint;
  });
}

/** Width of a digit or Latin letter in the fonts an office suite may fall back to, in em. */
const OFFICE_NARROW_EM = 0.64;

/** Characters `from` to `to` of measured text. */
function sliceMeasured(m: MeasuredText, from: number, to: number): MeasuredText {
  return { chars: m.chars.slice(from, to), fonts: m.fonts.slice(from, to), widths: m.widths.slice(from, to), advances: m.advances.slice(from, to) };
}

/** The least height the table needs at a page top: its header rows and first body row. */
export function firstChunkHeight(plan: TablePlan): number {
  const head = plan.table.head.length;
  return plan.rows.slice(0, head).reduce((s, h) => s + h, 0) + (head < plan.rows.length ? firstPiece(plan, head) : 0);
}

/** One line of a cell with its margins and rule: the least of a row that can stand on a page. */
const minPiece = (plan: TablePlan) => plan.type.pitchPt + 2 * PAD_Y + TABLE.rulePt;

/** Whether row `r` is taller than a page holds below the header rows (it is then split). */
function isTall(plan: TablePlan, r: number): boolean {
  const head = plan.rows.slice(0, plan.table.head.length).reduce((s, h) => s + h, 0);
  return plan.rows[r]! > TEXT_BLOCK_PT.height - head + 0.01;
}

/** What of row `r` must fit where it starts: all of it, or one line of a row that is split anyway. */
const firstPiece = (plan: TablePlan, r: number) => (isTall(plan, r) ? minPiece(plan) : plan.rows[r]!);

/** Baseline of line `i` of a text block whose first line box starts at `top`. */
const baselineAt = (type: TableType, top: number, i: number) => top + i * type.pitchPt + (type.pitchPt - type.sizePt) / 2 + EM_BOX_ASCENT * type.sizePt;

/**
 * Places the table from `top` (a grid line's top) on the current page, adding pages as needed.
 * Returns each page's part; the first belongs to the current page.
 */
export function placeTable(plan: TablePlan, top: number): TablePage[] {
  const bottomLimit = TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height;
  const { sizePt: SIZE, pitchPt: PITCH } = plan.type;
  const MIN_PIECE = minPiece(plan);
  const headCount = plan.table.head.length;
  const total = plan.rows.length;
  const pages: TablePage[] = [];
  // Each placed row fragment: its row, its top and height on a page, and the first line of each
  // cell of the row that belongs to this fragment (rows taller than a page are split by lines).
  interface Frag {
    readonly row: number;
    readonly y: number;
    readonly h: number;
  }
  const frags: Frag[][] = [];
  let page: Frag[] = [];
  let y = top;
  // Where rows start on this page when nothing but repeated header rows is above (a row that does
  // not fit there cannot fit anywhere); -Infinity when the table starts below other text.
  let contentTop = Math.abs(top - TEXT_BLOCK_PT.top) < 0.01 ? top : -Infinity;
  const newPage = () => {
    frags.push(page);
    page = [];
    y = TEXT_BLOCK_PT.top;
    for (let r = 0; r < headCount; r++) {
      page.push({ row: r, y, h: plan.rows[r]! });
      y += plan.rows[r]!;
    }
    contentTop = y;
  };
  for (let r = 0; r < total; r++) {
    const h = plan.rows[r]!;
    const isHead = r < headCount;
    // Header rows go with the first body row (with its first line when it is split anyway).
    const need = isHead
      ? plan.rows.slice(r, headCount).reduce((s, x) => s + x, 0) + (headCount < total ? firstPiece(plan, headCount) : 0)
      : firstPiece(plan, r);
    const atTop = Math.abs(y - contentTop) < 0.01 || (isHead && r > 0);
    if (y + need > bottomLimit + 0.01 && !atTop) {
      if (isHead) {
        // Nothing of the table is on this page yet: start it on the next one.
        frags.push(page);
        page = [];
        y = TEXT_BLOCK_PT.top;
        contentTop = y;
      } else {
        newPage();
      }
    }
    if (y + h > bottomLimit + 0.01 && !isHead) {
      // Taller than what a page holds below the header: split between lines.
      let rest = h;
      while (y + rest > bottomLimit + 0.01) {
        const room = Math.floor((bottomLimit - y - MIN_PIECE + PITCH) / PITCH) * PITCH + MIN_PIECE - PITCH;
        if (room >= MIN_PIECE - 0.01) {
          page.push({ row: r, y, h: room });
          rest -= room - (MIN_PIECE - PITCH);
        }
        newPage();
      }
      page.push({ row: r, y, h: rest });
      y += rest;
      continue;
    }
    page.push({ row: r, y, h });
    y += h;
  }
  frags.push(page);
  // The first entry is the current page even when the table starts on the next one.

  for (const list of frags) {
    const out: TablePage = { lines: [], rules: [], cells: [], top: list[0]?.y ?? top, bottom: list.at(-1) ? list.at(-1)!.y + list.at(-1)!.h : top };
    const rects: { x0: number; x1: number; y0: number; y1: number }[] = [];
    const byRow = new Map<number, Frag[]>();
    for (const f of list) byRow.set(f.row, [...(byRow.get(f.row) ?? []), f]);
    for (const box of plan.boxes) {
      // The fragments of the rows this cell spans on this page.
      const mine = list.filter((f) => f.row >= box.row && f.row < box.row + box.cell.rowSpan);
      if (mine.length === 0) continue;
      const y0 = Math.min(...mine.map((f) => f.y));
      const y1 = Math.max(...mine.map((f) => f.y + f.h));
      rects.push({ x0: box.x0, x1: box.x1, y0, y1 });
      // Which of the cell's lines go here: split rows hand out lines in order; a spanning cell's
      // lines stay on the page it starts on when they fit, otherwise they flow on.
      const linesHere = linesOnPage(box, list, frags, plan);
      out.cells.push({ x0: box.x0, y0, x1: box.x1, y1, text: linesHere.map((l) => l.text).join(''), head: box.row < headCount });
      if (linesHere.length === 0) continue;
      const blockHeight = linesHere.length * PITCH;
      const whole = linesHere[0]!.index === 0 && linesHere.length === box.lines.length;
      // Centred vertically in its part of the cell; the parts of a split cell start at the top.
      const textTop = whole ? y0 + (y1 - y0 - blockHeight) / 2 : y0 + PAD_Y;
      linesHere.forEach((l, i) => {
        out.lines.push({ role: l.role, size: SIZE, baseline: baselineAt(plan.type, textTop, i), runs: l.runs, text: l.text });
      });
    }
    out.rules.push(...rulesOf(rects));
    pages.push(out);
  }
  return pages;
}

/** The lines of `box` that are drawn on the page whose fragments are `list`. */
function linesOnPage(box: CellBox, list: readonly { row: number; y: number; h: number }[], all: readonly (readonly { row: number; y: number; h: number }[])[], plan: TablePlan): CellLine[] {
  const span = (l: readonly { row: number; y: number; h: number }[]) =>
    l.filter((f) => f.row >= box.row && f.row < box.row + box.cell.rowSpan && !(f.row < plan.table.head.length && box.row >= plan.table.head.length));
  // Header cells repeat whole on every page.
  if (box.row < plan.table.head.length) return [...box.lines];
  const pagesOfCell = all.map(span).filter((l) => l.length > 0);
  const here = span(list);
  const index = pagesOfCell.findIndex((l) => l[0] === here[0]);
  if (index < 0) return [];
  // Capacity of each page's part of the cell, in lines.
  const capacity = pagesOfCell.map((l) => Math.max(0, Math.floor((l.reduce((s, f) => s + f.h, 0) - 2 * PAD_Y + 0.01) / plan.type.pitchPt)));
  // A merged cell's text stays whole on the first of its pages that holds all of it (so a label
  // is never cut in two by a page break).
  const whole = capacity.findIndex((c) => c >= box.lines.length);
  if (whole >= 0) return index === whole ? [...box.lines] : [];
  // Only a cell taller than a page is split: its lines flow on, the last part takes the rest.
  let start = 0;
  for (let p = 0; p < pagesOfCell.length; p++) {
    const cap = p === pagesOfCell.length - 1 ? Infinity : capacity[p]!;
    const take = Math.min(cap, box.lines.length - start);
    if (p === index) return box.lines.slice(start, start + take);
    start += take;
  }
  return [];
}

/** Cell rectangles → ruling lines along their edges, merged into maximal segments. */
function rulesOf(rects: readonly { x0: number; x1: number; y0: number; y1: number }[]): TableRule[] {
  if (rects.length === 0) return [];
  const w = TABLE.rulePt;
  const left = Math.min(...rects.map((r) => r.x0));
  const right = Math.max(...rects.map((r) => r.x1));
  const top = Math.min(...rects.map((r) => r.y0));
  const bottom = Math.max(...rects.map((r) => r.y1));
  // Outer edges move inwards by half the rule's width so the ink stays inside the 版心.
  const ix = (x: number) => (Math.abs(x - left) < 0.01 ? x + w / 2 : Math.abs(x - right) < 0.01 ? x - w / 2 : x);
  const iy = (y: number) => (Math.abs(y - top) < 0.01 ? y + w / 2 : Math.abs(y - bottom) < 0.01 ? y - w / 2 : y);
  const key = (v: number) => Math.round(v * 100) / 100;
  const horizontal = new Map<number, [number, number][]>();
  const vertical = new Map<number, [number, number][]>();
  // Segments by the line they lie on (rounded to 1/100 pt to group them; the exact position kept).
  const exact = new Map<number, number>();
  const add = (m: Map<number, [number, number][]>, at: number, a: number, b: number) => {
    const k = key(at);
    if (!exact.has(k)) exact.set(k, at);
    m.set(k, [...(m.get(k) ?? []), [a, b]]);
  };
  for (const r of rects) {
    add(horizontal, iy(r.y0), ix(r.x0), ix(r.x1));
    add(horizontal, iy(r.y1), ix(r.x0), ix(r.x1));
    add(vertical, ix(r.x0), iy(r.y0), iy(r.y1));
    add(vertical, ix(r.x1), iy(r.y0), iy(r.y1));
  }
  const merge = (segs: [number, number][]) => {
    const sorted = [...segs].sort((p, q) => p[0] - q[0]);
    const out: [number, number][] = [];
    for (const s of sorted) {
      const last = out.at(-1);
      if (last && s[0] <= last[1] + 0.01) last[1] = Math.max(last[1], s[1]);
      else out.push([s[0], s[1]]);
    }
    return out;
  };
  const rules: TableRule[] = [];
  for (const [k, segs] of [...horizontal.entries()].sort((p, q) => p[0] - q[0])) {
    const y = exact.get(k)!;
    for (const [a, b] of merge(segs)) rules.push({ x0: a, y0: y, x1: b, y1: y, width: w });
  }
  for (const [k, segs] of [...vertical.entries()].sort((p, q) => p[0] - q[0])) {
    const x = exact.get(k)!;
    for (const [a, b] of merge(segs)) rules.push({ x0: x, y0: a, x1: x, y1: b, width: w });
  }
  return rules;
}

/** Grid slots (of 28.95 pt) from the grid line at `top` down to the first line the body may use after `bottom`. */
export function slotsAfter(bottom: number): number {
  // The next body line's em box starts at least half a line's leading below the table.
  const gap = (LINE_PITCH_PT - ROLE_SIZE_PT.body) / 2;
  return Math.ceil((bottom + gap - TEXT_BLOCK_PT.top) / LINE_PITCH_PT - 1e-6);
}

export { tableGrid };
