import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../src/compile.js';
import type { ReportData } from '../../src/data/model.js';
import { sampleData, sampleModel } from '../helpers/sample.js';
import { toText } from '../../src/render/text.js';
import { missingSentences, referenceSentences } from '../helpers/reference.js';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');
const template = { file: 'templates/annual-report.hbs', text: read('templates/annual-report.hbs') };

const sample = sampleData;

function compile(data: ReportData) {
  const doc = compileReport(sampleModel(), data, template);
  if (!doc.ok) throw new Error(JSON.stringify(doc.diagnostics, null, 1));
  return doc.value;
}

describe('the 2024 sample', () => {
  it('contains every sentence of the reference report, in order', () => {
    expect(referenceSentences().length).toBeGreaterThan(40);
    expect(missingSentences(toText(compile(sample())))).toEqual([]);
  });

  it('generates the heading numbers from the structure', () => {
    const doc = compile(sample());
    const headings = doc.blocks.flatMap((b) => (b.type === 'heading' ? [`${b.number}${b.text}`] : []));
    expect(headings.slice(0, 4)).toEqual([
      '一、主要举措与成效',
      '（一）依法全面履行政府职能',
      '（二）坚持严格规范公正文明执法',
      '二、党政责任人履行法治政府建设情况',
    ]);
    expect(headings).toContain('四、下一步工作安排');
    expect(headings).toContain('（四）完善行政决策机制');
    // 其他情况 is empty in the sample, so its section is left out.
    expect(headings.some((h) => h.includes('其他需要报告的情况'))).toBe(false);
  });

  it('ends with the signature from the data', () => {
    const doc = compile(sample());
    expect(doc.blocks.at(-1)).toEqual({ type: 'signature', issuer: '瓦房镇人民政府', date: '2025-01-20', sealed: false });
    expect(doc.meta).toEqual({
      title: '瓦房镇人民政府2024年法治政府建设年度报告',
      issuer: '瓦房镇人民政府',
      year: 2024,
      date: '2025-01-20',
    });
  });

  it('writes each figure from the data, with its qualifier', () => {
    const data = sample();
    const changed = {
      ...data,
      行政执法培训: { 期数: { 数值: 6 }, 人次: { 数值: 120 } },
      普法宣传: { ...(data.普法宣传 as object), 进村入户宣讲: { 数值: 30, 修饰: '近' as const } },
      执法满意度: { 数值: 97.5 },
    };
    const text = toText(compile(changed));
    expect(text).toContain('全年共举办行政执法培训班6期，培训执法人员120人次');
    expect(text).toContain('进村入户宣讲近30次');
    expect(text).toContain('群众满意度达到97.5%。');
  });

  it('words the supervision sentence by whether every problem was rectified', () => {
    const data = sample();
    const text = toText(compile({ ...data, 执法监督: { 检查案件: { 数值: 5 }, 发现问题: { 数值: 3 }, 整改问题: { 数值: 2 } } }));
    expect(text).toContain('全年共检查行政执法案件5件，发现问题3个，已整改2个，其余问题正在整改，');
  });

  it('adds the fifth section when there is something else to report', () => {
    const text = toText(compile({ ...sample(), 其他情况: ['本年度无其他需要报告的重大事项。'] }));
    expect(text).toContain('　　五、其他需要报告的情况\n　　本年度无其他需要报告的重大事项。');
  });

  it('takes data text literally, whatever markup it contains', () => {
    const data = sample();
    const tricky = '# {{年度}} <w:p> & <script>*|--- \\ = 1. 项';
    const text = toText(
      compile({ ...data, 存在问题: [{ 标题: '= 标题?', 内容: tricky }, ...(data.存在问题 as unknown[]).slice(1)] }),
    );
    expect(text).toContain('　　（一）= 标题?\n');
    expect(text).toContain(`　　${tricky}\n`);
  });
});
