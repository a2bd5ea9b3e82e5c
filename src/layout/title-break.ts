/**
 * Breaking a title into lines, GB/T 9704-2012 §7.3.1: "标题一般用2号小标宋体字，编排于红色分隔线下空二行
 * 位置，分一行或多行居中排布；回行时，要做到词意完整，排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形".
 *
 * Operational rules: at most {@link TITLE_MAX_CHARS_PER_LINE} 字 a line; break where words end
 * (after an office name, before 关于, after 、》”）, before the final 的+文种); never split a
 * number from its unit (2024年), a 书名号 or quotation pair; no line shorter than 2 字; two lines
 * make a 梯形 (upper shorter), three a 菱形 (middle longest) or 梯形. Widths come from the caller's
 * `measure`, so the PDF can use real glyph widths and the DOCX an estimate.
 */
import { TITLE_MAX_CHARS_PER_LINE } from './gbt9704.js';

/** Width of a string in the caller's unit (points, or 字). */
export type Measure = (text: string) => number;

const OPENING = '（《“‘「『〔【';
const CLOSING = '）》”’」』〕】，。、；：？！';
/** Endings of office names and phrases after which a title reads well broken. */
const GOOD_AFTER = ['人民政府', '政府', '委员会', '办公室', '办公厅', '管理局', '局', '厅', '部', '委', '镇', '乡', '街道', '县', '市', '区', '省'];
/** Starts of phrases before which a title reads well broken. */
const GOOD_BEFORE = ['关于', '印发', '转发'];
/** Words a title may end with (文种), before whose 的 a break reads well. */
const DOC_KINDS = ['报告', '通知', '意见', '决定', '请示', '批复', '函', '纪要', '方案', '办法', '规定'];

const isDigit = (c: string | undefined) => c !== undefined && /[0-9０-９A-Za-z.%％]/.test(c);

/** Positions (character offsets) where a title may be broken, with a preference score (higher is better). */
export function breakCandidates(text: string): Map<number, number> {
  const chars = [...text];
  const out = new Map<number, number>();
  let depth = 0;
  const depthAt: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    depthAt[i] = depth;
    const c = chars[i]!;
    if ('《“‘「『（〔【'.includes(c)) depth++;
    if ('》”’」』）〕】'.includes(c)) depth = Math.max(0, depth - 1);
  }
  for (let i = 2; i <= chars.length - 2; i++) {
    const before = chars[i - 1]!;
    const after = chars[i]!;
    // Inside a bracketed or quoted name: never.
    if ((depthAt[i] ?? 0) > 0 && !'》”’」』）〕】'.includes(before)) continue;
    if (CLOSING.includes(after) || OPENING.includes(before)) continue;
    // A number and its unit, or the digits of one number, stay together.
    if (isDigit(before)) continue;
    const head = chars.slice(0, i).join('');
    const tail = chars.slice(i).join('');
    let score = 0;
    if ('、》”）'.includes(before)) score += 3;
    if (GOOD_AFTER.some((w) => head.endsWith(w))) score += 3;
    if (GOOD_BEFORE.some((w) => tail.startsWith(w))) score += 3;
    if (/[0-9]/.test(after)) score += 1; // before a year: 2024年…
    if (after === '的' && DOC_KINDS.some((k) => tail.endsWith(k))) score += 2;
    out.set(i, score);
  }
  return out;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` (default: 20 字 of `charWidth`). `forced`
 * break offsets, when given by the template author, are used as they are.
 */
export function breakTitle(text: string, measure: Measure, maxWidth: number, forced?: readonly number[]): string[] {
  const chars = [...text];
  const cut = (points: readonly number[]) => {
    const lines: string[] = [];
    let from = 0;
    for (const p of [...points, chars.length]) {
      lines.push(chars.slice(from, p).join(''));
      from = p;
    }
    return lines;
  };
  if (forced && forced.length > 0) return cut([...forced].sort((a, b) => a - b));
  if (measure(text) <= maxWidth) return [text];

  const candidates = breakCandidates(text);
  const positions = [...candidates.keys()];
  let best: { lines: string[]; cost: number } | null = null;
  const consider = (points: number[]) => {
    const lines = cut(points);
    const widths = lines.map(measure);
    if (widths.some((w) => w > maxWidth)) return;
    if (lines.some((l) => [...l].length < 2)) return;
    let cost = 0;
    for (const p of points) cost -= candidates.get(p)! * 4;
    const unit = measure('字');
    if (lines.length === 2) {
      // 梯形: the upper line shorter than the lower.
      if (widths[0]! > widths[1]!) cost += 40 + (widths[0]! - widths[1]!) / unit;
      if (Math.abs(widths[0]! - widths[1]!) < unit * 0.5) cost += 10; // a rectangle
    } else if (lines.length === 3) {
      const [a, b, c] = widths as [number, number, number];
      const diamond = b >= a && b >= c;
      const trapezoid = a <= b && b <= c;
      if (!diamond && !trapezoid) cost += 40;
      if (Math.abs(a - b) < unit * 0.5 && Math.abs(b - c) < unit * 0.5) cost += 10;
    }
    // Lines of similar length read better than a long line and a stub.
    const mean = widths.reduce((s, w) => s + w, 0) / widths.length;
    cost += widths.reduce((s, w) => s + Math.abs(w - mean), 0) / unit / 4;
    if (!best || cost < best.cost) best = { lines, cost };
  };
  for (const count of [1, 2, 3]) {
    if (count === 1) positions.forEach((p) => consider([p]));
    else if (count === 2) {
      for (let i = 0; i < positions.length; i++) for (let j = i + 1; j < positions.length; j++) consider([positions[i]!, positions[j]!]);
    } else {
      for (let i = 0; i < positions.length; i++)
        for (let j = i + 1; j < positions.length; j++)
          for (let k = j + 1; k < positions.length; k++) consider([positions[i]!, positions[j]!, positions[k]!]);
    }
    if (best) return (best as { lines: string[] }).lines;
  }
  // No acceptable break (a very long unbreakable name): fall back to even chunks.
  const per = Math.max(2, Math.floor(maxWidth / measure('字')));
  const points: number[] = [];
  for (let p = per; p < chars.length; p += per) points.push(p);
  return cut(points);
}

/**
 * An estimate of widths in 字 for when no font is at hand (the DOCX): 汉字 1, digits and Latin ½.
 * With `autoSpace`, also the ≈0.2 字 an office suite may add between 汉字 and digits (used for
 * titles, to stay on the safe side of 20 字 a line).
 */
export function estimateWidth(text: string, autoSpace = false): number {
  let w = 0;
  let prev: boolean | null = null;
  for (const c of text) {
    const narrow = c.charCodeAt(0) < 0x2e80;
    w += narrow ? 0.5 : 1;
    if (autoSpace && prev !== null && prev !== narrow) w += 0.2;
    prev = narrow;
  }
  return w;
}

/** {@link estimateWidth} with the auto-space allowance, for titles. */
export const estimateTitleWidth = (text: string): number => estimateWidth(text, true);

/** The default maximum title width in 字. */
export const TITLE_MAX_WIDTH_CHARS = TITLE_MAX_CHARS_PER_LINE;
