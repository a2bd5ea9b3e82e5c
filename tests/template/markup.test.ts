import { describe, expect, it } from 'vitest';
import { escapeMarkup, readMarkup } from '../../src/template/markup.js';

describe('readMarkup', () => {
  it('reads a title, headings and paragraphs', () => {
    const r = readMarkup('= 标题\n\n# 一级\n## 二级\n第一行\n第二行\n\n另一段\n', 't.hbs');
    expect(r.ok && r.value.map(({ line: _l, ...b }) => b)).toEqual([
      { type: 'title', text: '标题' },
      { type: 'heading', level: 1, text: '一级' },
      { type: 'heading', level: 2, text: '二级' },
      { type: 'paragraph', text: '第一行第二行' },
      { type: 'paragraph', text: '另一段' },
    ]);
  });

  it('joins Latin words with a space and Chinese without', () => {
    const r = readMarkup('= T\nGB/T 9704\nis here\n中文\n继续', 't.hbs');
    expect(r.ok && r.value[1]).toMatchObject({ text: 'GB/T 9704 is here中文继续' });
  });

  it('takes escaped text literally', () => {
    const r = readMarkup(`= T\n${escapeMarkup('# 不是标题 = \\ ')}`, 't.hbs');
    expect(r.ok && r.value[1]).toMatchObject({ type: 'paragraph', text: '# 不是标题 = \\' });
  });

  it('refuses a fifth heading level, a missing title and a second title', () => {
    const deep = readMarkup('= T\n##### 太深', 't.hbs');
    expect(!deep.ok && deep.diagnostics.map((d) => d.code)).toEqual(['markup.heading-too-deep']);
    const none = readMarkup('正文', 't.hbs');
    expect(!none.ok && none.diagnostics.map((d) => d.code)).toEqual(['markup.no-title']);
    const two = readMarkup('= A\n= B', 't.hbs');
    expect(!two.ok && two.diagnostics.map((d) => d.code)).toEqual(['markup.title-position']);
  });
});

describe('run-in headings (###> 标题。 followed by its text)', () => {
  it('run the lines after them, up to a blank line, into one block with the heading', () => {
    const r = readMarkup('= 标题\n\n# 一级\n## 二级\n###> 优化组织架构。\n调整领导小组成员，\n召开会议4次。\n\n下一段\n####> 细项。\n内容\n', 't.hbs');
    expect(r.ok && r.value.map(({ line: _l, ...b }) => b)).toEqual([
      { type: 'title', text: '标题' },
      { type: 'heading', level: 1, text: '一级' },
      { type: 'heading', level: 2, text: '二级' },
      { type: 'heading', level: 3, text: '优化组织架构。', runIn: '调整领导小组成员，召开会议4次。' },
      { type: 'paragraph', text: '下一段' },
      { type: 'heading', level: 4, text: '细项。', runIn: '内容' },
    ]);
  });

  it('are numbered like other headings and written as one paragraph', async () => {
    const { compileReport } = await import('../../src/compile.js');
    const { toText } = await import('../../src/render/text.js');
    const { sampleModel, sampleData } = await import('../helpers/sample.js');
    const doc = compileReport(sampleModel(), sampleData(), { file: 't.hbs', text: '= 标题\n\n# 甲\n## 乙\n###> 丙。\n正文一。\n\n###> 丁。\n正文二。\n' });
    if (!doc.ok) throw new Error(JSON.stringify(doc.diagnostics));
    expect(doc.value.blocks.filter((b) => b.type === 'heading').at(-1)).toEqual({ type: 'heading', level: 3, text: '丁。', number: '2.', runIn: '正文二。' });
    expect(toText(doc.value)).toContain('　　（一）乙\n　　1.丙。正文一。\n　　2.丁。正文二。\n');
  });

  it('need their text, and are for the third and fourth levels only', () => {
    const r = readMarkup('= 标题\n# 一\n## 二\n###> 没有正文\n\n##> 二级接排\n正文\n', 't.hbs');
    expect(r.ok ? [] : r.diagnostics.map((d) => `${d.line} ${d.message}`)).toEqual([
      '4 接排标题“没有正文”后面没有正文',
      '6 标题“二级接排”是 2 级的接排标题；接排标题只用于第三、四级（###>、####>）',
    ]);
  });
});

describe('numbers typed by hand', () => {
  it('are warned about at the start of a heading, whatever wrote it', () => {
    const r = readMarkup('= 标题\n# 一、总体情况\n## （二）工作\n### 3.细项\n#### (4)小项\n正文\n', 't.hbs');
    expect(r.ok && r.warnings.map((w) => `${w.line} ${w.message}`)).toEqual([
      '2 标题“一、总体情况”开头的“一、”像是手写的序号',
      '3 标题“（二）工作”开头的“（二）”像是手写的序号',
      '4 标题“3.细项”开头的“3.”像是手写的序号',
      '5 标题“(4)小项”开头的“(4)”像是手写的序号',
    ]);
  });

  it('are warned about at the start of a paragraph typed in the template, at its line, but not in the data’s text', async () => {
    const { compileReport } = await import('../../src/compile.js');
    const { sampleModel, sampleData } = await import('../helpers/sample.js');
    const text = '= 标题\n\n1.优化组织架构。调整领导小组。\n\n{{#each 其他情况}}\n{{this}}\n\n{{/each}}\n2024年各项工作稳步推进；1.5亿元投资到位。\n';
    const data = { ...sampleData(), 其他情况: ['1.这是数据里的文字'] };
    const doc = compileReport(sampleModel(), data, { file: 't.hbs', text });
    expect(doc.ok && doc.warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.message}`)).toEqual(['t.hbs:3:1 段落“1.优化组织架构。调整领导小组。”开头的“1.”像是手写的序号']);
  });
});
