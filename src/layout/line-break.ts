/**
 * The line breaker every writer that decides its own lines uses (PDF body text, headings, table
 * cells): where a line may end, from the standards' classes rather than lists typed by hand, and
 * which of those places fills a line best. Pure: characters and their widths in, line ends out.
 *
 * Where a line may end:
 * 1. Unicode's Line Breaking Algorithm (UAX #14) over the text, with its character classes (OP, CL,
 *    CP, QU, NS, EX, IS, PR, PO, NU, ID …), from the `linebreak` package (the implementation pdfkit
 *    itself uses, so nothing here disagrees with the PDF library about a character's class). The
 *    library resolves class CJ to NS, which is CSS `line-break: strict` — the Chinese practice that
 *    small kana and ー do not start a line.
 * 2. Tailored for Chinese per W3C *Requirements for Chinese Text Layout* (clreq §3.1.7 行首行尾禁则 and
 *    分离禁则):
 *    - 行首禁则 (never at the start of a line): classes CL, CP, EX, IS, NS, PO and IN, closing
 *      quotation marks (QU of general category Pf: ” ’), and the marks clreq adds that UAX #14 lets
 *      start a line: 连接号 (a single —, –, ～, 〜), 间隔号 (· ‧ ・) and 分隔号 (/ ／).
 *    - 行尾禁则 (never at the end of a line): class OP and opening quotation marks (QU of category
 *      Pi: “ ‘).
 *    - UAX #14 forbids breaks on both sides of every QU mark (it cannot tell “ from ”); in Chinese
 *      text the opening mark may begin a line and the closing one end it (as Unicode 15.1's LB19a
 *      allows between East Asian characters).
 *    - 分离禁则: the two halves of —— and …… stay together, and so does a number.
 * 3. A number never breaks (分离禁则, and GB/T 15835 on writing numbers): digits of any script and
 *    width (every character of general category Nd: 2024, ２０２４), with separators and a decimal
 *    point between digits (1,234  8.6  １，２３４), a following PO mark (% ％ ‰ ℃), a magnitude
 *    (十 百 千 万 亿: 1.2万), a qualifier (余 多: 20余), and the word after it: whatever measure word
 *    or unit follows (场, 人次, 个, 平方米, 以上), as the word segmentation of the runtime's ICU
 *    library (Intl.Segmenter, Chinese dictionary) delimits it, up to 4 characters.
 *
 * Which of them ends the line ({@link breakLines}): the last one that keeps the line within its
 * width (characters that may not start a line are thereby moved down together with the character
 * before them, as office suites do). A word with no break inside that is longer than the line
 * width (a web address, an e-mail address) gets emergency break opportunities between its
 * characters, and so does a long word (over a quarter of a line) that would otherwise leave the line
 * before it less than three quarters full: the line is filled and the word broken where the line
 * ends, instead of spreading a few characters across a whole justified line. Only where a line cannot end anywhere
 * (one or two closing marks after a full line with nothing movable) are they squeezed into it.
 */
import LineBreaker from 'linebreak';
import { bmpClasses } from './uax14-bmp.js';

/** The UAX #14 line-breaking classes, in the order of the `linebreak` package's class numbers. */
export const LINE_BREAK_CLASSES = [
  'OP', 'CL', 'CP', 'QU', 'GL', 'NS', 'EX', 'SY', 'IS', 'PR', 'PO', 'NU', 'AL', 'HL', 'ID', 'IN', 'HY', 'BA', 'BB', 'B2',
  'ZW', 'CM', 'WJ', 'H2', 'H3', 'JL', 'JV', 'JT', 'RI', 'EB', 'EM', 'ZWJ', 'CB', 'AI', 'BK', 'CJ', 'CR', 'LF', 'NL', 'SA',
  'SG', 'SP', 'XX',
] as const;

/** A UAX #14 line-breaking class. */
export type LineBreakClass = (typeof LINE_BREAK_CLASSES)[number];

const UNKNOWN = 255;
/** Class numbers of the Basic Multilingual Plane: the bundled table, else looked up once each. */
let bmpTable: Uint8Array | undefined;

function classNumber(cp: number): number {
  if (cp < 0x10000) {
    bmpTable ??= bmpClasses() ?? new Uint8Array(0x10000).fill(UNKNOWN);
    const known = bmpTable[cp]!;
    if (known !== UNKNOWN) return known;
    const n = new LineBreaker(String.fromCharCode(cp)).nextCharClass();
    bmpTable[cp] = n;
    return n;
  }
  return new LineBreaker(String.fromCodePoint(cp)).nextCharClass();
}

/**
 * The UAX #14 class of a character (its first code point), as the `linebreak` package resolves it:
 * AI, SA, SG and XX as AL, CJ as NS (CSS `line-break: strict`).
 */
export function lineBreakClass(ch: string): LineBreakClass {
  return LINE_BREAK_CLASSES[classNumber(ch.codePointAt(0) ?? 0)] ?? 'AL';
}

/** UAX #14 classes that never start a line in Chinese text (clreq 行首禁则). */
export const NO_START_CLASSES: ReadonlySet<LineBreakClass> = new Set(['CL', 'CP', 'EX', 'IS', 'NS', 'PO', 'IN']);
/** UAX #14 classes that never end a line (clreq 行尾禁则). */
export const NO_END_CLASSES: ReadonlySet<LineBreakClass> = new Set(['OP']);
/**
 * clreq 行首禁则 marks whose UAX #14 class allows them to start a line: 连接号 – ～ 〜 (and — when
 * single, see {@link breakOpportunities}), 间隔号 · ‧ ・, 分隔号 / ／.
 */
export const CLREQ_NO_START_MARKS = '–～〜·‧・/／';

const PI = /^\p{Pi}/u;
const PF = /^\p{Pf}/u;
/** Decimal digits of every script and width (general category Nd). */
const DIGIT = /^\p{Nd}$/u;

const F_NO_START = 1;
const F_NO_END = 2;
const F_DIGIT = 4;
const F_PO = 8;
/** An ideograph or other ID-class character that is not a digit (a measure word may start with it). */
const F_WORD = 16;
const F_OPENING_QUOTE = 32;
const F_CLOSING_QUOTE = 64;
const F_EAST_ASIAN = 128;
const F_UNKNOWN = 256;
/** The rule flags of every BMP character, computed once each (the breaker is on the hot path). */
const bmpFlags = new Uint16Array(0x10000).fill(F_UNKNOWN);

function computeFlags(ch: string): number {
  const c = lineBreakClass(ch);
  const digit = DIGIT.test(ch);
  let f = 0;
  if (NO_START_CLASSES.has(c) || (c === 'QU' && PF.test(ch)) || CLREQ_NO_START_MARKS.includes(ch)) f |= F_NO_START;
  if (NO_END_CLASSES.has(c) || (c === 'QU' && PI.test(ch))) f |= F_NO_END;
  if (digit) f |= F_DIGIT;
  if (c === 'PO') f |= F_PO;
  if (c === 'ID' && !digit) f |= F_WORD;
  if (c === 'QU' && PI.test(ch)) f |= F_OPENING_QUOTE;
  if (c === 'QU' && PF.test(ch)) f |= F_CLOSING_QUOTE;
  if (EAST_ASIAN.has(c)) f |= F_EAST_ASIAN;
  return f;
}

function flagsOf(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x10000) return computeFlags(ch);
  let f = bmpFlags[cp]!;
  if (f === F_UNKNOWN) bmpFlags[cp] = f = computeFlags(ch);
  return f;
}

/** Whether `ch` may not start a line (clreq 行首禁则). A single — is judged by {@link breakOpportunities}. */
export const isNoStart = (ch: string): boolean => (flagsOf(ch) & F_NO_START) !== 0;

/** Whether `ch` may not end a line (clreq 行尾禁则). */
export const isNoEnd = (ch: string): boolean => (flagsOf(ch) & F_NO_END) !== 0;

/** Whether `ch` is a decimal digit of any script or width (general category Nd). */
export const isDigit = (ch: string): boolean => (flagsOf(ch) & F_DIGIT) !== 0;

/** Separators and decimal points that stay inside a number when digits surround them. */
const NUMBER_SEPARATORS = ',.，．';
/** Chinese magnitudes written after Arabic digits (1.2万, 3千). */
const MAGNITUDES = '十百千万亿';
/** Qualifiers of an approximate number (20余, 10多), before the measure word. */
const QUALIFIERS = '余多';
/** The longest measure word or unit kept with its number, in characters. */
const MAX_UNIT_CHARS = 4;

/** Classes of an East Asian neighbour of a quotation mark (where Unicode 15.1's LB19a allows a break). */
const EAST_ASIAN: ReadonlySet<LineBreakClass> = new Set(['ID', 'CL', 'CP', 'OP', 'NS', 'EX', 'H2', 'H3', 'JL', 'JV', 'JT', 'IN', 'B2']);

let segmenter: Intl.Segmenter | undefined;

/**
 * Creates the word segmenter and segments a few words, which loads ICU's word-break rules and
 * Chinese dictionary (7–17 ms the first time in a process). ICU keeps them for the whole process,
 * so a thread that is idle anyway (the DOCX thread) can do this for the thread that breaks lines.
 */
export function prepareWordSegmenter(): void {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  for (const s of segmenter.segment('12人次')) void s;
}

const unitCache = new Map<string, number>();

/**
 * The first-word lengths found so far in this process (text → length in characters), and the
 * number of them found since {@link rememberWordLengths}: a caller keeps them between runs (the
 * CLI's cache folder, by ICU version), so that a rebuild finds them without loading ICU's
 * dictionaries at all.
 */
export function wordLengthsFound(): { readonly lengths: ReadonlyMap<string, number>; readonly added: number } {
  return { lengths: unitCache, added: unitCache.size - remembered };
}

let remembered = 0;

/**
 * Adds first-word lengths found by an earlier run with the same ICU (`process.versions.icu` and
 * `unicode`: its segmentation is a function of the text and those). Entries that are not a text
 * and a whole number of characters from 0 to the text's length are ignored.
 */
export function rememberWordLengths(entries: Iterable<readonly [unknown, unknown]>): void {
  for (const [text, len] of entries) {
    if (typeof text !== 'string' || typeof len !== 'number' || !Number.isInteger(len) || len < 0 || len > [...text].length) continue;
    if (unitCache.size >= MAX_WORD_LENGTHS) break;
    unitCache.set(text, len);
  }
  remembered = unitCache.size;
}

/** How many first-word lengths are kept at most (they are texts of a few characters). */
const MAX_WORD_LENGTHS = 10_000;

/** The length in characters of the first word of `text` by ICU's Chinese word segmentation. */
function firstWordLength(text: string): number {
  let len = unitCache.get(text);
  if (len === undefined) {
    segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
    len = 0;
    for (const s of segmenter.segment(text)) {
      len = [...s.segment].length;
      break;
    }
    if (unitCache.size >= MAX_WORD_LENGTHS) {
      unitCache.clear();
      remembered = 0;
    }
    unitCache.set(text, len);
  }
  return len;
}

/** No break at this position. */
export const BREAK_NEVER = 0;
/** A break only where a word must be broken to fill a line (inside an overlong word). */
export const BREAK_EMERGENCY = 1;
/** A break opportunity. */
export const BREAK_ALLOWED = 2;

/**
 * Where `chars` (one code point each) may be broken. Entry `i` (1 ≤ i < length) is
 * {@link BREAK_ALLOWED} when a line may end before `chars[i]`, {@link BREAK_NEVER} otherwise;
 * entries 0 and `length` are unused (0). See the module comment for the rules.
 */
export function breakOpportunities(chars: readonly string[]): Uint8Array {
  return opportunities(chars).op;
}

/**
 * {@link breakOpportunities}, and which positions lie inside a number with its unit (entry `i` is 1
 * when `chars[i]` continues the number before it), which even an overlong word is not broken at.
 */
function opportunities(chars: readonly string[]): { op: Uint8Array; inNumber: Uint8Array } {
  const n = chars.length;
  const op = new Uint8Array(n + 1);
  const inNumber = new Uint8Array(n + 1);
  if (n < 2) return { op, inNumber };
  // 1. UAX #14, on UTF-16 offsets mapped to character indices.
  const text = chars.join('');
  const indexAt = new Int32Array(text.length + 1).fill(-1);
  for (let i = 0, u = 0; i <= n; i++) {
    indexAt[u] = i;
    u += chars[i]?.length ?? 0;
  }
  const breaker = new LineBreaker(text);
  for (let b = breaker.nextBreak(); b; b = breaker.nextBreak()) {
    const i = indexAt[b.position] ?? -1;
    if (i > 0 && i < n) op[i] = BREAK_ALLOWED;
  }
  const flags = new Uint16Array(n);
  for (let i = 0; i < n; i++) flags[i] = flagsOf(chars[i]!);
  const has = (i: number, f: number) => (flags[i]! & f) !== 0;
  // 2. Quotation marks in East Asian text: a break before an opening mark, after a closing one.
  for (let i = 0; i < n; i++) {
    if (has(i, F_OPENING_QUOTE) && i > 0 && has(i - 1, F_EAST_ASIAN)) op[i] = BREAK_ALLOWED;
    if (has(i, F_CLOSING_QUOTE) && i + 1 < n && has(i + 1, F_EAST_ASIAN)) op[i + 1] = BREAK_ALLOWED;
  }
  // 3. 行首禁则 and 行尾禁则, and the pairs —— and …… (a single — is a 连接号 and does not start a line).
  for (let i = 1; i < n; i++) {
    const c = chars[i]!;
    if (has(i, F_NO_START) || has(i - 1, F_NO_END)) op[i] = BREAK_NEVER;
    else if (c === '—' && chars[i + 1] !== '—') op[i] = BREAK_NEVER;
    if ((c === '—' || c === '…') && chars[i - 1] === c) op[i] = BREAK_NEVER;
  }
  // 4. Numbers with their separators, percent signs, magnitudes, qualifiers and measure words.
  for (let i = 0; i < n; ) {
    if (!has(i, F_DIGIT)) {
      i++;
      continue;
    }
    let j = i + 1;
    for (;;) {
      if (j < n && has(j, F_DIGIT)) j++;
      else if (j + 1 < n && NUMBER_SEPARATORS.includes(chars[j]!) && has(j + 1, F_DIGIT)) j += 2;
      else break;
    }
    while (j < n && has(j, F_PO)) j++;
    while (j < n && MAGNITUDES.includes(chars[j]!)) j++;
    while (j < n && QUALIFIERS.includes(chars[j]!)) j++;
    if (j < n && has(j, F_WORD)) {
      const word = firstWordLength(chars.slice(j, j + MAX_UNIT_CHARS + 2).join(''));
      const len = Math.min(MAX_UNIT_CHARS, Math.max(1, word));
      let k = 0;
      while (k < len && j + k < n && has(j + k, F_WORD)) k++;
      j += k;
    }
    for (let k = i + 1; k < j; k++) {
      op[k] = BREAK_NEVER;
      inNumber[k] = 1;
    }
    i = j;
  }
  return { op, inNumber };
}

/** Widths below this many points over a line's width still fit (rounding of summed widths). */
const EPSILON = 0.01;

/**
 * Breaks a paragraph into lines. `chars` are single code points, `widths[i]` the width `chars[i]`
 * takes on the line (any unit, the same as `first` and `rest`: the widths of the first line and
 * of every later one). Returns the index just past each line's last character, in order (the
 * last is `chars.length`; an empty paragraph has no lines). A line is wider than its width only
 * when closing punctuation had to be squeezed into it.
 */
export function breakLines(chars: readonly string[], widths: readonly number[], first: number, rest: number): number[] {
  const n = chars.length;
  const ends: number[] = [];
  if (n === 0) return ends;
  const { op, inNumber } = opportunities(chars);
  const sum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) sum[i + 1] = sum[i]! + widths[i]!;
  markLongWords(chars, op, inNumber, sum, rest);
  let start = 0;
  while (start < n) {
    const cap = ends.length === 0 ? first : rest;
    // The furthest end that fits.
    let end = start + 1;
    while (end < n && sum[end + 1]! - sum[start]! <= cap + EPSILON) end++;
    if (end >= n && sum[n]! - sum[start]! <= cap + EPSILON) {
      ends.push(n);
      break;
    }
    // The last opportunity that fits; an emergency one only when a normal one leaves the line
    // less than three quarters full ({@link LOOSE_LINE}).
    let normal = end;
    while (normal > start && op[normal] !== BREAK_ALLOWED) normal--;
    let emergency = end;
    while (emergency > start && op[emergency] === BREAK_NEVER) emergency--;
    let at = normal;
    if (emergency > normal && (normal === start || sum[normal]! - sum[start]! < cap * LOOSE_LINE)) at = emergency;
    if (at > start) {
      ends.push(at);
      start = at;
      continue;
    }
    // Nowhere to break within the line. Closing marks after a full line are squeezed into it;
    // anything else is broken where the line ends.
    let next = end;
    while (next < n && op[next] === BREAK_NEVER) next++;
    const overflow = chars.slice(end, next);
    at = overflow.length <= 2 && overflow.every(isNoStart) ? next : end;
    ends.push(at);
    start = at;
  }
  return ends;
}

/**
 * A line filled less than this share of its width by its last normal break opportunity is too loose
 * to justify (the rest would be spread between its characters): a long word after it is broken where
 * the line ends instead. Only a word wider than {@link LONG_WORD} of a line has such places, so the
 * spread a line can be left with is at most about a quarter of a line.
 */
const LOOSE_LINE = 3 / 4;
/** A word (no break opportunity inside) wider than this share of a line may be broken to fill one. */
const LONG_WORD = 1 / 4;

/**
 * Gives the inside of every word wider than {@link LONG_WORD} of `rest` (a web address, an e-mail
 * address, a file path, a long identifier) emergency break opportunities where neither 行首禁则 nor
 * 行尾禁则 forbids one and a number shorter than a line is not split, so such a word can be broken
 * to fill a line.
 */
function markLongWords(chars: readonly string[], op: Uint8Array, inNumber: Uint8Array, sum: Float64Array, rest: number): void {
  const n = chars.length;
  let from = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && op[i] === BREAK_NEVER) continue;
    if (sum[i]! - sum[from]! > rest * LONG_WORD) {
      for (let k = from + 1; k < i; k++) {
        const keepNumber = (inNumber[k] === 1 || (isDigit(chars[k]!) && isDigit(chars[k - 1]!))) && sum[i]! - sum[from]! <= rest;
        if (!isNoStart(chars[k]!) && !isNoEnd(chars[k - 1]!) && !keepNumber) {
          op[k] = BREAK_EMERGENCY;
        }
      }
    }
    from = i;
  }
}
