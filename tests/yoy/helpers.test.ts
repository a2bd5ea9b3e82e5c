/** The 同比 helpers in templates: wording from the previous year's data, and what happens without it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../src/compile.js';
import type { ReportData } from '../../src/data/model.js';
import { loadYear, sampleDefinitions, sampleModel } from '../helpers/sample.js';
import { toText } from '../../src/render/text.js';
import { findYoyUses, yoyHelpers, type YoyContext } from '../../src/template/yoy.js';

const root = new URL('../../', import.meta.url);
const read = (p: string) => readFileSync(new URL(p, root), 'utf8');
const load = loadYear;
const known = () => ({ metrics: sampleDefinitions().metrics, modelFile: 'model.yaml' });

function render(body: string, previous: ReportData | null, missing: YoyContext['missing'] = 'error', data = load(2024)) {
  const template = { file: 't.hbs', text: `= 标题\n\n${body}\n` };
  return compileReport(sampleModel(), data, template, yoyHelpers(data, { previous, previousYear: data.年度 - 1, missing, ...known() }));
}

function paragraph(body: string, previous: ReportData | null, missing: YoyContext['missing'] = 'error', data?: ReportData): string {
  const r = render(body, previous, missing, data);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  const b = r.value.blocks.find((x) => x.type === 'paragraph');
  return b && b.type === 'paragraph' ? b.text : '';
}

describe('同比 helpers with the previous year', () => {
  const prev = load(2023);

  it('word each kind of change from the sample years (2023 → 2024)', () => {
    expect(paragraph('{{同比 "行政执法培训.期数"}}', prev)).toBe('同比增加1期'); // 3 → 4
    expect(paragraph('{{同比幅度 "行政执法培训.人次"}}', prev)).toBe('同比增长8.6%'); // 70 → 76
    expect(paragraph('{{同比 "执法满意度" 前缀="较上年"}}', prev)).toBe('较上年上升约2个百分点'); // 93以上 → 95以上
    expect(paragraph('{{同比 "理论学习.学习活动"}}', prev)).toBe('与上年持平'); // 4 → 4
    expect(paragraph('{{同比幅度 "领导小组.审议文件"}}', prev)).toBe('同比增加2份'); // 0 → 2: no rate
    expect(paragraph('{{同比 "执法监督.发现问题"}}', prev)).toBe('同比减少1个'); // 3 → 2
  });

  it('print the previous value as 数量 / 百分比 do', () => {
    expect(paragraph('上年{{上年 "行政执法培训.期数"}}期，{{上年 "普法宣传.进村入户宣讲"}}次，{{上年 "执法满意度"}}', prev)).toBe('上年3期，15余次，93%以上');
  });

  it('write the 有上年 block', () => {
    expect(paragraph('4期{{#有上年}}，{{同比 "行政执法培训.期数"}}{{else}}（无上年）{{/有上年}}。', prev)).toBe('4期，同比增加1期。');
  });

  it('refuse a value instead of a path, and an unknown metric, with the line', () => {
    const r = render('\n{{同比 行政执法培训.期数}}', prev);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]!.message).toContain('需要指标的路径（带引号）');
      expect(r.diagnostics[0]!.line).toBe(4);
    }
    const u = render('{{同比 "行政执法培训.天数"}}', prev);
    expect(!u.ok && u.diagnostics[0]!.message).toContain('不认识指标 "行政执法培训.天数"');
  });
});

describe('同比 helpers without the previous year', () => {
  it('leave the phrases out with previous.missing: omit (the 有上年 block and its punctuation too)', () => {
    expect(paragraph('4期{{#有上年}}，{{同比 "行政执法培训.期数"}}{{/有上年}}。{{同比 "行政执法培训.期数"}}', null, 'omit')).toBe('4期。');
    expect(paragraph('{{#有上年}}有{{else}}无{{/有上年}}', null, 'omit')).toBe('无');
  });

  it('stop with the template line otherwise', () => {
    const r = render('第一行\n{{同比 "行政执法培训.期数"}}', null, 'error');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]).toMatchObject({ file: 't.hbs', line: 4, code: 'template.helper' });
      expect(r.diagnostics[0]!.message).toContain('没有 2023 年的数据文件');
    }
  });

  it('compileReport without helpers leaves them out, so the sample reproduces the reference', () => {
    const text = toText(
      (() => {
        const r = compileReport(sampleModel(), load(2024), { file: 'templates/annual-report.hbs', text: read('templates/annual-report.hbs') });
        if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
        return r.value;
      })(),
    );
    expect(text).toContain('全年共举办行政执法培训班4期，培训执法人员76人次，提高了');
    expect(text).not.toContain('同比');
  });
});

describe('findYoyUses', () => {
  it('finds every use, in blocks, branches and subexpressions, with lines', () => {
    const uses = findYoyUses('a\n{{同比 "x"}} {{#if y}}{{上年 "z"}}{{else}}{{同比幅度 "w"}}{{/if}}\n{{#有上年}}{{/有上年}}{{数量 q}}');
    expect(uses.map((u) => `${u.name}@${u.line}:${u.column}`)).toEqual(['同比@2:1', '上年@2:21', '同比幅度@2:39', '有上年@3:1']);
  });

  it('finds the sample template’s uses', () => {
    expect(findYoyUses(read('templates/annual-report.hbs')).map((u) => u.name)).toEqual(['有上年', '同比', '有上年', '同比幅度', '有上年', '同比']);
  });
});
