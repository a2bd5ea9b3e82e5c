import { describe, expect, it } from 'vitest';
import { chineseNumeral, headingNumber, numberHeadings } from '../../src/document/numbering.js';

describe('chineseNumeral', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [35, '三十五'],
    [99, '九十九'],
  ])('%i → %s', (n, s) => expect(chineseNumeral(n)).toBe(s));
});

describe('headingNumber (GB/T 9704-2012 §7.3.3)', () => {
  it('uses 一、 （一） 1. （1） for the four levels', () => {
    expect([headingNumber(1, 3), headingNumber(2, 12), headingNumber(3, 4), headingNumber(4, 2)]).toEqual([
      '三、',
      '（十二）',
      '4.',
      '（2）',
    ]);
  });
});

describe('numberHeadings', () => {
  const h = (level: 1 | 2 | 3 | 4, text: string) => ({ type: 'heading' as const, level, text });
  const p = { type: 'paragraph' as const, text: 'x' };

  it('counts each level and restarts below a higher one', () => {
    const { blocks, skipped } = numberHeadings([h(1, 'a'), h(2, 'b'), h(3, 'c'), h(4, 'd'), h(4, 'e'), h(3, 'f'), h(2, 'g'), p, h(1, 'h'), h(2, 'i')]);
    expect(skipped).toEqual([]);
    expect(blocks.map((b) => ('number' in b ? b.number : '-'))).toEqual(['一、', '（一）', '1.', '（1）', '（2）', '2.', '（二）', '-', '二、', '（一）']);
  });

  it('reports a heading that skips a level', () => {
    const { skipped } = numberHeadings([h(1, 'a'), h(3, 'b')]);
    expect(skipped).toEqual([{ index: 1, level: 3, expectedAtMost: 2 }]);
  });
});
