/**
 * The declaration language's means for tables of figures and their relations, each on its own
 * small model: 表 (rows × columns of typed cells), 计算 (derived figures), sums in rules, 对每个,
 * 级别: 警告, 上年, 属于, 字数(), 须提到, and their own mistakes at file:line:column.
 */
import { describe, expect, it } from 'vitest';
import { readDeclaration } from '../../src/data/declaration.js';
import { fieldAt, type Model, type ReportData } from '../../src/data/model.js';
import { validateReportText } from '../../src/data/validate.js';
import { definitionsOf } from '../../src/diff/compare.js';

const HEAD = '年度: 2024\n署名: 某单位\n成文日期: 2025-01-10\n';

function model(text: string): Model {
  const r = readDeclaration(text, 'model.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

function problems(m: Model, data: string, previous?: ReportData): string[] {
  const r = validateReportText(m, HEAD + data, { file: 'data/2024.yaml', ...(previous ? { previous } : {}) });
  const ds = r.ok ? r.warnings : r.diagnostics;
  return ds.map((d) => `${d.line}:${d.column}: ${d.severity === 'warning' ? '警告' : '错误'}: ${d.message}`);
}

function modelErrors(text: string): string[] {
  const r = readDeclaration(text, 'model.yaml');
  return r.ok ? [] : r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

const TABLE = `字段:
  申请:
    类型: 表
    名称: 表一、申请情况
    每格: {类型: 计数, 单位: 件}
    列:
      个人:
      单位: {简称: 单位}
      合计: {计算: 个人 + 单位}
    行:
      新收: {名称: 一、新收, 简称: 新收}
      办结:
        名称: 二、办结
        行:
          公开: {名称: （一）公开}
          不公开: {名称: （二）不公开}
          小计: {名称: （三）小计, 计算: 公开 + 不公开}
      收费:
        列: {金额: {名称: 金额（万元）, 类型: 金额, 单位: 万元, 小数位数: 2}}
`;

describe('表: a table of typed cells', () => {
  it('declares groups of rows whose fields are the cells, each labelled row × column', () => {
    const m = model(TABLE);
    const cell = fieldAt(m, ['申请', '办结', '不公开', '个人'])!;
    expect(cell).toMatchObject({ type: 'count', unit: '件', title: '二、（二）不公开 × 个人', cell: { table: '表一、申请情况', row: '二、（二）不公开', column: '个人' } });
    expect(fieldAt(m, ['申请', '收费', '金额'])).toMatchObject({ type: 'amount', unit: '万元', decimals: 2, title: '收费 × 金额（万元）' });
    expect(fieldAt(m, ['申请', '收费', '个人'])).toBeNull();
    expect(definitionsOf(m).metrics.map((d) => d.label)).toContain('二、（三）小计 × 合计');
  });

  it('checks every cell by its type, at the cell', () => {
    const m = model(TABLE);
    const data = '申请:\n  新收: {个人: 1, 单位: -2}\n  办结:\n    公开: {个人: 1, 单位: 0}\n    不公开: {个人: 0, 单位: 0}\n  收费: {金额: 1.5}\n';
    expect(problems(m, data)).toEqual(['5:19: 错误: 申请.新收.单位 应为非负整数，实际为 -2']);
  });
});

describe('计算: derived figures', () => {
  it('are filled in when left out (sums of sums too)', () => {
    const m = model(TABLE);
    const r = validateReportText(m, HEAD + '申请:\n  新收: {个人: 1, 单位: 2}\n  办结:\n    公开: {个人: 1, 单位: 0}\n    不公开: {个人: 0, 单位: 2}\n  收费: {金额: 0}\n', { file: 'd.yaml' });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const t = r.value['申请'] as Record<string, Record<string, unknown>>;
    expect(t['新收']!['合计']).toEqual({ 数值: 3 });
    expect(t['办结']!['小计']).toEqual({ 个人: { 数值: 1 }, 单位: { 数值: 2 }, 合计: { 数值: 3 } });
  });

  it('are checked when given, at the figure, with the sum spelled out', () => {
    const m = model(TABLE);
    const data = '申请:\n  新收: {个人: 1, 单位: 2, 合计: 4}\n  办结:\n    公开: {个人: 1, 单位: 0}\n    不公开: {个人: 0, 单位: 2}\n    小计: {个人: 2, 单位: 2}\n  收费: {金额: 0}\n';
    expect(problems(m, data)).toEqual(['5:26: 错误: 一、新收 一行：合计 4，但 个人 1 + 单位 2 = 3', '9:14: 错误: 个人 一列：小计 2，但 公开 1 + 不公开 0 = 1']);
  });

  it('work outside tables too: a field of a group summing its siblings', () => {
    const m = model('字段:\n  培训:\n    类型: 组\n    字段:\n      线上: {类型: 计数, 单位: 人次}\n      线下: {类型: 计数, 单位: 人次}\n      合计: {类型: 计数, 单位: 人次, 计算: 线上 + 线下}\n');
    expect(problems(m, '培训: {线上: 3, 线下: 4}\n')).toEqual([]);
    expect(problems(m, '培训: {线上: 3, 线下: 4, 合计: 8}\n')).toEqual(['4:24: 错误: 培训.合计：合计 8，但 线上 3 + 线下 4 = 7']);
  });

  it('name only declared figures', () => {
    expect(modelErrors('字段:\n  甲: {类型: 计数, 单位: 件}\n  乙: {类型: 计数, 单位: 件, 计算: 甲 + 丙}\n  丁: {类型: 计数, 单位: 件, 计算: 甲 * 2}\n')).toEqual([
      '3:26: 计算 “甲 + 丙” 用到了数据模型里没有的字段 丙',
      '4:26: 计算 应写成用 + 相加的字段，如 甲 + 乙 + 丙（字段是同一组里的，组里的再用点），实际为 “甲 * 2”',
    ]);
  });
});

const FIGURES = '字段:\n  甲: {类型: 计数, 单位: 件}\n  乙: {类型: 计数, 单位: 件}\n  丙: {类型: 计数, 单位: 件}\n';

describe('rules: sums, 对每个, 级别, 上年, 属于, 字数, 须提到', () => {
  it('a sum on either side, the arithmetic in the message ({算式}, the default for sums)', () => {
    const m = model(`${FIGURES}规则:\n  - 检查: 甲 + 乙 == 丙\n  - 检查: 甲 - 乙 >= 0\n    消息: '差为负：{算式}'\n`);
    expect(problems(m, '甲: 1\n乙: 2\n丙: 4\n')).toEqual(['4:4: 错误: 甲 1 + 乙 2 = 3，但 丙 4', '4:4: 错误: 差为负：甲 1 - 乙 2 = -1，但小于 0']);
  });

  it('对每个 repeats a rule for each value, {名字} standing for it', () => {
    const m = model(`字段:\n  收:\n    类型: 组\n    字段: {男: {类型: 计数, 单位: 人}, 女: {类型: 计数, 单位: 人}}\n  结:\n    类型: 组\n    字段: {男: {类型: 计数, 单位: 人}, 女: {类型: 计数, 单位: 人}}\n规则:\n  - 对每个: {列: [男, 女]}\n    检查: 结.{列} <= 收.{列}\n    消息: '{列}：{算式}'\n`);
    expect(problems(m, '收: {男: 1, 女: 5}\n结: {男: 2, 女: 9}\n')).toEqual(['5:8: 错误: 男：结 2，但大于 收 1', '5:14: 错误: 女：结 9，但大于 收 5']);
    expect(modelErrors('字段:\n  甲: {类型: 计数, 单位: 件}\n规则:\n  - 对每个: {甲: [' + Array(200).fill(1).join(',') + '], 乙: [' + Array(200).fill(2).join(',') + ']}\n    检查: 甲 >= 0\n')).toEqual([
      '4:10: 对每个 会把这条规则写成 40000 条，最多 10000 条',
    ]);
    expect(modelErrors('字段:\n  甲: {类型: 计数, 单位: 件}\n规则:\n  - 对每个: [男, 女]\n    检查: 甲 >= 0\n')).toEqual([
      '4:10: 对每个 应写成 {名字: [值, 值, …]}，规则里的 {名字} 依次换成每个值，实际为 一个列表',
    ]);
  });

  it('级别: 警告 reports without failing', () => {
    const m = model(`${FIGURES}规则:\n  - 检查: 甲 <= 乙\n    级别: 警告\n`);
    const r = validateReportText(m, HEAD + '甲: 3\n乙: 2\n丙: 0\n', { file: 'd.yaml' });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.warnings.map((d) => `${d.severity} ${d.line}:${d.column} ${d.message} ${d.code}`)).toEqual(['warning 4:4 甲（3）不能大于 乙（2） rule.1']);
    expect(modelErrors(`${FIGURES}规则:\n  - 检查: 甲 <= 乙\n    级别: 提醒\n`)).toEqual(['7:9: 级别 只能是 错误（error）或 警告（warning），实际为 "提醒"']);
  });

  it('上年.字段 reads last year’s data, only when there is some', () => {
    const m = model(`${FIGURES}规则:\n  - 检查: 甲 == 上年.丙\n    级别: 警告\n    消息: '{算式}'\n`);
    const last = { 年度: 2023, 署名: '某单位', 成文日期: '2024-01-10', 盖章: false, 甲: { 数值: 0 }, 乙: { 数值: 0 }, 丙: { 数值: 7 } };
    expect(problems(m, '甲: 5\n乙: 0\n丙: 0\n', last)).toEqual(['4:4: 警告: 甲 5，但 上年丙 7']);
    expect(problems(m, '甲: 7\n乙: 0\n丙: 0\n', last)).toEqual([]);
    expect(problems(m, '甲: 5\n乙: 0\n丙: 0\n')).toEqual([]);
  });

  it('属于 [文字, …] compares a line of text with a list (in conditions too)', () => {
    const m = model(`${FIGURES}  级别: {类型: 一行文字, 可选值: [市, 县, 乡]}\n规则:\n  - 检查: 甲 == 0\n    条件: 级别 属于 [县, 乡]\n    消息: 应为 0：{级别}不能制定规章\n`);
    expect(problems(m, '甲: 2\n乙: 0\n丙: 0\n级别: 乡\n')).toEqual(['4:4: 错误: 甲 应为 0：乡不能制定规章']);
    expect(problems(m, '甲: 2\n乙: 0\n丙: 0\n级别: 市\n')).toEqual([]);
  });

  it('字数(字段) is the length of a text field (a group or list of texts: all of it), spaces not counted', () => {
    const m = model(`字段:\n  概况: {类型: 组, 字段: {一: 段落, 二: 段落}}\n规则:\n  - 检查: 字数(概况) <= 5\n    级别: 警告\n    消息: '{算式}'\n`);
    expect(problems(m, '概况: {一: 一二三, 二: 四 五}\n')).toEqual([]);
    expect(problems(m, '概况: {一: 一二三, 二: 四五六}\n')).toEqual(['4:5: 警告: 字数 6，但大于 5']);
    expect(modelErrors(`${FIGURES}规则:\n  - 检查: 字数(甲) <= 5\n`)).toEqual(['6:9: 字数() 只能数文字字段的字数，甲 是 计数']);
  });

  it('数 × 字段 is a share of a figure (thresholds), spelled out with its product', () => {
    const m = model(`${FIGURES}规则:\n  - 检查: 甲 + 乙 <= 0.1 * 丙\n    级别: 警告\n    消息: '偏多：{算式}'\n  - 检查: 甲 <= 0.5 × 丙\n`);
    expect(problems(m, '甲: 1\n乙: 1\n丙: 20\n')).toEqual([]);
    expect(problems(m, '甲: 2\n乙: 1\n丙: 20\n')).toEqual(['4:4: 警告: 偏多：甲 2 + 乙 1 = 3，但大于 0.1 × 丙 20 = 2']);
    expect(problems(m, '甲: 11\n乙: 0\n丙: 20\n')).toEqual(['4:4: 错误: 甲（11）不能大于 0.5 × 丙', '4:4: 警告: 偏多：甲 11 + 乙 0 = 11，但大于 0.1 × 丙 20 = 2']);
    expect(modelErrors(`${FIGURES}  名: 一行文字\n规则:\n  - 检查: 甲 <= 0.1 * 名\n`)).toEqual(['7:20: 规则不能比较 名：它是 一行文字，只有数、日期、年份和列表（比较项数）能比较']);
  });

  it('须提到 a word (or one of several) in a text field', () => {
    const m = model(`字段:\n  其他: {类型: 列表, 每项: 段落}\n规则:\n  - 须提到: [信息处理费, 处理费]\n    文字: 其他\n    级别: 警告\n`);
    expect(problems(m, '其他:\n  - 未收取处理费。\n')).toEqual([]);
    expect(problems(m, '其他:\n  - 无。\n')).toEqual(['5:3: 警告: 其他 没有提到 信息处理费、处理费']);
    expect(modelErrors('字段:\n  其他: 段落\n规则:\n  - 须提到: 费\n')).toEqual(['4:5: 须提到的规则要写 文字：哪个字段的文字要提到 费']);
  });
});

describe('旧名 and 已删去: what an older format called a field, or had and dropped', () => {
  const OLD = `字段:
  申请:
    类型: 表
    每格: {类型: 计数, 单位: 件}
    已删去: {采购: 旧格式}
    列:
      个人: {旧名: [自然人]}
      合计: {计算: 个人}
    行:
      新收: {旧名: {新收到: 2019年格式}}
`;

  it('reads an old name under the current one and leaves a dropped item out, each with a warning at the key', () => {
    const m = model(OLD);
    const r = validateReportText(m, `${HEAD}申请:\n  新收到: {自然人: 3, 合计: 3}\n  采购: {个人: 1}\n`, { file: 'data/2024.yaml' });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.warnings.map((d) => `${d.line}:${d.column}: ${d.message}（${d.code}）`)).toEqual([
      '5:3: 申请.新收到 是2019年格式的名称，现在写作 新收（data.former-name）',
      '5:9: 申请.新收到.自然人 是旧的名称，现在写作 个人（data.former-name）',
      '6:3: 申请.采购 是旧格式的项，现在的格式已删去，这一项不再填报（data.removed-name）',
    ]);
    expect(r.value['申请']).toEqual({ 新收: { 个人: { 数值: 3 }, 合计: { 数值: 3 } } });
    // A later problem inside the renamed row is still reported where the file wrote it.
    expect(problems(m, '申请:\n  新收到: {自然人: 3, 合计: 4}\n')).toEqual([
      '5:21: 错误: 新收 一行：合计 4，但 个人 3',
      '5:3: 警告: 申请.新收到 是2019年格式的名称，现在写作 新收',
      '5:9: 警告: 申请.新收到.自然人 是旧的名称，现在写作 个人',
    ]);
  });

  it('says so when 旧名 is written wrong', () => {
    expect(modelErrors('字段:\n  甲: {类型: 计数, 单位: 件, 旧名: 乙}\n')).toEqual(['2:26: 旧名 应为旧的名字的列表（如 [规范性文件]），或 {旧的名字: 出处}，实际为 "乙"']);
    expect(modelErrors('字段:\n  甲: {类型: 计数, 单位: 件, 旧名: [甲]}\n')).toEqual(['2:26: 旧名 里的 甲 就是这个字段现在的名字']);
  });
});

describe('a cell of a table left empty or written as a dash, a slash or 无', () => {
  it('is read as 0 (a sum: computed) with a warning; outside tables a lone “-” is named in the error', () => {
    const m = model(TABLE);
    const r = validateReportText(m, `${HEAD}申请:\n  新收: {个人: -, 单位: 无}\n  办结:\n    公开: {个人: /, 单位: 0, 合计: }\n    不公开: {个人: 0, 单位: 0}\n  收费: {金额: 0}\n`, { file: 'data/2024.yaml' });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.warnings.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual([
      '5:12: 申请.新收.个人 写的是“-”，按 0 计算：表格的每一格应填 0 或数',
      '5:19: 申请.新收.单位 写的是“无”，按 0 计算：表格的每一格应填 0 或数',
      '7:14: 申请.办结.公开.个人 写的是“/”，按 0 计算：表格的每一格应填 0 或数',
      '7:24: 申请.办结.公开.合计 空着，按各项之和计算：表格的每一格应填 0 或数',
    ]);
    expect(problems(model(FIGURES), '甲: -\n乙: 0\n丙: 0\n')).toEqual(['4:4: 错误: 甲 应为非负整数，实际为 “-”']);
  });
});
