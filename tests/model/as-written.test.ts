/**
 * Figures are printed as written: a percentage or amount with more decimal places than the model
 * allows is refused (never rounded into a different figure), and a percentage below 1 is flagged as
 * a likely fraction typed for a share. A paragraph field with a blank line inside (two paragraphs)
 * is refused instead of running the second paragraph into the first.
 */
import { describe, expect, it } from 'vitest';
import { readDeclaration } from '../../src/data/declaration.js';
import type { Model } from '../../src/data/model.js';
import { validateReportText } from '../../src/data/validate.js';
import { formatNumber, percentage, quantity } from '../../src/template/helpers.js';

function model(text: string): Model {
  const r = readDeclaration(text, 'model.yaml');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return r.value;
}

const M = model(`
名称: 小数
字段:
  满意度: {类型: 百分数, 名称: 群众满意度}
  精确率: {类型: 百分数, 名称: 精确率, 小数位数: 3}
  经费: {类型: 金额, 单位: 万元, 小数位数: 4}
  说明: {类型: 段落, 必填: false}
`);
const HEAD = '年度: 2024\n署名: 某镇人民政府\n成文日期: 2025-01-20\n';

function check(body: string) {
  const r = validateReportText(M, HEAD + body, { file: 'data/2024.yaml', expectedYear: 2024 });
  return (r.ok ? r.warnings : r.diagnostics).map((d) => `${d.line}:${d.column} ${d.severity === 'warning' ? '警告' : '错误'} ${d.message}${d.hint ? `（${d.hint}）` : ''}`);
}

describe('decimal places', () => {
  it('refuses a percentage with more decimals than declared, instead of rounding it', () => {
    expect(check('满意度: 99.999\n精确率: 1\n经费: 1\n')).toEqual([
      '4:6 错误 满意度 最多 2 位小数，实际为 99.999（要写更多位，在数据模型里给这个字段加 小数位数）',
    ]);
    expect(check('满意度: 97.125\n精确率: 99.999\n经费: 12.3456\n')[0]).toMatch(/^4:6 错误 满意度 最多 2 位小数，实际为 97.125/);
    expect(check('满意度: {数值: 97.125, 修饰: 以上}\n精确率: 1\n经费: 1\n')[0]).toMatch(/满意度.*数值 最多 2 位小数，实际为 97.125/);
  });

  it('accepts what the declaration allows and prints it digit for digit', () => {
    expect(check('满意度: 97.5\n精确率: 99.999\n经费: 12.3456\n')).toEqual([]);
    expect(percentage({ 数值: 99.999 })).toBe('99.999%');
    expect(quantity({ 数值: 12.3456 })).toBe('12.3456');
    expect(percentage({ 数值: 1.005 })).toBe('1.005%');
  });

  it('clears only floating-point noise from computed figures', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(12.3456 + 0.0001)).toBe('12.3457');
    expect(formatNumber(1234567)).toBe('1234567');
  });

  it('warns about a percentage below 1, saying what to type for the other meaning', () => {
    expect(check('满意度: 0.97\n精确率: 0\n经费: 1\n')).toEqual([
      '4:6 警告 满意度 是 0.97，文档里会写成 0.97%（不到百分之一）（百分数写百分号前面的数：如果是 97%，写 97）',
    ]);
    expect(check('满意度: 1\n精确率: 0\n经费: 1\n')).toEqual([]);
  });
});

describe('paragraphs', () => {
  it('joins the lines of one paragraph but refuses a blank line inside it', () => {
    expect(check('满意度: 1\n精确率: 0\n经费: 1\n说明: |-\n  第一行\n  第二行\n')).toEqual([]);
    expect(check('满意度: 1\n精确率: 0\n经费: 1\n说明: |-\n  第一段\n\n  第二段\n')).toEqual([
      '7:5 错误 说明 一段文字里有空行：这个字段只能写一段，空行后面的文字会接在前一段末尾（去掉空行；要写成几段，把它们写成列表的几项（每项一段），或拆成几个字段）',
    ]);
    // In every other style YAML reads a blank line as one line break: caught all the same.
    for (const text of ['第一段\n\n  第二段', '"第一段\n\n  第二段"', "'第一段\n\n  第二段'", '>-\n  第一段\n\n  第二段']) {
      expect(check(`满意度: 1\n精确率: 0\n经费: 1\n说明: ${text}\n`), text).toHaveLength(1);
    }
    expect(check('满意度: 1\n精确率: 0\n经费: 1\n说明: 第一行\n  接着第二行\n')).toEqual([]);
  });
});

describe('hints for a figure written as text', () => {
  it('converts a sum of money written in another unit instead of telling the clerk to drop the unit', async () => {
    const { figureSlip, chineseNumeralValue } = await import('../../src/data/values.js');
    expect(figureSlip('12000元', false, '万元')).toEqual({ hint: '这个字段的单位是万元：12000元 写成 1.2' });
    expect(figureSlip('3.5亿元', false, '万元')).toEqual({ hint: '这个字段的单位是万元：3.5亿元 写成 35000' });
    expect(figureSlip('12万元', false, '万元')).toEqual({ hint: '只写数，不写单位：写成 12' });
    expect(figureSlip('12美元', false, '万元')).toEqual({ hint: '只写数，不写单位：写成 12（这个字段的单位是万元，美元与它不同时先换算）' });
    expect(figureSlip('6期', false, '次')).toEqual({ hint: '只写数，不写单位：写成 6' });
    expect(figureSlip('215', false)).toEqual({ hint: '数不加引号：写成 215' });
    expect(figureSlip('7，', false)).toEqual({ hint: '去掉数后面的“，”：写成 7（{…} 里各项之间用半角逗号加空格分开）' });
    expect(figureSlip('三十六', false)).toEqual({ hint: '用阿拉伯数字写：写成 36' });
    expect([chineseNumeralValue('一百零五'), chineseNumeralValue('两千'), chineseNumeralValue('二〇二四'), chineseNumeralValue('十二'), chineseNumeralValue('三万五千')]).toEqual([105, 2000, 2024, 12, 35000]);
    expect(chineseNumeralValue('第三')).toBe(null);
  });

  it('says so through validation, at the field', () => {
    const m = model('名称: 钱\n字段:\n  经费: {类型: 金额, 单位: 万元}\n  期数: {类型: 计数, 单位: 期}\n');
    const r = validateReportText(m, `${HEAD}经费: 12000元\n期数: 三十六\n`, { file: 'data/2024.yaml', expectedYear: 2024 });
    expect(r.ok ? [] : r.diagnostics.map((d) => d.hint)).toEqual(['这个字段的单位是万元：12000元 写成 1.2', '用阿拉伯数字写：写成 36']);
  });
});

describe('examples in hints', () => {
  it('fills a missing row of figures with 0, so a copied example adds nothing untrue', () => {
    const m = model('名称: 行\n字段:\n  查询:\n    类型: 组\n    字段:\n      自然人: {类型: 计数, 单位: 件}\n      法人: {类型: 计数, 单位: 件}\n');
    const r = validateReportText(m, HEAD, { file: 'data/2024.yaml', expectedYear: 2024 });
    expect(r.ok ? '' : r.diagnostics.map((d) => d.hint ?? '').join('\n')).toContain('    查询:\n      自然人: 0\n      法人: 0');
  });
});
