/** The table markup: what the one reader makes of it, and what it refuses (at the template's line). */
import { describe, expect, it } from 'vitest';
import { compileReport } from '../../src/compile.js';
import type { Table } from '../../src/document/table.js';
import { escapeMarkup, readMarkup } from '../../src/template/markup.js';
import { sampleData, sampleModel } from '../helpers/sample.js';

const tableOf = (markup: string): Table => {
  const r = readMarkup(`= T\n${markup}`, 't.hbs');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  const t = r.value.find((b) => b.type === 'table');
  if (!t || t.type !== 'table') throw new Error('no table');
  const { line: _line, ...table } = t;
  return table;
};

const problems = (markup: string) => {
  const r = readMarkup(`= T\n${markup}`, 't.hbs');
  return r.ok ? [] : r.diagnostics.map((d) => `${d.line ?? '-'}: ${d.message}`);
};

describe('table markup', () => {
  it('reads header rows, alignment, merged cells, notes and the caption', () => {
    const t = tableOf(
      [
        '::: 表格 表1 收到申请情况',
        '| *（注）* | < | 申请人 | < |',
        '| ^ | ^ | 自然人 | 法人 |',
        '|:---|:---|:---:|---:|',
        '| 一、新收 | < | 3 | 4 |',
        '| 三、结果 | （一）公开 | 1 | 2 |',
        '| ^ | （二）部分公开*（只计这一情形）* | 0 | 1 |',
        ':::',
      ].join('\n'),
    );
    expect(t.caption).toBe('表1 收到申请情况');
    expect(t.columns).toEqual(['left', 'left', 'center', 'right']);
    expect(t.head).toEqual([
      { cells: [{ column: 0, colSpan: 2, rowSpan: 2, spans: [{ text: '（注）', note: true }] }, { column: 2, colSpan: 2, rowSpan: 1, spans: [{ text: '申请人' }] }] },
      { cells: [{ column: 2, colSpan: 1, rowSpan: 1, spans: [{ text: '自然人' }] }, { column: 3, colSpan: 1, rowSpan: 1, spans: [{ text: '法人' }] }] },
    ]);
    expect(t.body.map((r) => r.cells.map((c) => [c.column, c.colSpan, c.rowSpan, c.spans.map((s) => (s.note ? `*${s.text}*` : s.text)).join('')]))).toEqual([
      [[0, 2, 1, '一、新收'], [2, 1, 1, '3'], [3, 1, 1, '4']],
      [[0, 1, 2, '三、结果'], [1, 1, 1, '（一）公开'], [2, 1, 1, '1'], [3, 1, 1, '2']],
      [[1, 1, 1, '（二）部分公开*（只计这一情形）*'], [2, 1, 1, '0'], [3, 1, 1, '1']],
    ]);
  });

  it('has no header and left-aligned columns without a separator row, no caption without words, and ignores blank lines', () => {
    const t = tableOf('::: 表格\n| 甲 | 乙\n\n| 丙 | |\n:::\n正文');
    expect(t.caption).toBeNull();
    expect(t.head).toEqual([]);
    expect(t.columns).toEqual(['left', 'left']);
    expect(t.body[1]!.cells.map((c) => c.spans)).toEqual([[{ text: '丙' }], []]);
  });

  it('takes escaped data literally: | < ^ * --- ::: inside a cell are text', () => {
    const data = ['a|b', '<', '^', '*x*', '---', '::: 表格', '\\', '# 标题'];
    const t = tableOf(`::: 表格\n| ${data.map(escapeMarkup).join(' | ')} |\n:::`);
    expect(t.body[0]!.cells.map((c) => c.spans.map((s) => s.text).join(''))).toEqual(data);
    expect(t.body[0]!.cells.every((c) => c.colSpan === 1 && c.rowSpan === 1 && c.spans.every((s) => !s.note))).toBe(true);
  });

  it('refuses rows of different lengths, merges with nothing to join, merges that are not rectangles, an open *, an unclosed table', () => {
    expect(problems('::: 表格\n| a | b |\n| c |\n:::')).toEqual([
      '4: 表格的这一行有 1 格，第一行有 2 格（每行的格数要相同，合并的格子写 < 或 ^ 占位）',
    ]);
    expect(problems('::: 表格\n| < | b |\n:::')).toEqual(['3: 第 1 格写了 <（与左边的格合并），但它左边没有格']);
    expect(problems('::: 表格\n| ^ | b |\n:::')).toEqual(['3: 第 1 格写了 ^（与上面的格合并），但它上面没有格']);
    expect(problems('::: 表格\n| a | b |\n|---|---|\n| ^ | c |\n:::')).toEqual(['5: 第 1 格写了 ^（与上面的格合并），但表头的格不能跨到表身']);
    expect(problems('::: 表格\n| a | < |\n| ^ | b |\n:::')).toEqual(['4: 合并的格子（从第 1 行第 1 格起）不成矩形']);
    expect(problems('::: 表格\n| *a | b |\n:::')).toEqual(['3: 第 1 格里的 * 没有成对（注文写在两个 * 之间）']);
    expect(problems('::: 表格\n| a |')).toEqual(['2: 表格没有结束：缺少单独一行的“:::”']);
    expect(problems('::: 表格\n:::')).toEqual(['2: 表格是空的：“::: 表格”和“:::”之间没有行']);
    expect(problems('::: 表格\n| a |\n文字\n:::')).toEqual(['4: 表格里的每一行都要以“|”开头，这一行是“文字”']);
    expect(problems(':::')).toEqual(['2: “:::”开头的一行只能是表格的开始（::: 表格）或结束（:::），这一行是“:::”']);
    expect(problems(`::: 表格\n|${' a |'.repeat(27)}\n:::`)).toEqual(['3: 表格有 27 列，版心宽 156 毫米最多排得下 26 列']);
  });

  it('reports a problem in a table at the template line that wrote the row, also inside {{#each}}', () => {
    const template = [
      '= {{单位.全称}}报告',
      '',
      '::: 表格',
      '| 事项 | 数量 |',
      '|---|---:|',
      '{{#each 行政审批.精简事项}}',
      '| {{this}} |',
      '{{/each}}',
      ':::',
    ].join('\n');
    const r = compileReport(sampleModel(), sampleData(), { file: 'templates/t.hbs', text: template });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toContain(
      'templates/t.hbs:7:1: 表格的这一行有 1 格，第一行有 2 格（每行的格数要相同，合并的格子写 < 或 ^ 占位）',
    );
  });

  it('fills a grid from data, each value escaped', () => {
    const template = ['= {{单位.全称}}报告', '', '::: 表格 {{单位.简称}}', '| 事项 | 时限 |', '|---|---:|', '| {{行政审批.时限压缩事项}} | {{数量 行政审批.现办理时限}} |', ':::'].join('\n');
    const data = { ...sampleData(), 行政审批: { ...(sampleData()['行政审批'] as object), 时限压缩事项: '| < ^ *养老* |' } };
    const r = compileReport(sampleModel(), data, { file: 'templates/t.hbs', text: template });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const t = r.value.blocks.find((b) => b.type === 'table') as Table;
    expect(t.caption).toBe('瓦房镇政府');
    expect(t.body[0]!.cells.map((c) => c.spans)).toEqual([[{ text: '| < ^ *养老* |' }], [{ text: '3' }]]);
  });

  it('writes a row of cells from a list or a group of fields with {{格}}', () => {
    const template = [
      '= {{单位.全称}}报告',
      '',
      '::: 表格',
      '| 项目 | 一 | 二 | 三 |',
      '|---|---:|---:|---:|',
      '| 执法监督 | {{格 执法监督}} |',
      '| 普法宣传 | {{格 普法宣传.活动}} |',
      '| 宣讲 | {{数量 普法宣传.进村入户宣讲}} | {{格 行政审批.精简事项}} | < |',
      ':::',
    ].join('\n');
    const data = { ...sampleData(), 行政审批: { ...(sampleData()['行政审批'] as object), 精简事项: ['甲|乙'] } };
    const r = compileReport(sampleModel(), data, { file: 'templates/t.hbs', text: template });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const t = r.value.blocks.find((b) => b.type === 'table') as Table;
    expect(t.body.map((row) => row.cells.map((c) => c.spans.map((s) => s.text).join('')))).toEqual([
      ['执法监督', '5', '2', '2'],
      ['普法宣传', '法律法规条文普及', '法律程序与司法制度讲解', '法律热点案例分析与解读'],
      ['宣讲', '20余', '甲|乙'],
    ]);
    const bad = compileReport(sampleModel(), sampleData(), { file: 'templates/t.hbs', text: '= T\n\n::: 表格\n| {{格 领导小组.组长}} |\n:::' });
    expect(!bad.ok && bad.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual(['4:3: 助手 格 需要一个列表或一组字段，实际收到 文字 "王立春"']);
  });
});
