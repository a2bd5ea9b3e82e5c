import { describe, expect, it } from 'vitest';
import { chineseDate, enumerate, HelperError, ordinal, percentage, quantity } from '../../src/template/helpers.js';

describe('format helpers', () => {
  it('writes counts with their qualifier on the right side', () => {
    expect(quantity({ 数值: 20, 修饰: '余' })).toBe('20余');
    expect(quantity({ 数值: 300, 修饰: '近' })).toBe('近300');
    expect(quantity({ 数值: 76 })).toBe('76');
    expect(quantity(4)).toBe('4');
  });

  it('writes percentages', () => {
    expect(percentage({ 数值: 95, 修饰: '以上' })).toBe('95%以上');
    expect(percentage({ 数值: 97.5 })).toBe('97.5%');
    expect(percentage({ 数值: 1 / 3 })).toBe('0.33%');
  });

  it('joins lists with 、 and writes ordinals and dates', () => {
    expect(enumerate(['甲', '乙', '丙'])).toBe('甲、乙、丙');
    expect(ordinal(3)).toBe('三');
    expect(chineseDate('2025-03-08')).toBe('2025年3月8日');
  });

  it('refuses the wrong kind of value with the template position', () => {
    const err = (() => {
      try {
        quantity('四', { loc: { start: { line: 7, column: 4 } } });
      } catch (e) {
        return e;
      }
    })() as HelperError;
    expect(err).toBeInstanceOf(HelperError);
    expect([err.message, err.line, err.column]).toEqual(['助手 数量 需要一个数量字段，实际收到 文字 "四"', 7, 5]);
  });
});
