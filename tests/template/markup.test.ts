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
