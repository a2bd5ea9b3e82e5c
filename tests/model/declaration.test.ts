/**
 * The data declaration (model.yaml): how it is read, what each field type accepts and refuses, its
 * own mistakes at file:line:column, and cross-field rules, with every kind of field carried through
 * validation, templates, `report diff` and the 同比 helpers.
 */
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../src/compile.js';
import { readDeclaration } from '../../src/data/declaration.js';
import type { Model, ReportData } from '../../src/data/model.js';
import { validateReportText } from '../../src/data/validate.js';
import { compareData, definitionsOf, metricChange } from '../../src/diff/compare.js';
import { formatText } from '../../src/diff/format.js';
import { dataToText } from '../../src/diff/textconv.js';
import { wordAmount, wordRate } from '../../src/diff/wording.js';
import { toText } from '../../src/render/text.js';
import { yoyHelpers } from '../../src/template/yoy.js';
import { sampleModel } from '../helpers/sample.js';

function model(text: string): Model {
  const r = readDeclaration(text, 'model.yaml');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return r.value;
}

/** The declaration's problems as `line:column message（hint）`. */
function problems(text: string): string[] {
  const r = readDeclaration(text, 'model.yaml');
  if (r.ok) return [];
  return r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}${d.hint ? `（${d.hint}）` : ''}`);
}

const HEAD = '年度: 2024\n署名: 某镇人民政府\n成文日期: 2025-01-20\n';

function validate(m: Model, body: string) {
  return validateReportText(m, HEAD + body, { file: 'data/2024.yaml', expectedYear: 2024 });
}

function errors(m: Model, body: string): string[] {
  const r = validate(m, body);
  return r.ok ? [] : r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
}

function data(m: Model, body: string): ReportData {
  const r = validate(m, body);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return r.value;
}

/** Every kind of field, declared with the Chinese keys a clerk edits. */
const EVERY_KIND = `
名称: 各类字段
字段:
  督查:
    类型: 组
    字段:
      次数: {类型: 计数, 单位: 次, 名称: 专项督查}
      整改: {类型: 计数, 单位: 项, 名称: 通报整改问题, 约数: false}
  持证率: {类型: 百分数, 名称: 执法人员持证率, 最小值: 50}
  办结时限: {类型: 工作日, 名称: 平均办结时限}
  经费: {类型: 金额, 单位: 万元, 名称: 法治建设经费, 小数位数: 2}
  启用日期: {类型: 日期, 名称: 新系统启用日期}
  负责人: {类型: 一行文字, 最多字数: 4}
  等次: {类型: 一行文字, 可选值: [优秀, 良好, 合格]}
  概述: {类型: 段落, 最多字数: 50}
  达标: {类型: 是否, 名称: 考核达标}
  备注: {类型: 一行文字, 必填: false}
  案件: {类型: 列表, 名称: 典型案件, 每项: {类型: 计数, 单位: 件}, 最多项数: 3}
  举措: {类型: 列表, 名称: 工作举措, 每项: 标题内容, 最少项数: 1}
  培训:
    类型: 列表
    名称: 培训班
    每项:
      类型: 组
      字段:
        名称: {类型: 一行文字}
        人次: {类型: 计数, 单位: 人次}
规则:
  - 检查: 督查.整改 <= 督查.次数
    提示: 整改的问题来自督查
  - 不重复: 举措.标题
    消息: 与前面的举措重名
`;

const GOOD = `
督查: {次数: 4, 整改: 3}
持证率: 100
办结时限: 5
经费: {数值: 12.5, 修饰: 约}
启用日期: 2024-06-01
负责人: 张三
等次: 优秀
概述: 全年工作有序推进。
达标: true
案件: [3, 2]
举措:
  - 标题: 优化组织架构
    内容: 调整领导小组成员。
培训:
  - {名称: 执法规范化培训, 人次: 120}
`;

describe('reading a declaration', () => {
  it('reads every kind of field, with Chinese or Table Schema keys alike', () => {
    const zh = model(EVERY_KIND);
    expect(zh.title).toBe('各类字段');
    expect(zh.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      '年度:year', '署名:line', '成文日期:date', '盖章:boolean',
      '督查:group', '持证率:percent', '办结时限:workdays', '经费:amount', '启用日期:date', '负责人:line', '等次:line',
      '概述:paragraph', '达标:boolean', '备注:line', '案件:list', '举措:list', '培训:list',
    ]);
    const en = model(`
title: 各类字段
fields:
  督查:
    type: object
    fields:
      次数: {type: integer, unit: 次, title: 专项督查}
      整改: {type: count, unit: 项, title: 通报整改问题, qualifier: false}
  持证率: {type: percent, title: 执法人员持证率, constraints: {minimum: 50}}
`);
    expect(definitionsOf(en).metrics).toEqual(definitionsOf(model(EVERY_KIND.split('  办结时限')[0]!)).metrics);
  });

  it('compiles the sample’s model with the labels and units people use', () => {
    const defs = definitionsOf(sampleModel());
    expect(defs.metrics).toHaveLength(15);
    expect(defs.metrics[5]).toEqual({ path: ['行政执法培训', '期数'], label: '行政执法培训班', unit: '期', kind: 'count' });
    expect(defs.fields.map((f) => f.label)).toEqual(['单位全称', '单位简称', '署名', '成文日期', '加盖印章', '压缩办理时限的事项', '法治建设领导小组组长']);
    expect(defs.lists.map((l) => `${l.label}:${l.kind}`)).toEqual(['精简的审批事项:text', '普法宣传活动:text', '存在问题:titled', '工作安排:titled', '其他情况:text']);
    expect(sampleModel().rules.map((r) => r.id)).toEqual(['rectified-le-found', 'shortened-time-limit', 'trainees-ge-sessions', 'date-after-year', 'unique-titles', 'unique-plans']);
  });

  it('adds the fixed 公文 fields when a model does not declare them', () => {
    const m = model('字段:\n  次数: {类型: 计数, 单位: 次}\n');
    expect(m.fields.map((f) => f.name)).toEqual(['年度', '署名', '成文日期', '盖章', '次数']);
    // 盖章 may be left out (not sealed); the others are required.
    expect(data(m, '次数: 2\n').盖章).toBe(false);
    expect(data(m, '次数: 2\n盖章: 是\n').盖章).toBe(true);
    expect(data(m, '次数: 2\n盖章: 否\n').盖章).toBe(false);
    expect(errors(m, '次数: 2\n盖章: 对\n')).toEqual(['5:5 盖章 应为 是 或 否（也可以写 true 或 false），实际为 "对"']);
    expect(errors(m, '')).toEqual(['1:1 缺少必填字段 次数（应为非负整数）']);
  });
});

describe('the declaration’s own mistakes, at file:line:column', () => {
  it('an unknown type, with the nearest one', () => {
    expect(problems('字段:\n  次数: {类型: 记数, 单位: 次}\n')).toEqual(['2:12 不认识的类型 "记数"（是不是想写 计数？）']);
    expect(problems('字段:\n  次数: integr\n')).toEqual(['2:7 不认识的类型 "integr"（是不是想写 integer？）']);
  });

  it('an unknown or misplaced key, with the nearest one', () => {
    expect(problems('字段:\n  次数: {类型: 计数, 单位: 次, 最大: 9}\n')).toEqual(['2:23 类型为 计数 的字段 次数 有不认识的项 最大（是不是想写 最大值？）']);
    expect(problems('字段:\n  名字: {类型: 一行文字, 单位: 个}\n')).toEqual([expect.stringMatching(/^2:18 类型为 一行文字 的字段 名字 不能写 单位（/)]);
    expect(problems('字段:\n  次数: {类型: 计数, 单位: 次}\n规侧: []\n')).toEqual(['3:1 数据模型有不认识的项 规侧（是不是想写 规则？）']);
  });

  it('speaks the author’s vocabulary: Chinese names only for Chinese keys, the English key after the Chinese name for English keys', () => {
    expect(problems('字段:\n  次数: {类型: 计数, 单位: 次, 最小值: 10, 最大值: 1}\n')).toEqual(['2:28 最小值 10 大于 最大值 1，没有值能满足（把两个数对调，或改正写错的一个）']);
    expect(problems('fields:\n  次数: {type: count, minimum: 10, maximum: 1}\n  清单: {type: list}\n')).toEqual([
      '2:3 字段 次数 是 计数（count），要写 单位（unit），如 次、件、人次、万元（单位用在 report diff 的表格和同比的说法里（同比增加2次））',
      '2:30 最小值（minimum） 10 大于 最大值（maximum） 1，没有值能满足（把两个数对调，或改正写错的一个）',
      '3:3 列表 清单 要写 每项（items）：每一项的类型，如 items: line 或 items: titled',
    ]);
  });

  it('a figure without its unit, a bad limit, a titled item outside a list', () => {
    expect(problems('字段:\n  次数: 计数\n')).toEqual([
      '2:3 字段 次数 是 计数，要写 单位，如 次、件、人次、万元（单位用在 report diff 的表格和同比的说法里（同比增加2次））',
    ]);
    expect(problems('字段:\n  率: {类型: 百分数, 最小值: 90, 最大值: 80}\n')).toEqual(['2:21 最小值 90 大于 最大值 80，没有值能满足（把两个数对调，或改正写错的一个）']);
    expect(problems('字段:\n  率: {类型: 百分数, 最大值: 120}\n')).toEqual(['2:21 最大值 应在 0 到 100 之间，实际为 120']);
    expect(problems('字段:\n  名字: {类型: 一行文字, 最多字数: 0}\n')).toEqual(['2:24 最多字数 应为正整数，实际为 0']);
    expect(problems('字段:\n  问题: 标题内容\n')).toEqual(['2:7 类型 标题内容 只能用作列表的每项：写成 {类型: 列表, 每项: 标题内容}']);
    expect(problems('字段:\n  年度: 一行文字\n')).toEqual([expect.stringMatching(/^2:7 年度 是每份公文都有的字段，类型只能是 年份，实际写了 一行文字/)]);
  });

  it('a rule naming a field the model does not have points into the rule', () => {
    const text = '字段:\n  甲: {类型: 计数, 单位: 次}\n  乙: {类型: 计数, 单位: 次}\n规则:\n  - 检查: 甲 <= 丙\n  - 不重复: 甲.标题\n  - 检查: 甲 大于 乙\n';
    expect(problems(text)).toEqual([
      '5:14 规则用到了数据模型里没有的字段 丙（是不是想写 甲？）',
      '6:10 不重复 要写一个列表（或列表每项里的字段），甲.标题 不是数据模型里的列表',
      '7:9 “甲 大于 乙”不是比较：写成 甲 <= 乙（可用 <、<=、>、>=、==、!=）',
    ]);
  });

  it('all of them in one run, through the CLI, before any data is read', async () => {
    const { copySample, runCli } = await import('../helpers/cli.js');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = copySample();
    const file = path.join(dir, 'model.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('期数: {类型: 计数, 单位: 期', '期数: {类型: 记数, 单位: 期')
        .replace('检查: 执法监督.整改问题 <= 执法监督.发现问题', '检查: 执法监督.整改问题 <= 执法监督.发现问提'),
    );
    // The data is broken too: it is not read while the model is.
    writeFileSync(path.join(dir, 'data', '2024.yaml'), '年度: 二〇二四\n');
    const r = runCli(['check', '2024'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^model\.yaml:\d+:\d+: 错误: 不认识的类型 "记数"\n {2}提示: 是不是想写 计数？\n/);
    expect(r.stderr).toContain('错误: 规则用到了数据模型里没有的字段 执法监督.发现问提\n  提示: 是不是想写 执法监督.发现问题？');
    expect(r.stderr).not.toContain('data/2024.yaml');
    expect(r.stderr).toMatch(/共 2 个错误\n$/);
  });
});

describe('each kind of field', () => {
  const m = model(EVERY_KIND);

  it('accepts good data, with absent optional fields as null and absent lists empty', () => {
    const d = data(m, GOOD);
    expect(d['经费']).toEqual({ 数值: 12.5, 修饰: '约' });
    expect(d['备注']).toBeNull();
    expect(d['培训']).toEqual([{ 名称: '执法规范化培训', 人次: { 数值: 120 } }]);
  });

  it('refuses what each kind does not allow, every problem in one run', () => {
    const bad = GOOD.replace('整改: 3', '整改: {数值: 3, 修饰: 余}')
      .replace('持证率: 100', '持证率: 40')
      .replace('办结时限: 5', '办结时限: 4.5')
      .replace('{数值: 12.5, 修饰: 约}', '12.345')
      .replace('2024-06-01', '2024-02-30')
      .replace('负责人: 张三', '负责人: 欧阳某某某')
      .replace('等次: 优秀', '等次: 很好')
      .replace('达标: true', '达标: 对')
      .replace('案件: [3, 2]', '案件: [3, 2, 1, 4]')
      .replace('人次: 120', '人数: 120');
    expect(errors(m, bad)).toEqual([
      '5:17 督查.整改 应为非负整数，实际写成了约数（这个字段不能写约数 {数值: …, 修饰: …}，请只写确切的数）',
      '6:6 持证率 应不小于 50，实际为 40',
      '7:7 办结时限 应为非负整数（工作日数），实际为 4.5',
      '8:5 经费 最多 2 位小数，实际为 12.345',
      '9:7 启用日期 日期不存在：2024年2月30日',
      '10:6 负责人 太长：最多 4 个字，实际 5 个',
      '11:5 等次 应为 优秀、良好、合格 之一，实际为 "很好"',
      '13:5 达标 应为 是 或 否（也可以写 true 或 false），实际为 "对"',
      '14:5 案件 最多 3 项，实际 4 项',
      '19:19 未知字段 培训 第1项.人数',
    ]);
  });

  it('checks a declared rule when its fields are right, with a message made from the declaration', () => {
    expect(errors(m, GOOD.replace('整改: 3', '整改: 5'))).toEqual(['5:17 督查.整改（5）不能大于 督查.次数（4）']);
    const twice = GOOD.replace('举措:\n', '举措:\n  - 标题: 优化组织架构\n    内容: 又写了一次。\n');
    expect(errors(m, twice)).toEqual(['18:9 举措 第2项.标题 与前面的举措重名']);
    expect(errors(m, GOOD.replace(/举措:\n(.*\n){2}/, '举措: []\n'))).toEqual(['15:5 举措 至少要有 1 项，实际 0 项']);
  });

  it('goes through the template, report diff, 同比 and report text with its own labels and units', () => {
    const before = data(m, GOOD);
    const after = data(m, GOOD.replace('次数: 4', '次数: 6').replace('持证率: 100', '持证率: 96.5').replace('{数值: 12.5, 修饰: 约}', '15.25').replace('办结时限: 5', '办结时限: 3'));
    const defs = definitionsOf(m);
    const word = (key: string) => {
      const c = metricChange(defs.metrics.find((x) => x.path.join('.') === key)!, before, after);
      return [wordAmount(c), wordRate(c)];
    };
    expect(word('督查.次数')).toEqual(['同比增加2次', '同比增长50%']);
    expect(word('持证率')).toEqual(['同比下降3.5个百分点', '同比下降3.5个百分点']);
    expect(word('办结时限')).toEqual(['同比减少2个工作日', '同比下降40%']);
    expect(word('经费')).toEqual(['同比增加约2.75万元', '同比增长约22%']);

    const table = formatText(compareData(before, after, defs), { source: 'a', year: 2023 }, { source: 'b', year: 2024 }, { onlyChanged: true });
    expect(table).toMatch(/专项督查（次） +4 +6 +\+2 +\+50%/);
    expect(table).toMatch(/法治建设经费（万元） +约12\.5 +15\.25 +约\+2\.8/);

    const template = {
      file: 't.hbs',
      text: '= 报告\n\n开展专项督查{{数量 督查.次数}}次（{{同比 "督查.次数"}}），经费{{数量 经费}}万元（{{同比 "经费"}}），持证率{{百分比 持证率}}{{#if 备注}}，{{备注}}{{/if}}。\n',
    };
    const helpers = yoyHelpers(after, { previous: before, previousYear: 2023, missing: 'error', metrics: defs.metrics, modelFile: 'model.yaml' });
    const doc = compileReport(m, after, template, helpers);
    if (!doc.ok) throw new Error(JSON.stringify(doc.diagnostics));
    expect(toText(doc.value)).toContain('开展专项督查6次（同比增加2次），经费15.25万元（同比增加约2.75万元），持证率96.5%。');

    expect(dataToText(HEAD + GOOD, m)).toContain('督查.次数: 4次\n督查.整改: 3项\n持证率: 100%\n办结时限: 5个工作日\n经费: 约12.5万元\n');
  });

  it('names the model’s own figures when a template asks 同比 for one it does not have', () => {
    const d = data(m, GOOD);
    const defs = definitionsOf(m);
    const helpers = yoyHelpers(d, { previous: d, previousYear: 2023, missing: 'error', metrics: defs.metrics, modelFile: 'model.yaml' });
    const doc = compileReport(m, d, { file: 't.hbs', text: '= 报告\n\n{{同比 "督查.次"}}\n' }, helpers);
    expect(doc.ok).toBe(false);
    if (!doc.ok) {
      expect(doc.diagnostics[0]!.message).toBe('助手 同比 不认识指标 "督查.次"；可用的指标如 "督查.次数"、"督查.整改"（见 model.yaml 里类型为 count、percent、workdays、amount 的字段）');
    }
  });
});
