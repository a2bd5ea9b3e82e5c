/**
 * The 政府信息公开工作年度报告 kind's checks on the example (淮安市人民政府 2024, figures as
 * published): it is clean; each relation of the 2021 format broken once gives one message, at the
 * offending cell, with the arithmetic spelled out.
 */
import { describe, expect, it } from 'vitest';
import { at, edit, huaianText, lines, validateXxgk } from '../helpers/xxgk.js';

const text = huaianText();

function problems(t: string, previous?: Parameters<typeof validateXxgk>[2]) {
  const r = validateXxgk(t, 2024, previous);
  return r.ok ? lines(r.warnings) : lines(r.diagnostics);
}

describe('the 淮安市人民政府 2024 example', () => {
  it('is clean: every relation of the format holds for the published figures', () => {
    const r = validateXxgk(text);
    if (!r.ok) throw new Error(lines(r.diagnostics).join('\n'));
    expect(lines(r.warnings)).toEqual([]);
    const t3 = r.value['收到和处理申请'] as Record<string, Record<string, { 数值: number }>>;
    expect(t3['本年新收政府信息公开申请数量']!['总计']).toEqual({ 数值: 3119 });
    expect(t3['结转下年度继续办理']!['总计']).toEqual({ 数值: 103 });
  });

  it('T3-R3: a row whose 总计 is not the sum of its six applicant columns', () => {
    const bad = edit(text, '保护第三方合法权益: {自然人: 6,', '保护第三方合法权益: {自然人: 7,');
    const found = problems(bad);
    expect(found).toContain(`${at(bad, '保护第三方合法权益: {', '总计')}: 错误: 三、（三）4.保护第三方合法权益 一行：总计 6，但 自然人 7（其余 5 项为 0） = 7`);
  });

  it('T3-R2: a column whose （七）总计 is not the sum of the 23 result rows', () => {
    const bad = edit(text, '保护第三方合法权益: {自然人: 6, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 6}', '保护第三方合法权益: {自然人: 7, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 7}');
    // One message, in the 自然人 column, at its （七）总计 (the row itself adds up: 7 = 7).
    expect(problems(bad)).toEqual([
      `${at(bad, '    总计: {', '自然人')}: 错误: 自然人 一列：总计 2932，但 予以公开 1288 + 部分公开 447 + 属于国家秘密 2 + 其他法律行政法规禁止公开 30 + 危及“三安全一稳定” 5 + 保护第三方合法权益 7 + 属于三类内部事务信息 7 + 属于四类过程性信息 12 + 属于行政执法案卷 9 + 属于行政查询事项 105 + 本机关不掌握相关政府信息 746 + 没有现成信息需要另行制作 11 + 补正后申请内容仍不明确 1 + 信访举报投诉类申请 56 + 重复申请 25 + 要求行政机关确认或重新出具已获取信息 1 + 逾期不补正 67 + 逾期未缴费 6 + 其他 108（其余 2 项为 0） = 2933`,
    ]);
  });

  it('T3-R1: 本年新收 + 上年结转 ≠ 总计 + 结转下年度继续办理, per column, at the 结转 cell', () => {
    const bad = edit(
      text,
      '结转下年度继续办理: {自然人: 103, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 103}',
      '结转下年度继续办理: {自然人: 104, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 104}',
    );
    expect(problems(bad)).toEqual([
      `${at(bad, '结转下年度继续办理: {', '自然人')}: 错误: 自然人 一列：本年新收 3001 + 上年结转 34 = 3035，但 总计 2932 + 结转下年度继续办理 104 = 3036`,
      `${at(bad, '结转下年度继续办理: {', '总计')}: 错误: 总计 一列：本年新收 3119 + 上年结转 34 = 3153，但 总计 3050 + 结转下年度继续办理 104 = 3154`,
    ]);
  });

  it('T4-R1: each 复议/诉讼 group’s 总计 = 维持 + 纠正 + 其他 + 尚未审结', () => {
    const bad = edit(text, '复议后起诉: {结果维持: 12,', '复议后起诉: {结果维持: 13,');
    expect(problems(bad)).toEqual([`${at(bad, '复议后起诉: {', '总计')}: 错误: 行政诉讼·复议后起诉 一行：总计 20，但 结果维持 13 + 结果纠正 1 + 其他结果 1 + 尚未审结 6 = 21`]);
  });

  it('every cell a non-negative whole number; 行政事业性收费 a non-negative amount in 万元 with decimals', () => {
    const frac = edit(text, '{自然人: 3001, 商业企业: 53, 科研机构: 0,', '{自然人: 3001, 商业企业: 53, 科研机构: 0.5,');
    expect(problems(frac)[0]).toBe(`${at(frac, '本年新收政府信息公开申请数量: {', '科研机构')}: 错误: 收到和处理申请.本年新收政府信息公开申请数量.科研机构 应为非负整数，实际为 0.5`);
    const neg = edit(text, '行政强制: {本年处理决定数量: 88283}', '行政强制: {本年处理决定数量: -1}');
    expect(problems(neg)[0]).toMatch(new RegExp(`^${at(neg, '行政强制: {', '本年处理决定数量')}: 错误: 主动公开\\.行政强制\\.本年处理决定数量 应为非负整数`));
    const fee = edit(text, '本年收费金额: 96171.6', '本年收费金额: -5');
    expect(problems(fee)).toEqual([`${at(fee, '行政事业性收费: {', '本年收费金额')}: 错误: 主动公开.行政事业性收费.本年收费金额 应不小于 0，实际为 -5`]);
    const decimals = edit(text, '本年收费金额: 96171.6', '本年收费金额: 96171.65');
    expect(problems(decimals)).toEqual([]);
  });

  it('totals may be left out: they are computed, and the relations still hold', () => {
    const noTotals = text.replace(/, 总计: \d+\}/g, '}').replace(/\n {4}总计: \{[^}]*\}/, '');
    expect(noTotals.split('\n').filter((l) => !l.startsWith('#')).join('\n')).not.toMatch(/总计/);
    const r = validateXxgk(noTotals);
    if (!r.ok) throw new Error(lines(r.diagnostics).join('\n'));
    const t3 = r.value['收到和处理申请'] as Record<string, Record<string, Record<string, unknown>>>;
    const n = (x: number) => ({ 数值: x });
    expect(t3['本年度办理结果']!['总计']).toEqual({ 自然人: n(2932), 商业企业: n(53), 科研机构: n(0), 社会公益组织: n(0), 法律服务机构: n(61), 其他: n(4), 总计: n(3050) });
    const t4 = r.value['复议诉讼'] as Record<string, Record<string, unknown>>;
    expect(t4['行政复议']!['总计']).toEqual(n(351));
    // Left out and then wrong elsewhere: the relation that still can be checked says so.
    const bad = edit(noTotals, '结转下年度继续办理: {自然人: 103,', '结转下年度继续办理: {自然人: 100,');
    // In the order of their positions (the row's start comes before its 自然人 cell).
    expect(problems(bad)).toEqual([
      // 结转's 总计 (left out) is computed as 100, so the 总计 column's relation fails there too; it points at the row.
      expect.stringMatching(/^\d+:\d+: 错误: 总计 一列：本年新收 3119 \+ 上年结转 34 = 3153，但 总计 3050 \+ 结转下年度继续办理 100 = 3150$/),
      `${at(bad, '结转下年度继续办理: {', '自然人')}: 错误: 自然人 一列：本年新收 3001 + 上年结转 34 = 3035，但 总计 2932 + 结转下年度继续办理 100 = 3032`,
    ]);
  });
});

describe('warnings of the kind', () => {
  it('X1: 上年结转 differs from last year’s 结转下年度继续办理 (only when last year’s data is there)', () => {
    const r2024 = validateXxgk(text);
    if (!r2024.ok) throw new Error('example');
    const last = structuredClone({ ...r2024.value, 年度: 2023 }) as typeof r2024.value;
    const t3 = last['收到和处理申请'] as Record<string, unknown>;
    // A 2023 whose 结转下年度继续办理 is what 2024 carried in: nothing to say.
    expect(problems(text, { ...last, 收到和处理申请: { ...t3, 结转下年度继续办理: t3['上年结转政府信息公开申请数量'] } })).toEqual([]);
    // A 2023 that carried 103 over to 2024, where 2024 says 34 came in:
    const next = edit(text, '年度: 2024', '年度: 2025');
    const kept = validateReportText2025(next, r2024.value);
    expect(kept).toEqual([
      `${at(text, '上年结转政府信息公开申请数量: {', '自然人')}: 警告: 自然人 一列：上年结转 34，但 上年结转下年度继续办理 103`,
      `${at(text, '上年结转政府信息公开申请数量: {', '总计')}: 警告: 总计 一列：上年结转 34，但 上年结转下年度继续办理 103`,
    ]);
    // No file for last year: nothing to compare with.
    expect(problems(text)).toEqual([]);
  });

  it('non-zero 规章 for a body that cannot make 规章', () => {
    const bad = edit(text, '类型: 设区的市人民政府', '类型: 乡镇人民政府');
    expect(problems(bad)).toEqual([`${at(bad, '规章: {', '本年制发件数')}: 警告: 主动公开.规章.本年制发件数 不为 0，但 乡镇人民政府 不能制定规章`]);
    expect(problems(edit(text, '类型: 设区的市人民政府', '类型: 省级人民政府'))).toEqual([]);
  });

  it('总体情况 longer than 1,000 characters', () => {
    const long = '（示例文字）' + '公开'.repeat(480);
    const bad = edit(text, '    （示例文字）规范政府信息公开申请的登记、审核、办理、答复和归档，严格按照法定时限答复。', `    ${long}`);
    const found = problems(bad);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^\d+:\d+: 警告: 总体情况 字数 1\d{3}，但大于 1000：篇幅原则上不超过一千字$/);
    expect(found[0]!.startsWith(`${bad.split('\n').findIndex((l) => l.startsWith('总体情况:')) + 2}:3:`)).toBe(true);
  });

  it('section 六 saying nothing about 信息处理费', () => {
    const bad = edit(text, '本年度未收取信息处理费。', '本年度无其他需要报告的事项。');
    const line = bad.split('\n').findIndex((l) => l.startsWith('其他需要报告的事项:')) + 2;
    expect(problems(bad)).toEqual([`${line}:3: 警告: 其他需要报告的事项 没有提到信息处理费`]);
  });
});

describe('what a clerk carries over from older or published reports', () => {
  const F2019 = '2019年格式（国办公开办函〔2019〕60号）';

  it('2019 labels as data keys: read under the 2021 label, with a warning that names it; 2019 items the 2021 format dropped are left out', () => {
    let old = edit(text, '  规章: {本年制发件数: 1, 本年废止件数: 0, 现行有效件数: 11}', '  规章: {本年新制作数量: 1, 本年废止件数: 0, 现行有效件数: 11, 对外公开总数量: 40}');
    old = edit(old, '  行政规范性文件: {本年制发件数: 8,', '  规范性文件: {本年新制作数量: 8,');
    old = edit(old, '  行政强制: {本年处理决定数量: 88283}', '  行政强制: {处理决定数量: 88283}\n  政府集中采购: {采购项目数量: 3, 采购总金额: 5}');
    const r = validateXxgk(old);
    if (!r.ok) throw new Error(lines(r.diagnostics).join('\n'));
    expect(lines(r.warnings)).toEqual([
      `${keyAt(old, '  规章: {', '本年新制作数量')}: 警告: 主动公开.规章.本年新制作数量 是${F2019}的名称，现在写作 本年制发件数`,
      `${keyAt(old, '  规章: {', '对外公开总数量')}: 警告: 主动公开.规章.对外公开总数量 是${F2019}的项，现在的格式已删去，这一项不再填报`,
      `${keyAt(old, '  规范性文件: {', '规范性文件')}: 警告: 主动公开.规范性文件 是${F2019}的名称，现在写作 行政规范性文件`,
      `${keyAt(old, '  规范性文件: {', '本年新制作数量')}: 警告: 主动公开.规范性文件.本年新制作数量 是${F2019}的名称，现在写作 本年制发件数`,
      `${keyAt(old, '  行政强制: {', '处理决定数量')}: 警告: 主动公开.行政强制.处理决定数量 是${F2019}的名称，现在写作 本年处理决定数量`,
      `${keyAt(old, '  政府集中采购: {', '政府集中采购')}: 警告: 主动公开.政府集中采购 是${F2019}的项，现在的格式已删去，这一项不再填报`,
    ]);
    expect(r.warnings[0]!.hint).toBe('把 本年新制作数量 改成 本年制发件数；这次已按 本年制发件数 读取');
    // The figures are read under the 2021 labels; the dropped items are not in the data.
    const t2 = r.value['主动公开'] as Record<string, Record<string, { 数值: number }>>;
    expect(t2['规章']).toEqual({ 本年制发件数: { 数值: 1 }, 本年废止件数: { 数值: 0 }, 现行有效件数: { 数值: 11 } });
    expect(t2['行政规范性文件']!['本年制发件数']).toEqual({ 数值: 8 });
    expect(t2['行政强制']!['本年处理决定数量']).toEqual({ 数值: 88283 });
    expect(Object.keys(t2)).not.toContain('政府集中采购');
    // Both names written: an error at the old one.
    const both = edit(text, '  规章: {本年制发件数: 1,', '  规章: {本年制发件数: 1, 本年新制作数量: 1,');
    expect(problems(both)).toEqual([`${keyAt(both, '  规章: {', '本年新制作数量')}: 错误: 主动公开.规章.本年新制作数量 是 本年制发件数 的旧名，两个都写了`]);
  });

  it('the 2019 format’s single （六）其他处理 row: one error naming the three rows of 2021', () => {
    const from = text.indexOf('    其他处理:\n');
    const to = text.indexOf('    总计: {自然人: 2932');
    const old = `${text.slice(0, from)}    其他处理: {自然人: 181, 商业企业: 5, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 1, 其他: 0, 总计: 187}\n${text.slice(to)}`;
    expect(problems(old)).toEqual([
      `${keyAt(old, '    其他处理: {', '其他处理')}: 错误: 收到和处理申请.本年度办理结果.其他处理 写成了一行，但现在的格式把 （六）其他处理 分成 3 行：1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请；2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请；3.其他`,
    ]);
  });

  it('a cell left empty or written /, -, 无: read as 0 with a warning that it must be 0 or a number; a sum left empty is computed', () => {
    let t = edit(text, '属于国家秘密: {自然人: 2, 商业企业: 0,', '属于国家秘密: {自然人: 2, 商业企业: /,');
    t = edit(t, '保护第三方合法权益: {自然人: 6, 商业企业: 0,', '保护第三方合法权益: {自然人: 6, 商业企业: -,');
    t = edit(t, '重复申请: {自然人: 25, 商业企业: 0,', '重复申请: {自然人: 25, 商业企业: ,');
    t = edit(t, '要求提供公开出版物: {自然人: 0, 商业企业: 0,', '要求提供公开出版物: {自然人: 无, 商业企业: 0,');
    t = edit(t, '复议后起诉: {结果维持: 12, 结果纠正: 1, 其他结果: 1, 尚未审结: 6, 总计: 20}', '复议后起诉: {结果维持: 12, 结果纠正: 1, 其他结果: 1, 尚未审结: 6, 总计: /}');
    const r = validateXxgk(t);
    if (!r.ok) throw new Error(lines(r.diagnostics).join('\n'));
    expect(lines(r.warnings)).toEqual([
      `${at(t, '属于国家秘密: {', '商业企业')}: 警告: 收到和处理申请.本年度办理结果.不予公开.属于国家秘密.商业企业 写的是“/”，按 0 计算：表格的每一格应填 0 或数`,
      `${at(t, '保护第三方合法权益: {', '商业企业')}: 警告: 收到和处理申请.本年度办理结果.不予公开.保护第三方合法权益.商业企业 写的是“-”，按 0 计算：表格的每一格应填 0 或数`,
      // An empty value has no text of its own: the key is pointed at.
      `${keyAt(t, '重复申请: {', '商业企业')}: 警告: 收到和处理申请.本年度办理结果.不予处理.重复申请.商业企业 空着，按 0 计算：表格的每一格应填 0 或数`,
      `${at(t, '要求提供公开出版物: {', '自然人')}: 警告: 收到和处理申请.本年度办理结果.不予处理.要求提供公开出版物.自然人 写的是“无”，按 0 计算：表格的每一格应填 0 或数`,
      `${at(t, '复议后起诉: {', '总计')}: 警告: 复议诉讼.行政诉讼.复议后起诉.总计 写的是“/”，按各项之和计算：表格的每一格应填 0 或数`,
    ]);
    expect(r.warnings[0]!.hint).toBe('没有的填 0，不要空着，也不要写 /、-、无');
    const t4 = r.value['复议诉讼'] as Record<string, Record<string, Record<string, { 数值: number }>>>;
    expect(t4['行政诉讼']!['复议后起诉']!['总计']).toEqual({ 数值: 20 });
    // A blank where the row's 总计 says otherwise is not silently accepted: 0 breaks the row's sum.
    const blankNonZero = edit(text, '属于国家秘密: {自然人: 2, 商业企业: 0,', '属于国家秘密: {自然人: /, 商业企业: 0,');
    expect(problems(blankNonZero)).toEqual([
      `${at(blankNonZero, '属于国家秘密: {', '总计')}: 错误: 三、（三）1.属于国家秘密 一行：总计 2，但 0（其余 6 项为 0） = 0`,
      expect.stringMatching(/: 错误: 自然人 一列：总计 2932，但 .* = 2930$/),
      `${at(blankNonZero, '属于国家秘密: {', '自然人')}: 警告: 收到和处理申请.本年度办理结果.不予公开.属于国家秘密.自然人 写的是“/”，按 0 计算：表格的每一格应填 0 或数`,
    ]);
  });

  it('X3: （六）其他处理 more than a tenth of （七）总计 (when there are at least 20 applications)', () => {
    let t = edit(text, '予以公开: {自然人: 1288, 商业企业: 21, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 50, 其他: 3, 总计: 1362}', '予以公开: {自然人: 1088, 商业企业: 21, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 50, 其他: 3, 总计: 1162}');
    t = edit(t, '其他: {自然人: 108, 商业企业: 2, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 110}', '其他: {自然人: 308, 商业企业: 2, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 310}');
    expect(problems(t)).toEqual([`${at(t, '      其他: {', '总计')}: 警告: （六）其他处理 偏多：逾期不补正 71 + 逾期未缴费 6 + 其他 310 = 387，但大于 0.1 × 总计 3050 = 305`]);
    // 淮安 2024 as published: 187 of 3050 (6.1%), nothing to say (the example is clean, above).
    // Exactly a tenth is not more than a tenth.
    const tenth = edit(t, '其他: {自然人: 308, 商业企业: 2, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 310}', '其他: {自然人: 226, 商业企业: 2, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 228}');
    const balanced = edit(tenth, '予以公开: {自然人: 1088, 商业企业: 21, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 50, 其他: 3, 总计: 1162}', '予以公开: {自然人: 1170, 商业企业: 21, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 50, 其他: 3, 总计: 1244}');
    expect(problems(balanced)).toEqual([]);
  });
});

/** file:line:column of the key `key` on the first line containing `lineHas` (at or after it). */
function keyAt(text: string, lineHas: string, key: string): string {
  const lines = text.split('\n');
  const n = lines.findIndex((l) => l.includes(lineHas));
  if (n < 0) throw new Error(`no line with ${lineHas}`);
  const k = lines[n]!.indexOf(`${key}:`, lines[n]!.indexOf(lineHas));
  if (k < 0) throw new Error(`no ${key} on line ${n + 1}`);
  return `${n + 1}:${k + 1}`;
}

function validateReportText2025(t: string, previous: Parameters<typeof validateXxgk>[2]): string[] {
  const r = validateXxgk(t, 2025, previous);
  return r.ok ? lines(r.warnings) : lines(r.diagnostics);
}
