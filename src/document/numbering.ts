/**
 * Heading numbers are generated from the document's structure, never typed in data or templates:
 * GB/T 9704-2012 §7.3.3 "文中结构层次序数依次可以用'一、''（一）''1.''（1）'标注".
 */
import type { Heading, HeadingLevel } from './types.js';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/** Writes 1–99 as Chinese numerals: 1 一, 10 十, 12 十二, 20 二十, 35 三十五. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}

/** The number of the `n`th heading (1-based) at `level`: 一、 （一） 1. （1）. */
export function headingNumber(level: HeadingLevel, n: number): string {
  switch (level) {
    case 1:
      return `${chineseNumeral(n)}、`;
    case 2:
      return `（${chineseNumeral(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}

/** A heading before it is numbered. */
export interface UnnumberedHeading {
  readonly type: 'heading';
  readonly level: HeadingLevel;
  readonly text: string;
  readonly runIn?: string;
}

/** A level that skips one above it (a （一） with no 一、 before it), by position in the input. */
export interface SkippedLevel {
  readonly index: number;
  readonly level: HeadingLevel;
  readonly expectedAtMost: HeadingLevel;
}

/**
 * Numbers the headings in reading order: each level counts from 1 again after a heading of a
 * higher level. Returns the numbered blocks and any heading that skips a level.
 */
export function numberHeadings<B extends { readonly type: string }>(
  blocks: readonly (B | UnnumberedHeading)[],
): { blocks: (B | Heading)[]; skipped: SkippedLevel[] } {
  const counters = [0, 0, 0, 0, 0];
  let depth = 0;
  const skipped: SkippedLevel[] = [];
  const out = blocks.map((b, index) => {
    if (b.type !== 'heading') return b as B;
    const h = b as UnnumberedHeading;
    if (h.level > depth + 1) skipped.push({ index, level: h.level, expectedAtMost: (depth + 1) as HeadingLevel });
    counters[h.level]! += 1;
    for (let l = h.level + 1; l <= 4; l++) counters[l] = 0;
    depth = h.level;
    const heading: Heading = {
      type: 'heading',
      level: h.level,
      text: h.text,
      number: headingNumber(h.level, counters[h.level]!),
      ...(h.runIn !== undefined ? { runIn: h.runIn } : {}),
    };
    return heading;
  });
  return { blocks: out, skipped };
}
