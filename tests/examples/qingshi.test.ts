/**
 * The second example project, examples/青石镇 (an invented township): made with `report init` and
 * rewritten without touching the program — its own data model (13 figures of five kinds), its own
 * outline with three heading levels and run-in third-level headings, two years, 同比. Built in all
 * three formats, checked with deliberate mistakes, and compared between its two years.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli as runCliSync } from '../helpers/cli.js';
import { docxParts, docxText, paragraphs } from '../helpers/docx.js';
import { pdftotext } from '../helpers/pdf.js';

/** Runs the CLI after letting the worker's event loop turn (a busy machine: see tests/errors/property.test.ts). */
const runCli = async (...args: Parameters<typeof runCliSync>) => {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return runCliSync(...args);
};

const EXAMPLE = path.join(REPO, 'examples', '青石镇');
const TITLE = '青石镇人民政府2024年法治政府建设工作情况报告';

/** `report init`, then the example's own model, template, data and config in place of the kind's. */
async function project(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-qingshi-'));
  const init = await runCli(['init', '青石镇', '--year', '2024'], dir);
  expect(init.code).toBe(0);
  const root = path.join(dir, '青石镇');
  for (const f of ['data', 'templates', 'model.yaml', 'report.yaml']) {
    rmSync(path.join(root, f), { recursive: true });
    cpSync(path.join(EXAMPLE, f), path.join(root, f), { recursive: true });
  }
  return root;
}

describe('the second example project (examples/青石镇)', () => {
  it('builds its own outline, run-in third-level headings and 同比 in TXT, DOCX and PDF', async () => {
    const root = await project();
    const r = await runCli(['build', '2024'], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = (ext: string) => path.join(root, 'out', '2024', `${TITLE}.${ext}`);
    const txt = readFileSync(out('txt'), 'utf8');
    expect(txt).toContain(
      [
        '　　一、2024年工作开展情况',
        '　　（一）完善制度体系',
        '　　1.优化组织架构。调整法治政府建设领导小组成员，全年召开法治建设专题会议4次，同比增加1次，研究部署法治政府建设重点任务。',
        '　　2.健全制度机制。制定行政执法公示制度、重大行政决策程序规定等制度，推动各项工作有章可循。',
        '　　（二）强化执法监督',
        '　　1.开展专项督查。全年开展专项督查4次，同比增加1次，通报整改问题12项，已完成整改12项。',
        '　　2.提升执法能力。新增持证执法人员3名，执法人员持证率达到100%；开展执法规范化培训6场、120人次，培训人次同比增长33.3%。',
        '　　3.规范案卷管理。开展行政执法案卷评查2次，对评查发现的问题逐项反馈、限期整改。',
        '　　（三）优化法治化营商环境',
        '　　1.依法处理案件。全年依法处理各类案件50余件，案件平均办结时限8个工作日，同比减少2个工作日。',
        '　　2.服务市场主体。走访服务企业10余家，投入法律服务经费6.5万元，较上年增加1.5万元。',
        '　　二、存在的问题',
      ].join('\n'),
    );
    expect(txt).toContain('　　三、2025年工作打算\n　　（一）加强执法队伍建设\n');

    // DOCX: a run-in heading is one body paragraph (no heading style, not kept with the next),
    // its number and words in one run, the text after them in another.
    const doc = docxParts(readFileSync(out('docx')))['word/document.xml']!;
    const runIn = paragraphs(doc).find((p) => p.text.startsWith('1.优化组织架构。'))!;
    expect(runIn.text).toBe('1.优化组织架构。调整法治政府建设领导小组成员，全年召开法治建设专题会议4次，同比增加1次，研究部署法治政府建设重点任务。');
    expect(runIn.xml).toContain('<w:pStyle w:val="Normal"/>');
    expect([...runIn.xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1])).toEqual(['1.优化组织架构。', runIn.text.slice('1.优化组织架构。'.length)]);
    expect(docxText(readFileSync(out('docx')))).toContain('（一）完善制度体系\n1.优化组织架构。调整');

    // PDF: the heading and its text in one paragraph (the second line runs on from the first).
    const pdf = pdftotext(out('pdf')).replace(/\s+/g, '');
    expect(pdf).toContain('（一）完善制度体系1.优化组织架构。调整法治政府建设领导小组成员，全年召开法治建设专题会议4次，同比增加1次');
  });

  it('checks its data against its own model: every mistake at once, with its own names', async () => {
    const root = await project();
    const data = path.join(root, 'data', '2024.yaml');
    writeFileSync(
      data,
      readFileSync(data, 'utf8')
        .replace('专项督查: 4 ', '专项督查: 四 ')
        .replace('完成整改: 12 ', '完成整改: 13 ')
        .replace('持证率: 100 ', '持证率: {数值: 100, 修饰: 以上} ')
        .replace('培训人次: 120', '培训人数: 120')
        .replace('服务经费: 6.5 ', '服务经费: 6.55 '),
    );
    const r = await runCli(['check', '2024'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'data/2024.yaml:13:9: 错误: 督查.专项督查 应为非负整数，实际为 "四"',
        '  提示: 用阿拉伯数字写：写成 4',
        'data/2024.yaml:15:9: 错误: 督查.完成整改（13）不能多于 督查.通报问题（12）',
        '  提示: 完成整改的问题只能来自通报的问题',
        'data/2024.yaml:18:8: 错误: 执法队伍.持证率 应为百分数，实际写成了约数（这个字段不能写约数 {数值: …, 修饰: …}，请只写确切的数）',
        'data/2024.yaml:20:3: 错误: 未知字段 执法队伍.培训人数',
        '  提示: 是不是想写 培训人次？',
        'data/2024.yaml:26:7: 错误: 服务经费 最多 1 位小数，实际为 6.55',
        '共 5 个错误',
        '',
      ].join('\n'),
    );
    expect((await runCli(['check', '2023'], root)).code).toBe(0);
  });

  it('compares its two years with its own labels and units', async () => {
    const root = await project();
    const r = await runCli(['diff', '2023', '2024', '--only-changed'], root);
    expect(r.code).toBe(0);
    for (const row of [
      /^开展专项督查（次） +3 +4 +\+1 +\+33\.3%$/m,
      /^执法人员持证率（%） +95% +100% +\+5个百分点 +—$/m,
      /^处理各类案件（件） +40余 +50余 +约\+10 +约\+25%$/m,
      /^案件平均办结时限（个工作日） +10 +8 +-2 +-20%$/m,
      /^法律服务经费（万元） +5 +6\.5 +\+1\.5 +\+30%$/m,
    ]) {
      expect(r.stdout).toMatch(row);
    }
    expect(r.stdout).not.toContain('开展案卷评查');
    const json = JSON.parse((await runCli(['diff', '2023', '2024', '--format', 'json'], root)).stdout) as { metrics: { key: string; kind: string; wording: { amount: string } }[] };
    expect(json.metrics).toHaveLength(13);
    expect(new Set(json.metrics.map((m) => m.kind))).toEqual(new Set(['count', 'percent', 'workdays', 'amount']));
    expect(json.metrics.find((m) => m.key === '执法队伍.新增持证')!.wording.amount).toBe('同比增加1名');
  });
});
