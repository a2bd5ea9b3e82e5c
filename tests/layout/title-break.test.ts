import { describe, expect, it } from 'vitest';
import { breakTitle, estimateTitleWidth } from '../../src/layout/title-break.js';

const br = (t: string, max = 20) => breakTitle(t, estimateTitleWidth, max);

describe('breakTitle (GB/T 9704-2012 §7.3.1)', () => {
  it('keeps a short title on one line', () => {
    expect(br('关于做好年度报告工作的通知')).toEqual(['关于做好年度报告工作的通知']);
  });

  it('breaks the sample after the office name into a 梯形', () => {
    expect(br('瓦房镇人民政府2024年法治政府建设年度报告')).toEqual(['瓦房镇人民政府', '2024年法治政府建设年度报告']);
  });

  it('never splits a number from its unit or a 书名号 pair', () => {
    const lines = br('某某县人民政府办公室关于印发《某某县2025年法治政府建设工作要点》的通知');
    for (const l of lines) {
      expect(l).not.toMatch(/^年|\d$/);
      expect((l.match(/《/g) ?? []).length).toBe((l.match(/》/g) ?? []).length);
    }
    expect(lines.join('')).toBe('某某县人民政府办公室关于印发《某某县2025年法治政府建设工作要点》的通知');
  });

  it('makes three lines for a very long title, each within 20 字 and none shorter than 2', () => {
    const t = '某某省某某市某某县某某镇人民政府关于二〇二四年度法治政府建设工作情况和二〇二五年度工作安排的报告';
    const lines = br(t);
    expect(lines.length).toBe(3);
    for (const l of lines) {
      expect(estimateTitleWidth(l)).toBeLessThanOrEqual(20);
      expect([...l].length).toBeGreaterThanOrEqual(2);
    }
    const [a, b, c] = lines.map((l) => estimateTitleWidth(l)) as [number, number, number];
    expect((b >= a && b >= c) || (a <= b && b <= c)).toBe(true);
  });

  it('uses break points the template author gave', () => {
    expect(breakTitle('甲乙丙丁戊己', estimateTitleWidth, 20, [2])).toEqual(['甲乙', '丙丁戊己']);
  });
});
