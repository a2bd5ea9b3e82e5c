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
const GOOD_AFTER = ['人民政府', '政府', '委员会', '办公室', '办公厅', '管理局', '办事处', '街道'];
/** One-character endings of office names (县, 镇 …): weaker, as they also end ordinary words. */
const GOOD_AFTER_WEAK = ['局', '厅', '部', '委', '镇', '乡', '县', '市', '区', '省'];
/** Phrases that end like an office name but are not one. */
const NOT_OFFICE = ['法治政府', '数字政府', '服务型政府'];
/**
 * Compound names of offices and of the subjects titles name, never split (a break inside one scores
 * badly): 街道 / 办事处, 人力资源 / 和社会保障局 and 政府 / 信息公开 read as broken words.
 */
const COMPOUNDS = [
  '街道办事处',
  '人力资源和社会保障',
  '住房和城乡建设',
  '文化和旅游',
  '市场监督管理',
  '生态环境',
  '自然资源',
  '农业农村',
  '交通运输',
  '卫生健康',
  '应急管理',
  '退役军人事务',
  '政务服务',
  '政府信息公开',
  '信息公开',
  '行政执法',
  '依法行政',
];
/** Starts of phrases before which a title reads well broken. */
const GOOD_BEFORE = ['关于', '印发', '转发'];
/** Conjunctions: a break before one reads acceptably (…情况 / 和…安排). */
const CONJUNCTIONS = ['和', '及', '与', '并'];
/** Words a title may end with (文种), before whose 的 a break reads well. */
const DOC_KINDS = ['报告', '通知', '意见', '决定', '请示', '批复', '函', '纪要', '方案', '办法', '规定'];
/** Words never split across lines (besides the ones above): a break inside one scores badly. */
const WORDS = [...GOOD_AFTER, ...NOT_OFFICE, ...COMPOUNDS, ...GOOD_BEFORE, ...DOC_KINDS, '法治', '建设', '工作', '情况', '年度', '安排', '实施', '推进', '开展', '活动', '进一步', '加强', '改进'];

const isDigit = (c: string | undefined) => c !== undefined && /[0-9０-９A-Za-z.%％]/.test(c);
/** Chinese numerals, and the units and counters that stay with a number (二〇二四年, 第十七届). */
const CN_NUMERAL = /[〇零一二三四五六七八九十百千万两]/;
const UNIT = /[年月日届次期个项条号章节款批轮件家人]/;

/** Options of {@link breakCandidates}. */
interface CandidateOptions {
  /** Also allow breaks inside 书名号, quotes and brackets (for a name too long for one line). */
  readonly insideBrackets?: boolean;
}

/** Positions (character offsets) where a title may be broken, with a preference score (higher is better). */
export function breakCandidates(text: string, options: CandidateOptions = {}): Map<number, number> {
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
  // Offsets strictly inside a protected word.
  const insideWord = new Set<number>();
  for (const w of WORDS) {
    for (let at = text.indexOf(w); at >= 0; at = text.indexOf(w, at + 1)) {
      const start = [...text.slice(0, at)].length;
      for (let k = 1; k < [...w].length; k++) insideWord.add(start + k);
    }
  }
  for (let i = 2; i <= chars.length - 2; i++) {
    const before = chars[i - 1]!;
    const after = chars[i]!;
    const bracketed = (depthAt[i] ?? 0) > 0 && !'》”’」』）〕】'.includes(before);
    // Inside a bracketed or quoted name: never, unless the name cannot fit on one line; then only
    // where its own structure allows (before a nested bracket, after a nested closing mark or 、).
    if (bracketed && !(options.insideBrackets && (OPENING.includes(after) || '、》”）'.includes(before)))) continue;
    if (CLOSING.includes(after) || OPENING.includes(before)) continue;
    // A number and its unit, or the digits of one number, stay together (2024年, 二〇二四年度, 第十七届).
    if (isDigit(before)) continue;
    if (CN_NUMERAL.test(before) && (CN_NUMERAL.test(after) || UNIT.test(after))) continue;
    if (before === '第' && CN_NUMERAL.test(after)) continue;
    const head = chars.slice(0, i).join('');
    const tail = chars.slice(i).join('');
    let score = 0;
    if ('、》”）'.includes(before)) score += 3;
    if (OPENING.includes(after)) score += 2;
    if (!NOT_OFFICE.some((w) => head.endsWith(w))) {
      if (GOOD_AFTER.some((w) => head.endsWith(w))) score += 3;
      else if (GOOD_AFTER_WEAK.some((w) => head.endsWith(w))) score += 1;
    }
    if (GOOD_BEFORE.some((w) => tail.startsWith(w))) score += 3;
    if (CONJUNCTIONS.includes(after)) score += 2;
    if (/[0-9]/.test(after)) score += 1; // before a year: 2024年…
    if (after === '的' && DOC_KINDS.some((k) => tail.endsWith(k))) score += 2;
    // A line ending in 关于/印发 leaves the phrase it introduces on the next line.
    if (GOOD_BEFORE.some((w) => head.endsWith(w))) score -= 3;
    if (insideWord.has(i)) score -= 3;
    out.set(i, score);
  }
  return out;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` (default: 20 字 of `charWidth`). `forced`
 * break offsets, when given (by the template author, or by the build for every writer), are used
 * as they are; an empty list keeps the title on one line.
 */
export function breakTitle(text: string, measureText: Measure, maxWidth: number, forced?: readonly number[]): string[] {
  const chars = [...text];
  // The search below measures the same lines many times: each distinct line once.
  const measured = new Map<string, number>();
  const measure = (s: string): number => {
    let w = measured.get(s);
    if (w === undefined) measured.set(s, (w = measureText(s)));
    return w;
  };
  const cut = (points: readonly number[]) => {
    const lines: string[] = [];
    let from = 0;
    for (const p of [...points, chars.length]) {
      lines.push(chars.slice(from, p).join(''));
      from = p;
    }
    return lines;
  };
  // Decided already (by the author, or once for every writer by the build): [] is one line.
  if (forced) return cut([...forced].filter((p) => p > 0 && p < chars.length).sort((a, b) => a - b));
  if (measure(text) <= maxWidth) return [text];

  const unit = measure('字');
  /** The best way to break with the given candidates, or null when none keeps every line within bounds. */
  const bestWith = (candidates: ReadonlyMap<number, number>): string[] | null => {
    const positions = [...candidates.keys()];
    let best: { points: number[]; cost: number } | null = null;
    // The width of chars[from, to), each span measured once.
    const spans = new Map<number, number>();
    const span = (from: number, to: number): number => {
      const key = from * 4096 + to;
      let w = spans.get(key);
      if (w === undefined) spans.set(key, (w = measure(chars.slice(from, to).join(''))));
      return w;
    };
    const consider = (points: number[]) => {
      const bounds = [0, ...points, chars.length];
      const lines = { length: bounds.length - 1 };
      const widths: number[] = [];
      for (let k = 0; k + 1 < bounds.length; k++) {
        // Every line at least two characters and within the width.
        if (bounds[k + 1]! - bounds[k]! < 2) return;
        const w = span(bounds[k]!, bounds[k + 1]!);
        if (w > maxWidth) return;
        widths.push(w);
      }
      // Fewer lines first: a third line must buy a clearly better break.
      let cost = (lines.length - 2) * 12;
      for (const p of points) {
        const score = candidates.get(p)!;
        cost -= score * 4;
        if (score <= 0) cost += 8; // probably inside a word
      }
      if (lines.length === 2) {
        // 梯形: the upper line shorter than the lower (an upper line longer is a poorer 梯形).
        if (widths[0]! > widths[1]!) cost += 20 + (widths[0]! - widths[1]!) / unit;
        if (Math.abs(widths[0]! - widths[1]!) < unit * 0.5) cost += 10; // a rectangle
      } else if (lines.length === 3) {
        const [a, b, c] = widths as [number, number, number];
        const diamond = b >= a && b >= c;
        const trapezoid = a <= b && b <= c;
        if (!diamond && !trapezoid) cost += 40;
        if (Math.abs(a - b) < unit * 0.5 && Math.abs(b - c) < unit * 0.5) cost += 10;
      } else {
        cost += 40; // four lines: neither 梯形 nor 菱形 reads well
      }
      // Lines of similar length read better than a long line and a stub.
      const mean = widths.reduce((s, w) => s + w, 0) / widths.length;
      cost += widths.reduce((s, w) => s + Math.abs(w - mean), 0) / unit / 4;
      if (!best || cost < best.cost) best = { points, cost };
    };
    const n = positions.length;
    for (let i = 0; i < n; i++) {
      consider([positions[i]!]);
      for (let j = i + 1; j < n; j++) {
        consider([positions[i]!, positions[j]!]);
        for (let k = j + 1; k < n; k++) consider([positions[i]!, positions[j]!, positions[k]!]);
      }
    }
    return best === null ? null : cut((best as { points: number[] }).points);
  };
  // Word boundaries outside names first; a 书名号 name longer than a line is broken inside.
  const lines = bestWith(breakCandidates(text)) ?? bestWith(breakCandidates(text, { insideBrackets: true }));
  if (lines) return lines;
  // No acceptable break (a very long unbreakable name): fall back to even chunks.
  const per = Math.max(2, Math.floor(maxWidth / unit));
  const points: number[] = [];
  for (let p = per; p < chars.length; p += per) points.push(p);
  return cut(points);
}

/**
 * Whether a character is half-width in the GB 2312 fonts offices use (仿宋_GB2312, 方正小标宋简体 …):
 * ASCII and the Latin-1 letters. Everything else, including the punctuation whose Unicode width is
 * ambiguous (“ ” ‘ ’ — … ·), is full width in those fonts, as Chinese text sets it.
 */
const isNarrow = (c: string): boolean => {
  const cp = c.codePointAt(0)!;
  return cp < 0x7f || (cp >= 0xc0 && cp <= 0xff && cp !== 0xd7 && cp !== 0xf7);
};

/** The width in 字 of a character in a GB 2312 font: ½ for ASCII and Latin letters, 1 for the rest. */
export const gbWidth = (c: string): number => (isNarrow(c) ? 0.5 : 1);

/**
 * An estimate of widths in 字 for when no font is at hand (the DOCX's body text): the GB 2312
 * widths ({@link gbWidth}). With `autoSpace`, also the ≈0.2 字 an office suite may add between
 * 汉字 and digits.
 */
export function estimateWidth(text: string, autoSpace = false): number {
  let w = 0;
  let prev: boolean | null = null;
  for (const c of text) {
    const narrow = isNarrow(c);
    w += narrow ? 0.5 : 1;
    if (autoSpace && prev !== null && prev !== narrow) w += 0.2;
    prev = narrow;
  }
  return w;
}

/**
 * The title measure both writers break titles with, in 字 (em of the title size): each character
 * takes its advance in the title font (`advance`, in em; the PDF's title font when one is at hand)
 * but never less than its GB 2312 width, so a line fits in the font the PDF embeds and in the
 * official font the DOCX names; plus 0.2 字 wherever 汉字 meet digits or Latin letters, the space
 * LibreOffice adds there (so it does not wrap a line the title breaker chose).
 */
export function titleMeasure(advance?: (c: string) => number | undefined): Measure {
  const cache = new Map<string, number>();
  const widthOf = (c: string) => {
    let w = cache.get(c);
    if (w === undefined) {
      w = Math.max(advance?.(c) ?? 0, gbWidth(c));
      cache.set(c, w);
    }
    return w;
  };
  return (text) => {
    let w = 0;
    let prev: boolean | null = null;
    for (const c of text) {
      const narrow = isNarrow(c);
      w += widthOf(c);
      if (prev !== null && prev !== narrow) w += 0.2;
      prev = narrow;
    }
    return w;
  };
}

/** {@link titleMeasure} without a font: the GB 2312 widths and the auto-space allowance. */
export const estimateTitleWidth: Measure = titleMeasure();

/**
 * The lines of a title: where the template author broke it (`breaks`), else {@link breakTitle}
 * with `measure` (in 字, see {@link titleMeasure}) within {@link TITLE_MAX_CHARS_PER_LINE} 字.
 */
export function titleLines(title: { readonly text: string; readonly breaks?: readonly number[] }, measure: Measure): string[] {
  return breakTitle(title.text, measure, TITLE_MAX_CHARS_PER_LINE, title.breaks);
}

/**
 * The title's line breaks as character offsets, decided once for every writer (the build does this
 * with the title font's widths, so the DOCX and the PDF break the title alike).
 */
export function titleBreaks(title: { readonly text: string; readonly breaks?: readonly number[] }, measure: Measure): number[] {
  const lines = titleLines(title, measure);
  const out: number[] = [];
  let at = 0;
  for (const l of lines.slice(0, -1)) out.push((at += [...l].length));
  return out;
}

/** The default maximum title width in 字. */
export const TITLE_MAX_WIDTH_CHARS = TITLE_MAX_CHARS_PER_LINE;
