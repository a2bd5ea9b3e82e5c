/**
 * The PDF typesetter's pure half: document model + font metrics → pages of positioned lines. No
 * pdfkit here, so it is tested with a fake measurer.
 *
 * - Body text sits on the GB/T 9704 grid: 22 lines of 28.95 pt a page (§5.2.3); a full-width
 *   character takes one cell of 442.2/28 pt so 28 fill a line; digits and Latin keep their own width.
 * - Line breaking is layout/line-break.ts (shared with every writer that breaks its own lines):
 *   UAX #14 classes tailored by clreq's 行首禁则, 行尾禁则 and 分离禁则; a character is moved to the
 *   next line with the mark that may not start it (as office suites do); numbers stay whole with
 *   their unit (２０２４年, 1,234份, 95％以上, 20余场); a word longer than a line is broken where the
 *   line ends.
 * - Full lines are justified to both edges; the last line of a paragraph is ragged.
 * - A heading never ends a page; the signature stays on the page of the last body line.
 */
import type { Diagnostic } from '../../diagnostics.js';
import type { Block, Doc, Imprint } from '../../document/types.js';
import { ROLE_LABEL } from '../../fonts/types.js';
import type { FontMetrics } from '../../fonts/metrics.js';
import {
  BLANK_LINES_AFTER_TITLE,
  CHARS_PER_LINE,
  EM_BOX_ASCENT,
  FIRST_LINE_INDENT_CHARS,
  formatChineseDate,
  HEADING_ROLE,
  LINE_PITCH_PT,
  LINES_PER_PAGE,
  PAGE_NUMBER,
  PAGE_NUMBER_DASH_TOP_EM,
  ROLE_SIZE_PT,
  SIGNATURE,
  TEXT_BLOCK_PT,
  mmToPt,
  type FontRole,
} from '../../layout/gbt9704.js';
import { placeImprint, type ImprintPage } from '../../layout/gongwen.js';
import { layoutSignature } from '../../layout/signature.js';
import { TABLE } from '../../layout/gbt9704.js';
import { firstChunkHeight, placeTable, planTable, slotsAfter, type PlacedCell, type TableRule, type TablePlan } from './table.js';
import {
  addresseeLines,
  attachmentLabelLine,
  attachmentNoteLines,
  imprintLines,
  letterheadLines,
  type GongwenLineKind,
} from './gongwen.js';
import { breakLines } from '../../layout/line-break.js';
import { titleLines, titleMeasure } from '../../layout/title-break.js';

/** The fonts of one role as the layout sees them: the primary, then fallbacks. */
export interface RoleMetrics {
  readonly primary: FontMetrics;
  readonly fallbacks: readonly FontMetrics[];
  /** Family names, for warnings. */
  readonly families: Readonly<Record<string, string>>;
}

/** Font metrics for every role. */
export type Measurer = Readonly<Record<FontRole, RoleMetrics>>;

/** A run of characters in one font, drawn from `x` with `spacing` added after each character. */
export interface Run {
  readonly font: string;
  readonly text: string;
  readonly x: number;
  readonly spacing: number;
  /** The run's width without the spacing (the sum of advances), for the painter. */
  readonly width: number;
}

/** What a line is, for the painter and for tests. */
export type LineKind = 'title' | 'heading' | 'body' | 'signature' | 'pageNumber' | 'caption' | 'table' | GongwenLineKind;

/** A line placed on a page. Coordinates in points from the page's top-left corner. */
export interface PlacedLine {
  readonly kind: LineKind;
  readonly role: FontRole;
  readonly size: number;
  readonly baseline: number;
  readonly runs: readonly Run[];
  readonly text: string;
  /** The grid line (0–21) a body line sits on; -1 for page numbers and lines placed off the grid. */
  readonly slot: number;
  /** Fill colour as hex RGB (`FF0000`); black when absent. */
  readonly color?: string;
  /** Horizontal scaling in percent (a condensed 发文机关标志); 100 when absent. */
  readonly scaleX?: number;
}

/** A horizontal rule (the 版头's red line, the 版记's rules). Points from the page's top-left. */
export interface Rule {
  readonly x: number;
  /** The rule's centre line. */
  readonly y: number;
  readonly width: number;
  readonly thickness: number;
  /** Hex RGB; black when absent. */
  readonly color?: string;
}

/** A page of placed lines. */
export interface Page {
  readonly number: number;
  readonly lines: readonly PlacedLine[];
  /** Rules drawn on the page (公文 only). */
  readonly rules?: readonly Rule[];
  /** Ruling lines of tables (none on pages without a table). */
  readonly tableRules?: readonly TableRule[];
  /** Table cells on this page: their boxes and the text drawn in each. */
  readonly cells?: readonly PlacedCell[];
}

/** The layout of a whole document. */
export interface Layout {
  readonly pages: readonly Page[];
  readonly warnings: readonly Diagnostic[];
  /** Where the 版记 went (公文 with a 版记 only): its page, the blank page before it, its numbering. */
  readonly imprint?: ImprintPage;
}

/** The width of one grid cell: the 版心 width over 28 characters (§5.2.3). */
export const CELL_PT = TEXT_BLOCK_PT.width / CHARS_PER_LINE;

/**
 * Characters measured for a line: each with its font, the width it takes on the line (a grid cell
 * for full-width ones) and the width the font draws it with (its advance at the size).
 */
export interface Measured {
  readonly chars: readonly string[];
  readonly fonts: readonly string[];
  readonly widths: readonly number[];
  readonly advances: readonly number[];
}

/** A line before justification: a slice of measured characters. */
export type RawLine = Measured;

const sliceOf = (m: Measured, from: number, to: number): RawLine => ({
  chars: m.chars.slice(from, to),
  fonts: m.fonts.slice(from, to),
  widths: m.widths.slice(from, to),
  advances: m.advances.slice(from, to),
});

export const widthOf = (m: Measured): number => m.widths.reduce((s, w) => s + w, 0);

/** Measures text and breaks it into lines (shared with the 公文 parts in gongwen.ts). */
export class Typesetter {
  readonly warnings: Diagnostic[] = [];
  private readonly warned = new Set<string>();

  constructor(private readonly measurer: Measurer) {}

  /** The font of each character of `text` in `role`, falling back where the font lacks it. */
  private fontsFor(text: readonly string[], role: FontRole): string[] {
    const m = this.measurer[role];
    return text.map((ch) => {
      if (ch === ' ' || m.primary.has(ch)) return m.primary.key;
      const fb = m.fallbacks.find((f) => f.has(ch));
      const key = `${role}:${ch}`;
      if (!this.warned.has(key)) {
        this.warned.add(key);
        const primaryName = m.families[m.primary.key] ?? m.primary.key;
        this.warnings.push({
          severity: 'warning',
          message: fb
            ? `字符“${ch}”不在${ROLE_LABEL[role]}字体 ${primaryName} 中，PDF 里改用 ${m.families[fb.key] ?? fb.key} 显示`
            : `字符“${ch}”在${ROLE_LABEL[role]}字体 ${primaryName} 及所有替补字体中都没有，PDF 里无法显示`,
          hint: fb ? '字形可能与周围文字略有不同；装上含此字的公文字体可避免' : '请检查是否误输入了特殊字符',
          code: fb ? 'fonts.fallback' : 'fonts.missing-glyph',
        });
      }
      return (fb ?? m.primary).key;
    });
  }

  /** How far above the baseline `char`'s ink reaches in the font `key` of `role`, in em. */
  inkTop(role: FontRole, char: string, key: string): number {
    const top = this.metricsOf(role, key).inkTop?.(char);
    return top !== undefined && Number.isFinite(top) ? top : PAGE_NUMBER_DASH_TOP_EM;
  }

  /** The advance of `char` in em in the font that draws it in `role`. */
  advanceEm(role: FontRole, char: string): number {
    return this.metricsOf(role, this.fontsFor([char], role)[0]!).advance(char);
  }

  private metricsOf(role: FontRole, key: string): FontMetrics {
    const m = this.measurer[role];
    return m.primary.key === key ? m.primary : (m.fallbacks.find((f) => f.key === key) ?? m.primary);
  }

  /** Width of a character: a full-width character takes one grid cell, others their advance. */
  private width(advance: number, size: number, grid: boolean): number {
    if (grid && advance >= 0.95) return (CELL_PT * size) / ROLE_SIZE_PT.body;
    return advance * size;
  }

  /** Measures the characters of `text` in `role` at `size` points (on the body grid when `grid`). */
  measure(text: string, role: FontRole, size: number, grid = true): Measured {
    const chars = [...text];
    const fonts = this.fontsFor(chars, role);
    const advances = chars.map((c, i) => this.metricsOf(role, fonts[i]!).advance(c) * size);
    const widths = advances.map((a) => this.width(a / size, size, grid));
    return { chars, fonts, widths, advances };
  }

  /** Breaks measured text into lines of `first` then `rest` points (layout/line-break.ts). */
  breakLines(m: Measured, first: number, rest: number): RawLine[] {
    let from = 0;
    return breakLines(m.chars, m.widths, first, rest).map((end) => {
      const line = sliceOf(m, from, end);
      from = end;
      return line;
    });
  }

  /** Turns a line into runs, justified to `target` width when `justify`. */
  runs(line: RawLine, x0: number, target: number, justify: boolean): { runs: Run[]; text: string } {
    const { chars, fonts, widths, advances } = line;
    const natural = widths.reduce((s, w) => s + w, 0);
    const gaps = Math.max(1, chars.length - 1);
    const overfull = natural > target + 0.01;
    const extra = (justify || overfull) && chars.length > 1 ? (target - natural) / gaps : 0;
    const runs: Run[] = [];
    let x = x0;
    let i = 0;
    // A run: the same font and the same difference between drawn advance and line width, so one
    // character spacing (the justification extra plus that difference) places every character.
    const delta = (k: number) => widths[k]! - advances[k]!;
    while (i < chars.length) {
      let j = i + 1;
      while (j < chars.length && fonts[j] === fonts[i] && Math.abs(delta(j) - delta(i)) < 1e-6) j++;
      const text = chars.slice(i, j).join('');
      const width = advances.slice(i, j).reduce((s, w) => s + w, 0);
      runs.push({ font: fonts[i]!, text, x, spacing: extra + delta(i), width });
      x += widths.slice(i, j).reduce((s, w) => s + w, 0) + extra * (j - i);
      i = j;
    }
    return { runs, text: chars.join('') };
  }
}

/** Baseline of grid line `slot` for type of `size` points: the em box's top on the grid line's top. */
export function baselineOf(slot: number, size: number): number {
  return TEXT_BLOCK_PT.top + slot * LINE_PITCH_PT + EM_BOX_ASCENT * size;
}

/** Lays out a document. */
export function layoutDocument(doc: Doc, measurer: Measurer): Layout {
  const t = new Typesetter(measurer);
  const width = TEXT_BLOCK_PT.width;
  const left = TEXT_BLOCK_PT.left;
  const indent = FIRST_LINE_INDENT_CHARS * CELL_PT;

  // First every block becomes a list of lines with their needs; then lines go onto pages.
  interface Item {
    readonly line: Omit<PlacedLine, 'baseline' | 'slot'>;
    /** Keep this line on the same page as the next one. */
    readonly keepWithNext: boolean;
    /** An empty grid line (after the title, before the signature); dropped at the top of a page. */
    readonly blank?: boolean;
    /** Start a new page with this line (a 附件). */
    readonly breakBefore?: boolean;
    /** A table: placed from the top of its grid line, as many lines as it is tall (table.ts). */
    readonly table?: TablePlan;
  }
  const items: Item[] = [];
  const textLines = (text: string, role: FontRole, kind: LineKind, keep: boolean) => {
    const size = ROLE_SIZE_PT.body;
    const lines = t.breakLines(t.measure(text, role, size), width - indent, width);
    lines.forEach((line, i) => {
      const x = i === 0 ? left + indent : left;
      const target = i === 0 ? width - indent : width;
      const last = i === lines.length - 1;
      const { runs, text: s } = t.runs(line, x, target, !last);
      items.push({ line: { kind, role, size, runs, text: s }, keepWithNext: keep });
    });
  };
  const blank = () => items.push({ line: { kind: 'body', role: 'body', size: ROLE_SIZE_PT.body, runs: [], text: '' }, keepWithNext: false, blank: true });

  const handle = (block: Block) => {
    switch (block.type) {
      case 'title': {
        const size = ROLE_SIZE_PT.title;
        // The title breaker both writers share, with this title font's widths (layout/title-break.ts);
        // the build decides the breaks once with the same measure and passes them in Title.breaks.
        const lines = titleLines(block, titleMeasure((c) => t.advanceEm('title', c)));
        for (const line of lines) {
          const m = t.measure(line, 'title', size, false);
          const w = widthOf(m);
          const { runs, text } = t.runs(m, left + (width - w) / 2, w, false);
          items.push({ line: { kind: 'title', role: 'title', size, runs, text }, keepWithNext: true });
        }
        for (let i = 0; i < BLANK_LINES_AFTER_TITLE; i++) blank();
        return;
      }
      case 'heading':
        // A run-in heading (levels 3–4, whose font is the body's) is laid out as a body paragraph.
        if (block.runIn !== undefined) return textLines(`${block.number}${block.text}${block.runIn}`, HEADING_ROLE[block.level], 'body', false);
        return textLines(`${block.number}${block.text}`, HEADING_ROLE[block.level], 'heading', true);
      case 'paragraph':
        return textLines(block.text, 'body', 'body', false);
      case 'table': {
        // The caption: centred body-grid lines kept with the table (TABLE in gbt9704.ts).
        if (block.caption !== null) {
          const size = ROLE_SIZE_PT.body;
          for (const line of t.breakLines(t.measure(block.caption, TABLE.captionRole, size), width, width)) {
            const w = widthOf(line);
            const { runs, text } = t.runs(line, left + (width - w) / 2, w, false);
            items.push({ line: { kind: 'caption', role: TABLE.captionRole, size, runs, text }, keepWithNext: true });
          }
        }
        const plan = planTable(block, {
          measure: (text, role, size, grid) => t.measure(text, role, size, grid),
          breakLines: (m, first, rest) => t.breakLines(m, first, rest),
          runs: (line, x0, target, justify) => t.runs(line, x0, target, justify),
        });
        items.push({ line: { kind: 'table', role: 'body', size: plan.type.sizePt, runs: [], text: '' }, keepWithNext: false, table: plan });
        return;
      }
      case 'letterhead': {
        const head = letterheadLines(block, t);
        fixed.push(...head.lines);
        fixedRules.push(...head.rules);
        for (let i = 0; i < head.slots; i++) blank();
        return;
      }
      case 'addressee':
      case 'attachmentNote':
        for (const line of (block.type === 'addressee' ? addresseeLines(block, t) : attachmentNoteLines(block, t))) {
          items.push({ line, keepWithNext: false, ...(line.runs.length === 0 ? { blank: true } : {}) });
        }
        return;
      case 'attachment': {
        items.push({ line: attachmentLabelLine(block, t), keepWithNext: true, breakBefore: true });
        blank();
        return handle({ type: 'title', text: block.title });
      }
      case 'imprint':
        imprint = block;
        return;
      case 'signature': {
        const date = formatChineseDate(block.date);
        const size = ROLE_SIZE_PT.body;
        // In 字 of the grid, so the standard's 右空二字/四字 are whole cells; wrapped or moved to stay
        // inside the 版心 when the 署名 is long (layout/signature.ts).
        const place = layoutSignature(block.issuer, date, block.sealed, (s) => widthOf(t.measure(s, 'body', size)) / CELL_PT, CHARS_PER_LINE);
        for (let i = 0; i < SIGNATURE.blankLinesBefore; i++) blank();
        for (const { text: s, right } of [...place.issuer, place.date]) {
          const m = t.measure(s, 'body', size);
          const x = left + width - right * CELL_PT - widthOf(m);
          const { runs, text } = t.runs(m, x, widthOf(m), false);
          items.push({ line: { kind: 'signature', role: 'body', size, runs, text }, keepWithNext: false });
        }
        return;
      }
    }
  };
  // The 版头 is placed on page 1 directly (its lines are not on the grid); the 版记 at the foot of
  // the last page once the text is paginated (see gongwen.ts).
  const fixed: PlacedLine[] = [];
  const fixedRules: Rule[] = [];
  let imprint = null as Imprint | null;
  doc.blocks.forEach(handle);

  // Pagination on the grid.
  const pages: PlacedLine[][] = [[]];
  // What tables put on each page (by page index): ruling lines and cell boxes.
  const tableParts = new Map<number, { tableRules: TableRule[]; cells: PlacedCell[] }>();
  // Grid lines an item needs on its page: one, or for a table its header and first body row.
  const slotsOf = (it: Item) => (it.table ? Math.max(1, Math.ceil(firstChunkHeight(it.table) / LINE_PITCH_PT - 1e-6)) : 1);
  let slot = 0;
  const signatureStart = items.findIndex((it) => it.line.kind === 'signature');
  const signatureEnd = items.findLastIndex((it) => it.line.kind === 'signature') + 1;
  // The last line of text before the signature: the 附件说明 between them (§7.3.4) and the blank
  // lines go with the signature, so the 落款 never stands on a page without text (§7.3.5).
  let signatureAnchor = signatureStart - 1;
  while (signatureAnchor > 0 && (items[signatureAnchor]!.blank || items[signatureAnchor]!.line.kind === 'attachmentNote')) signatureAnchor--;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    // Lines that must stay together from here: a chain of keep-with-next lines plus the next one.
    let count = 1;
    while (items[i + count - 1]?.keepWithNext && i + count < items.length) count++;
    let need = items.slice(i, i + count).reduce((n, it) => n + slotsOf(it), 0);
    // The signature (with its blank line, and the 附件说明 before it) stays with the last body line.
    const signatureBlock = signatureStart >= 0 && i === signatureAnchor;
    if (signatureBlock) need = items.slice(i, signatureEnd).reduce((n, it) => n + slotsOf(it), 0);
    const isFirstTitle = item.line.kind === 'title';
    if (slot > 0 && slot + need > LINES_PER_PAGE && need <= LINES_PER_PAGE && !isFirstTitle) {
      pages.push([]);
      slot = 0;
    }
    if (slot >= LINES_PER_PAGE || (item.breakBefore && slot > 0)) {
      pages.push([]);
      slot = 0;
    }
    if (item.table) {
      // The table runs from this grid line over as many pages as it needs; the body grid resumes
      // on the first grid line below it.
      const parts = placeTable(item.table, TEXT_BLOCK_PT.top + slot * LINE_PITCH_PT);
      parts.forEach((part, k) => {
        if (k > 0) pages.push([]);
        pages.at(-1)!.push(...part.lines.map((l) => ({ kind: 'table' as const, role: l.role, size: l.size, baseline: l.baseline, runs: l.runs, text: l.text, slot: -1 })));
        const here = tableParts.get(pages.length - 1) ?? { tableRules: [], cells: [] };
        here.tableRules.push(...part.rules);
        here.cells.push(...part.cells);
        if (here.cells.length > 0) tableParts.set(pages.length - 1, here);
      });
      const last = parts.at(-1)!;
      slot = last.lines.length === 0 && last.rules.length === 0 ? slot : slotsAfter(last.bottom);
      continue;
    }
    if (item.blank && slot === 0 && pages.length > 1) continue; // no blank line at the top of a page
    if (!item.blank) {
      pages.at(-1)!.push({ ...item.line, baseline: baselineOf(slot, item.line.size), slot });
    }
    slot++;
  }

  pages[0]!.unshift(...fixed);
  const rules: Rule[][] = pages.map((_, i) => (i === 0 ? [...fixedRules] : []));
  const unnumbered = new Set<number>();
  let imprintPage: ImprintPage | undefined;
  if (imprint) {
    // The 版记 shares the last page of text when it fits below it, else takes a page of its own
    // (after a blank page when printed on both sides and the next page is odd) (layout/gongwen.ts).
    const foot = imprintLines(imprint, t);
    const rows = foot.lines.length;
    imprintPage = placeImprint(pages.length, Math.min(slot, LINES_PER_PAGE), rows, imprint.duplex);
    if (imprintPage.blankPage !== null) {
      pages.push([]);
      rules.push([]);
      unnumbered.add(imprintPage.blankPage);
    }
    if (imprintPage.placement !== 'shared') {
      pages.push([]);
      rules.push([]);
    }
    pages.at(-1)!.push(...foot.lines);
    rules.at(-1)!.push(...foot.rules);
    if (!imprintPage.numbered) unnumbered.add(imprintPage.page);
  }

  // Page numbers "— n —", 7 mm below the 版心, odd pages right and even pages left (§7.5).
  const size = ROLE_SIZE_PT.pageNumber;
  const dashY = TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height + mmToPt(PAGE_NUMBER.belowTextBlockMm);
  const placed = pages.map((lines, i): Page => {
    const n = i + 1;
    const withRules = { ...(rules[i]!.length > 0 ? { rules: rules[i]! } : {}), ...tableParts.get(i) };
    if (unnumbered.has(n)) return { number: n, lines, ...withRules };
    const text = `${PAGE_NUMBER.dash} ${n} ${PAGE_NUMBER.dash}`;
    const m = t.measure(text, 'pageNumber', size, false);
    const w = widthOf(m);
    const inset = PAGE_NUMBER.insetChars * size;
    const x = n % 2 === 1 ? left + width - inset - w : left + inset;
    const { runs } = t.runs(m, x, w, false);
    const line: PlacedLine = {
      kind: 'pageNumber',
      role: 'pageNumber',
      size,
      // The top of the dash (一字线) 7 mm below the 版心: the baseline lies its ink height lower.
      baseline: dashY + t.inkTop('pageNumber', PAGE_NUMBER.dash, m.fonts[0]!) * size,
      runs,
      text,
      slot: -1,
    };
    return { number: n, lines: [...lines, line], ...withRules };
  });
  return { pages: placed, warnings: t.warnings, ...(imprintPage ? { imprint: imprintPage } : {}) };
}
