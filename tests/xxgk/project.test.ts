/**
 * The 政府信息公开工作年度报告 kind as a clerk uses it, through the real CLI: the kind's folder
 * builds at once; the 淮安市人民政府 2024 example builds clean, its text quoting the tables' own
 * figures; `report diff` on two years names each changed cell by its row and column.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { edit, EXAMPLE_DIR, KIND_DIR } from '../helpers/xxgk.js';

function copy(dir: URL): string {
  const to = mkdtempSync(path.join(tmpdir(), 'report-xxgk-'));
  cpSync(fileURLToPath(dir), to, { recursive: true, filter: (src) => !src.split(path.sep).includes('out') });
  return to;
}

describe('the kind’s project folder', () => {
  it('report init --kind 政府信息公开工作年度报告 writes a project that builds at once: the six sections in order, the three tables with the 2021 labels', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'report-xxgk-')), '年报');
    const init = await runCli(['init', dir, '--kind', '政府信息公开工作年度报告', '--year', '2025'], tmpdir());
    expect(init.stderr).toBe('');
    expect(init.stdout).toContain('已新建 政府信息公开工作年度报告 项目（2025 年）：');
    const r = await runCli(['build', '2025', '--format', 'txt'], dir);
    // The example data is marked as such, and nothing else is said.
    expect(r.stderr.split('\n').filter((l) => /错误|警告/.test(l))).toEqual(['data/2025.yaml:1:1: 警告: 这还是 report init 写的示例数据，不是实际情况']);
    expect(r.code).toBe(0);
    const out = path.join(dir, 'out', '2025');
    const txt = readFileSync(path.join(out, readdirSync(out).find((f) => f.endsWith('.txt'))!), 'utf8');
    expect(txt.split('\n')[0]).toBe('某某镇人民政府2025年政府信息公开工作年度报告');
    const headings = txt.split('\n').filter((l) => /^　　[一二三四五六]、/.test(l)).map((l) => l.trim());
    expect(headings).toEqual([
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ]);
    for (const label of ['第二十条第（一）项', '本年收费金额（单位：万元）', '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '四、结转下年度继续办理', '未经复议直接起诉', '复议后起诉']) {
      expect(txt).toContain(label);
    }
    // No 落款 unless the clerk writes one; no 文号.
    expect(txt.trimEnd().split('\n').at(-1)).toBe('　　本年度未收取信息处理费。');
  });

  it('report check on a data file copied from a 2019-format report: the 2019 labels and a “/” cell are warnings at file:line:column, and it builds', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'report-xxgk-')), '年报');
    await runCli(['init', dir, '--kind', '政府信息公开工作年度报告', '--year', '2025'], tmpdir());
    const file = path.join(dir, 'data', '2025.yaml');
    let t = readFileSync(file, 'utf8');
    t = edit(t, '  行政规范性文件: {本年制发件数: 2,', '  规范性文件: {本年新制作数量: 2,');
    t = edit(t, '  规章: {本年制发件数: 0, 本年废止件数: 0, 现行有效件数: 0}', '  规章: {本年制发件数: 0, 本年废止件数: /, 现行有效件数: 0}');
    writeFileSync(file, t);
    const r = await runCli(['check', '2025'], dir);
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => /警告/.test(l) && !l.includes('示例数据'));
    expect(warnings).toEqual([
      'data/2025.yaml:33:27: 警告: 主动公开.规章.本年废止件数 写的是“/”，按 0 计算：表格的每一格应填 0 或数',
      'data/2025.yaml:34:3: 警告: 主动公开.规范性文件 是2019年格式（国办公开办函〔2019〕60号）的名称，现在写作 行政规范性文件',
      'data/2025.yaml:34:11: 警告: 主动公开.规范性文件.本年新制作数量 是2019年格式（国办公开办函〔2019〕60号）的名称，现在写作 本年制发件数',
    ]);
    expect(r.stderr).toContain('  提示: 把 规范性文件 改成 行政规范性文件；这次已按 行政规范性文件 读取\n');
    const b = await runCli(['build', '2025', '--format', 'txt'], dir);
    expect(b.code).toBe(0);
    const out = path.join(dir, 'out', '2025');
    const txt = readFileSync(path.join(out, readdirSync(out).find((f) => f.endsWith('.txt'))!), 'utf8');
    expect(txt).toMatch(/\| 行政规范性文件 +\| +2 +\| +1 +\| +9 +\|/);
  });

  it('is the example’s own: the example project uses the kind’s data model and template unchanged', async () => {
    for (const f of ['model.yaml', 'templates/report.hbs']) {
      expect(readFileSync(new URL(f, EXAMPLE_DIR), 'utf8'), f).toBe(readFileSync(new URL(f, KIND_DIR), 'utf8'));
    }
  });

  it('the data file’s keys are the table’s own labels, and every table cell is a field', async () => {
    const data = readFileSync(new URL('data/__年度__.yaml', KIND_DIR), 'utf8');
    expect(data).toMatch(/^ {2}结转下年度继续办理: \{自然人: 1, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 1\}$/m);
    expect(data).toMatch(/^ {6}危及“三安全一稳定”: \{自然人: 0,/m);
    expect(data.match(/\{自然人: \d+, 商业企业: \d+, 科研机构: \d+, 社会公益组织: \d+, 法律服务机构: \d+, 其他: \d+, 总计: \d+\}/g)).toHaveLength(25);
    expect(data.match(/\{结果维持: 0, 结果纠正: 0, 其他结果: 0, 尚未审结: 0, 总计: 0\}/g)).toHaveLength(3);
  });
});

describe('the 淮安市人民政府 2024 example', () => {
  const dir = copy(EXAMPLE_DIR);

  it('builds clean, and the text quotes the tables’ figures (受理、答复、结转，复议、诉讼)', async () => {
    const r = await runCli(['build', '2024', '--format', 'txt'], dir);
    expect(r.stderr).not.toMatch(/错误|警告/);
    expect(r.code).toBe(0);
    const txt = readFileSync(path.join(dir, 'out', '2024', '淮安市人民政府2024年政府信息公开工作年度报告.txt'), 'utf8');
    expect(txt).toContain('2024年共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复）。因政府信息公开工作被申请行政复议351件，被提起行政诉讼46件。');
    expect(txt).toMatch(/\| 4\.保护第三方合法权益 +\| +6 +\| +0 +\| +0 +\| +0 +\| +0 +\| +0 +\| +6 +\|/);
    expect(txt).toContain('96171.6');
  });

  it('the text follows the tables: change a cell and the sentence changes with it', async () => {
    const data = path.join(dir, 'data', '2024.yaml');
    const before = readFileSync(data, 'utf8');
    // Totals left out: computed, then quoted.
    let t = before.replace(/, 总计: \d+\}/g, '}').replace(/\n {4}总计: \{[^}]*\}/, '');
    t = edit(t, '本年新收政府信息公开申请数量: {自然人: 3001,', '本年新收政府信息公开申请数量: {自然人: 3002,');
    t = edit(t, '结转下年度继续办理: {自然人: 103,', '结转下年度继续办理: {自然人: 104,');
    writeFileSync(data, t);
    try {
      const r = await runCli(['build', '2024', '--format', 'txt'], dir);
      expect(r.stderr).not.toMatch(/错误|警告/);
      const txt = readFileSync(path.join(dir, 'out', '2024', '淮安市人民政府2024年政府信息公开工作年度报告.txt'), 'utf8');
      expect(txt).toContain('共受理政府信息公开申请3120件，答复3050件（含上年度结转申请34件，另有104件顺延到下年度答复）');
    } finally {
      writeFileSync(data, before);
    }
  });

  it('report diff on two years names each changed cell by row and column', async () => {
    const two = copy(EXAMPLE_DIR);
    const y2024 = readFileSync(path.join(two, 'data', '2024.yaml'), 'utf8');
    let y2025 = edit(y2024, '年度: 2024', '年度: 2025');
    y2025 = edit(y2025, '保护第三方合法权益: {自然人: 6, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 6}', '保护第三方合法权益: {自然人: 9, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 9}');
    y2025 = edit(y2025, '本年新收政府信息公开申请数量: {自然人: 3001, 商业企业: 53, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 61, 其他: 4, 总计: 3119}', '本年新收政府信息公开申请数量: {自然人: 3004, 商业企业: 53, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 61, 其他: 4, 总计: 3122}');
    y2025 = y2025.replace(/(\n {4}总计: \{自然人: )2932(, [^}]*总计: )3050\}/, '$12935$23053}');
    y2025 = edit(y2025, '本年收费金额: 96171.6', '本年收费金额: 90000');
    writeFileSync(path.join(two, 'data', '2025.yaml'), y2025);
    // X1 through the CLI: 2025's 上年结转 (34, copied from 2024) is not 2024's 结转下年度继续办理 (103).
    const check = await runCli(['check', '2025'], two);
    expect(check.code).toBe(0);
    expect(check.stderr).toContain('data/2025.yaml:43:25: 警告: 自然人 一列：上年结转 34，但 上年结转下年度继续办理 103\n  提示: 本年的上年结转一般就是上一年报告的结转下年度继续办理；不同时请核对两年的台账\n');
    const r = await runCli(['diff', '2024', '2025'], two);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('三、收到和处理政府信息公开申请情况\n');
    expect(r.stdout).toContain('  三、（三）4.保护第三方合法权益 × 自然人：6 → 9\n');
    expect(r.stdout).toContain('  三、（三）4.保护第三方合法权益 × 总计：6 → 9\n');
    expect(r.stdout).toContain('  一、本年新收政府信息公开申请数量 × 自然人：3001 → 3004\n');
    expect(r.stdout).toContain('  三、（七）总计 × 总计：3050 → 3053\n');
    expect(r.stdout).toContain('  （其余 169 格未变）\n');
    expect(r.stdout).toContain('  行政事业性收费 × 本年收费金额（单位：万元）：96171.6 → 90000\n');
    expect(r.stdout).toContain('四、政府信息公开行政复议、行政诉讼情况\n  （15 格都未变）\n');
    // The summary counts table cells apart from figures (this model has no figure outside its tables).
    const summary = '有差别：表格单元格 7 格（193 格未变），其他字段 0 项，列表 0 项（改动 0，新增 0，删除 0）';
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(summary);
    const md = await runCli(['diff', '2024', '2025', '--format', 'markdown'], two);
    expect(md.stdout).toContain('#### 三、收到和处理政府信息公开申请情况\n\n- 一、本年新收政府信息公开申请数量 × 自然人：3001 → 3004\n');
    expect(md.stdout.trimEnd().split('\n').at(-1)).toBe(`_${summary}_`);
    const json = JSON.parse((await runCli(['diff', '2024', '2025', '--format', 'json', '--only-changed'], two)).stdout);
    expect(json.summary).toEqual({
      metrics: { unchanged: 0, changed: 0, added: 0, removed: 0 },
      cells: { unchanged: 193, changed: 7, added: 0, removed: 0 },
      fields: { unchanged: 8, changed: 0, added: 0, removed: 0 },
      items: { unchanged: 3, changed: 0, added: 0, removed: 0 },
    });
    expect(json.metrics).toContainEqual(expect.objectContaining({ key: '收到和处理申请.本年度办理结果.不予公开.保护第三方合法权益.自然人', cell: { table: '三、收到和处理政府信息公开申请情况', row: '三、（三）4.保护第三方合法权益', column: '自然人' } }));
  });
});
