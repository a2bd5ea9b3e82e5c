import { describe, expect, it } from 'vitest';
import { breakTitle, estimateTitleWidth, titleBreaks, titleLines, titleMeasure } from '../../src/layout/title-break.js';

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

  it('keeps an Arabic or Chinese number with its unit and an ordinal whole', () => {
    const lines = br('某某县人民政府关于某某县2024年度法治政府建设工作情况的报告');
    expect(lines).toEqual(['某某县人民政府', '关于某某县2024年度法治政府建设工作情况', '的报告']);
    const cn = br('某某省某某市某某县某某镇人民政府关于二〇二四年度法治政府建设工作情况和二〇二五年度工作安排的报告');
    for (const l of cn) expect(l).not.toMatch(/^[〇一二三四五六七八九十年度]|[〇一二三四五六七八九十]$/);
    const ordinal = br('中共某某县委全面依法治县委员会办公室关于开展第十七届全国法治宣传教育月活动的通知');
    expect(ordinal.some((l) => l.includes('第十七届'))).toBe(true);
  });

  it('keeps a 书名号 name on one line and does not split 印发 from 关于', () => {
    expect(br('某某县人民政府办公室关于印发《某某县2025年法治政府建设工作要点》的通知')).toEqual([
      '某某县人民政府办公室关于印发',
      '《某某县2025年法治政府建设工作要点》',
      '的通知',
    ]);
  });

  it('breaks a 书名号 name longer than a line only where its own structure allows', () => {
    expect(br('关于《某某市城市市容和环境卫生管理条例（修订草案）》征求意见的函')).toEqual([
      '关于《某某市城市市容和环境卫生管理条例',
      '（修订草案）》征求意见的函',
    ]);
  });

  it('makes a 菱形 of three lines, breaking after the office name, at 、 and before 和', () => {
    expect(br('某某省某某市某某县某某镇人民政府关于二〇二四年度法治政府建设工作情况和二〇二五年度工作安排的报告')).toEqual([
      '某某省某某市某某县某某镇人民政府',
      '关于二〇二四年度法治政府建设工作情况',
      '和二〇二五年度工作安排的报告',
    ]);
    // 梯形 of three lines: 7 < 17 < 19.
    expect(br('某某市人民政府关于进一步加强和改进行政执法工作、全面推进严格规范公正文明执法的实施意见')).toEqual([
      '某某市人民政府',
      '关于进一步加强和改进行政执法工作、',
      '全面推进严格规范公正文明执法的实施意见',
    ]);
  });

  it('does not take 法治政府 for an office name', () => {
    expect(br('某某县人民政府关于2024年度法治政府建设情况的报告')).toEqual(['某某县人民政府', '关于2024年度法治政府建设情况的报告']);
  });

  it('uses break points the template author gave', () => {
    expect(breakTitle('甲乙丙丁戊己', estimateTitleWidth, 20, [2])).toEqual(['甲乙', '丙丁戊己']);
  });
});

describe('the title measure both writers share (titleMeasure)', () => {
  const TITLE = '瓦房镇人民政府关于贯彻落实《法治政府建设实施纲要（2021—2025年）》情况的报告';

  it('counts CJK punctuation, quotes and dashes full width (GB 2312 fonts), digits half', () => {
    expect(estimateTitleWidth('“”《》（）—…·')).toBe(9);
    expect(estimateTitleWidth('2025')).toBe(2);
    // 0.2 字 where 汉字 meet digits: the space LibreOffice adds there.
    expect(estimateTitleWidth('年2025年')).toBeCloseTo(4.4, 9);
  });

  it('takes the font’s advance where it is wider than the GB 2312 width', () => {
    const m = titleMeasure((c) => (/\d/.test(c) ? 0.62 : 1));
    expect(m('2025')).toBeCloseTo(2.48, 9);
    expect(m('年')).toBe(1);
  });

  it('breaks the 《法治政府建设实施纲要（2021—2025年）》 title into three lines of whole words', () => {
    for (const measure of [estimateTitleWidth, titleMeasure((c) => (/\d/.test(c) ? 0.613 : c === '—' ? 0.948 : 1))]) {
      const lines = titleLines({ text: TITLE }, measure);
      expect(lines).toEqual(['瓦房镇人民政府', '关于贯彻落实《法治政府建设实施纲要', '（2021—2025年）》情况的报告']);
      for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(20);
    }
  });

  it('gives the breaks as offsets, which every writer then uses as they are', () => {
    const breaks = titleBreaks({ text: TITLE }, estimateTitleWidth);
    expect(breaks).toEqual([7, 24]);
    expect(titleLines({ text: TITLE, breaks }, () => 0)).toEqual(titleLines({ text: TITLE }, estimateTitleWidth));
    // An empty list is a decision too: one line.
    expect(titleLines({ text: '某某镇工作报告', breaks: [] }, () => 0)).toEqual(['某某镇工作报告']);
  });
});

describe('office names that are compounds', () => {
  it('never splits 街道办事处, 人力资源和社会保障局 or 政府信息公开', () => {
    expect(br('青山区东湖街道办事处2024年法治政府建设年度报告')).toEqual(['青山区东湖街道办事处', '2024年法治政府建设年度报告']);
    expect(br('江城市人力资源和社会保障局2024年工作报告').some((l) => l.endsWith('人力资源') || l.endsWith('社会'))).toBe(false);
    for (const line of br('江城市教育局关于2024年度政府信息公开工作情况的报告')) {
      expect(line.endsWith('政府') || line.endsWith('信息')).toBe(false);
    }
  });
});
