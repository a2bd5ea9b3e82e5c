/**
 * The PDF layout of the 公文 parts (GB/T 9704-2012 §7.2–§7.4): the 版头 placed on page 1, the
 * 主送机关 and 附件说明 as grid lines, the 附件 label, and the 版记 at the foot of its page between
 * its rules. Pure, like layout.ts: the geometry comes from layout/gongwen.ts and gbt9704.ts.
 */
import type { Addressee, AttachmentNote, AttachmentStart, Imprint, Letterhead } from '../../document/types.js';
import {
  ATTACHMENT_NOTE,
  EM_BOX_ASCENT,
  GONGWEN_RED,
  IMPRINT,
  LETTERHEAD,
  LINE_PITCH_PT,
  mmToPt,
  ROLE_SIZE_PT,
  TEXT_BLOCK_PT,
  type FontRole,
} from '../../layout/gbt9704.js';
import { attachmentNoteEntries, copyToText, letterheadGeometry, printDateText, signerLines } from '../../layout/gongwen.js';
import { baselineOf, CELL_PT, widthOf, type Measured, type PlacedLine, type RawLine, type Rule, type Run, type Typesetter } from './layout.js';

/** Line kinds of the 公文 parts. */
export type GongwenLineKind = 'letterhead' | 'addressee' | 'attachmentNote' | 'attachment' | 'imprint';

const LEFT = TEXT_BLOCK_PT.left;
const WIDTH = TEXT_BLOCK_PT.width;
/** A measured line's width in points (layout.ts imports this module, so nothing of it runs at load). */
const lineWidth = (m: Measured): number => widthOf(m);

/** Text of `role` at `size` as one unbroken line: on the body grid (full-width = one cell) or at its own width. */
function oneLine(t: Typesetter, text: string, role: FontRole, size: number, grid: boolean): RawLine {
  return t.measure(text, role, size, grid);
}

/** Two measured pieces as one. */
const join = (a: Measured, b: Measured): Measured => ({
  chars: [...a.chars, ...b.chars],
  fonts: [...a.fonts, ...b.fonts],
  widths: [...a.widths, ...b.widths],
  advances: [...a.advances, ...b.advances],
});

/** Several pieces set one after another from `x` (label and names in different fonts). */
function pieces(t: Typesetter, x: number, parts: readonly RawLine[]): { runs: Run[]; text: string; width: number } {
  const runs: Run[] = [];
  let text = '';
  let at = x;
  for (const p of parts) {
    const w = lineWidth(p);
    const r = t.runs(p, at, w, false);
    runs.push(...r.runs);
    text += r.text;
    at += w;
  }
  return { runs, text, width: at - x };
}

/**
 * The 版头 on page 1: its lines (placed off the grid where the standard says so), the red rule and
 * how many grid lines it takes before the title. See {@link letterheadGeometry}.
 */
export function letterheadLines(node: Letterhead, t: Typesetter): { lines: PlacedLine[]; rules: Rule[]; slots: number } {
  const body = ROLE_SIZE_PT.body;
  const groups = signerLines(node.signers);
  const g = letterheadGeometry(groups.length);
  const top = TEXT_BLOCK_PT.top;
  const lines: PlacedLine[] = [];
  const line = (slot: number, parts: RawLine[], x: number, role: FontRole): void => {
    const p = pieces(t, x, parts);
    lines.push({ kind: 'letterhead', role, size: body, baseline: baselineOf(slot, body), runs: p.runs, text: p.text, slot });
  };
  // §7.2.1–§7.2.3: 份号 (3号 digits), 密级和保密期限 and 紧急程度 (3号黑体), 顶格 one a line.
  const corner: [string, FontRole][] = [];
  if (node.copyNumber !== undefined) corner.push([node.copyNumber, 'body']);
  if (node.secrecy !== undefined) corner.push([node.secrecy, 'heading1']);
  if (node.urgency !== undefined) corner.push([node.urgency, 'heading1']);
  corner.forEach(([text, role], i) => line(i, [oneLine(t, text, role, body, true)], LEFT, role));

  // §7.2.4: the 发文机关标志, centred in red, condensed when wider than the 版心.
  const size = LETTERHEAD.markSizePt;
  const mark = oneLine(t, node.mark, 'title', size, false);
  const natural = lineWidth(mark);
  const scale = natural > WIDTH ? WIDTH / natural : 1;
  const shown = natural * scale;
  const { runs, text } = t.runs(mark, LEFT + (WIDTH - shown) / 2, natural, false);
  lines.push({
    kind: 'letterhead',
    role: 'title',
    size,
    baseline: top + g.markBaseline,
    runs,
    text,
    slot: -1,
    color: GONGWEN_RED,
    ...(scale < 1 ? { scaleX: scale * 100 } : {}),
  });

  // §7.2.5, §7.2.6: the 发文字号, centred (下行文) or 居左空一字 with the 签发人 居右空一字 (上行文).
  const number = node.docNumber !== undefined ? oneLine(t, node.docNumber, 'body', body, true) : null;
  if (node.upward && groups.length > 0) {
    const label = oneLine(t, LETTERHEAD.signerLabel, 'body', body, true);
    const names = groups.map((names) => oneLine(t, names.join('\u3000'), 'heading2', body, true));
    const widest = Math.max(...names.map(lineWidth));
    const namesX = LEFT + WIDTH - LETTERHEAD.signerInsetChars * CELL_PT - widest;
    names.forEach((n, i) => {
      const slot = g.firstSignerLine + i;
      if (i === 0) line(slot, [label, n], namesX - lineWidth(label), 'body');
      else line(slot, [n], namesX, 'heading2');
    });
    if (number) line(g.docNumberLine, [number], LEFT + LETTERHEAD.docNumberInsetChars * CELL_PT, 'body');
  } else if (number) {
    line(g.docNumberLine, [number], LEFT + (WIDTH - lineWidth(number)) / 2, 'body');
  }

  // §7.2.7: the red rule 4 mm under the 发文字号, as wide as the 版心.
  const rules: Rule[] = [{ x: LEFT, y: top + g.ruleY, width: WIDTH, thickness: LETTERHEAD.ruleThicknessPt, color: GONGWEN_RED }];
  return { lines, rules, slots: g.firstBodyLine };
}

/** Lines of body text from `x0` (first) and `x` (rest) to the 版心's right edge, justified but the last. */
function flowLines(t: Typesetter, prefix: RawLine | null, text: string, x0: number, x: number, kind: GongwenLineKind): Omit<PlacedLine, 'baseline' | 'slot'>[] {
  const size = ROLE_SIZE_PT.body;
  const right = LEFT + WIDTH;
  const pre = prefix ? lineWidth(prefix) : 0;
  const broken = t.breakLines(t.measure(text, 'body', size), right - x0 - pre, right - x);
  return broken.map((l, i) => {
    const last = i === broken.length - 1;
    const start = i === 0 ? x0 + pre : x;
    const r = t.runs(l, start, right - start, !last);
    const head = i === 0 && prefix ? t.runs(prefix, x0, pre, false) : { runs: [], text: '' };
    return { kind, role: 'body' as const, size, runs: [...head.runs, ...r.runs], text: head.text + r.text };
  });
}

/** §7.3.2: the 主送机关, 居左顶格, 回行仍顶格 (the blank line above it is the title's). */
export function addresseeLines(node: Addressee, t: Typesetter): Omit<PlacedLine, 'baseline' | 'slot'>[] {
  return flowLines(t, null, node.text, LEFT, LEFT, 'addressee');
}

/**
 * §7.3.4: the 附件说明 one blank line under the body: `附件：` two 字 in, then `1.名称`; later entries
 * put their number under the first one, and a long name's next lines align with its first character.
 * A blank line is a line with no runs.
 */
export function attachmentNoteLines(node: AttachmentNote, t: Typesetter): Omit<PlacedLine, 'baseline' | 'slot'>[] {
  const size = ROLE_SIZE_PT.body;
  const out: Omit<PlacedLine, 'baseline' | 'slot'>[] = [];
  for (let i = 0; i < ATTACHMENT_NOTE.blankLinesBefore; i++) out.push({ kind: 'attachmentNote', role: 'body', size, runs: [], text: '' });
  const x0 = LEFT + ATTACHMENT_NOTE.indentChars * CELL_PT;
  const label = oneLine(t, ATTACHMENT_NOTE.label, 'body', size, true);
  const numberX = x0 + lineWidth(label);
  for (const e of attachmentNoteEntries(node.names)) {
    const number = oneLine(t, e.number, 'body', size, true);
    const nameX = numberX + lineWidth(number);
    const prefix = e.label ? join(label, number) : number;
    out.push(...flowLines(t, prefix.chars.length > 0 ? prefix : null, e.name, e.label ? x0 : numberX, nameX, 'attachmentNote'));
  }
  return out;
}

/** §7.3.7: `附件1` in 3号黑体, 顶格 on the first line of a new page. */
export function attachmentLabelLine(node: AttachmentStart, t: Typesetter): Omit<PlacedLine, 'baseline' | 'slot'> {
  const size = ROLE_SIZE_PT.body;
  const l = oneLine(t, node.label, 'heading1', size, true);
  const r = t.runs(l, LEFT, lineWidth(l), false);
  return { kind: 'attachment', role: 'heading1', size, runs: r.runs, text: r.text };
}

/**
 * §7.4: the 版记 at the foot of the 版心 — the 抄送 lines, then the 印发机关 and 印发日期 line, each
 * one grid line (28.95 pt) high with its 4号 text centred in it; a 0.35 mm rule above the first and
 * on the 版心's bottom edge, a 0.25 mm rule between the 抄送 and the 印发 line.
 */
export function imprintLines(node: Imprint, t: Typesetter): { lines: PlacedLine[]; rules: Rule[] } {
  const size = IMPRINT.sizePt;
  const inset = IMPRINT.insetChars * size;
  const bottom = TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height;
  const baselineIn = (lineTop: number) => lineTop + (LINE_PITCH_PT - size) / 2 + EM_BOX_ASCENT * size;
  const rows: Omit<PlacedLine, 'baseline' | 'slot'>[][] = [];
  if (node.copyTo.length > 0) {
    const { label, text } = copyToText(node.copyTo);
    const l = oneLine(t, label, 'body', size, false);
    const lw = lineWidth(l);
    const right = LEFT + WIDTH - inset;
    const broken = t.breakLines(t.measure(text, 'body', size, false), right - LEFT - inset - lw, right - LEFT - inset - lw);
    rows.push(
      broken.map((b, i) => {
        const x = LEFT + inset + lw;
        const r = t.runs(b, x, right - x, i < broken.length - 1);
        const head = i === 0 ? t.runs(l, LEFT + inset, lw, false) : { runs: [], text: '' };
        return { kind: 'imprint' as const, role: 'body' as const, size, runs: [...head.runs, ...r.runs], text: head.text + r.text };
      }),
    );
  }
  if (node.printer !== undefined && node.printDate !== undefined) {
    const p = oneLine(t, node.printer, 'body', size, false);
    const d = oneLine(t, printDateText(node.printDate), 'body', size, false);
    const dx = LEFT + WIDTH - inset - lineWidth(d);
    const a = t.runs(p, LEFT + inset, lineWidth(p), false);
    const b = t.runs(d, dx, lineWidth(d), false);
    rows.push([{ kind: 'imprint', role: 'body', size, runs: [...a.runs, ...b.runs], text: `${a.text}${b.text}` }]);
  }
  const count = rows.reduce((n, r) => n + r.length, 0);
  const firstTop = bottom - count * LINE_PITCH_PT;
  const lines: PlacedLine[] = [];
  const outer = mmToPt(IMPRINT.outerRuleMm);
  const inner = mmToPt(IMPRINT.innerRuleMm);
  // The outer rules lie inside the 版心: the last one's lower edge is the 版心's bottom edge.
  const rules: Rule[] = [
    { x: LEFT, y: firstTop + outer / 2, width: WIDTH, thickness: outer },
    { x: LEFT, y: bottom - outer / 2, width: WIDTH, thickness: outer },
  ];
  let k = 0;
  rows.forEach((row, ri) => {
    if (ri > 0) rules.push({ x: LEFT, y: firstTop + k * LINE_PITCH_PT, width: WIDTH, thickness: inner });
    for (const l of row) {
      lines.push({ ...l, baseline: baselineIn(firstTop + k * LINE_PITCH_PT), slot: -1 });
      k++;
    }
  });
  return { lines, rules };
}
