/** The comparison engine on crafted pairs: list items matched by content, figures added and removed. */
import { describe, expect, it } from 'vitest';
import { compareData, compareList, hasDifferences, markChanges, similarity, type ItemSide, type ListDef } from '../../src/diff/compare.js';
import type { ReportData } from '../../src/data/model.js';
import { sampleData, sampleDefinitions } from '../helpers/sample.js';

const titled: ListDef = { path: ['存在问题'], label: '存在问题', kind: 'titled' };
const plain: ListDef = { path: ['其他情况'], label: '其他情况', kind: 'text' };
const items = (xs: readonly (string | [string, string])[]): ItemSide[] =>
  xs.map((x, index) => (typeof x === 'string' ? { index, text: x } : { index, title: x[0], text: x[1] }));

const A = ['法治意识仍需进一步提高', '部分工作人员依法行政意识不强，存在重管理轻服务的现象。'] as [string, string];
const B = ['执法规范化水平有待提升', '个别执法人员执法不公、执法不严，执法文书制作不规范。'] as [string, string];
const C = ['决策机制尚需完善', '公众参与的深度和广度不足，专家论证的独立性有待加强。'] as [string, string];

describe('list items', () => {
  it('are matched by content, never by position', () => {
    const r = compareList(titled, items([A, B, C]), items([C, A, B]));
    expect(r.items.map((i) => i.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(r.items.map((i) => `${i.before!.index}→${i.after!.index}`)).toEqual(['2→0', '0→1', '1→2']);
  });

  it('show added and removed items where they stand', () => {
    const r = compareList(titled, items([A, B]), items([B, C]));
    expect(r.items.map((i) => [i.status, (i.after ?? i.before)!.title])).toEqual([
      ['removed', A[0]],
      ['unchanged', B[0]],
      ['added', C[0]],
    ]);
  });

  it('take a renamed item (same content, new title) as changed, with the title’s words marked', () => {
    const r = compareList(titled, items([A, B]), items([['法治意识有待进一步增强', A[1]], B]));
    expect(r.items[0]).toMatchObject({ status: 'changed', match: 'text', textMarks: null });
    expect(r.items[0]!.titleMarks).toEqual([
      { op: 'equal', text: '法治意识' },
      { op: 'delete', text: '仍需' },
      { op: 'insert', text: '有待' },
      { op: 'equal', text: '进一步' },
      { op: 'delete', text: '提高' },
      { op: 'insert', text: '增强' },
    ]);
  });

  it('take a small edit of title and content as one changed item, not a removal and an addition', () => {
    const edited: [string, string] = ['执法规范化水平有待提高', '个别执法人员执法随意、执法不严，执法文书制作不规范。'];
    const r = compareList(titled, items([A, B]), items([A, edited]));
    expect(r.items[1]).toMatchObject({ status: 'changed', match: 'similar' });
    expect(r.items[1]!.textMarks).toEqual([
      { op: 'equal', text: '个别执法人员执法' },
      { op: 'delete', text: '不公' },
      { op: 'insert', text: '随意' },
      { op: 'equal', text: '、执法不严，执法文书制作不规范。' },
    ]);
  });

  it('pair an item kept under its title even when the content is rewritten', () => {
    const r = compareList(titled, items([A]), items([[A[0], '全新的内容，与去年完全不同。']]));
    expect(r.items[0]).toMatchObject({ status: 'changed', match: 'title' });
  });

  it('do not pair unrelated texts', () => {
    const r = compareList(plain, items(['临时救助审批']), items(['特困人员供养审批']));
    expect(r.items.map((i) => i.status)).toEqual(['removed', 'added']);
    expect(similarity('临时救助审批', '特困人员供养审批')).toBeLessThan(0.5);
  });

  it('mark changes readably: one character of sameness between changes is folded in', () => {
    expect(markChanges('甲乙丙丁', '戊乙己丁')).toEqual([
      { op: 'delete', text: '甲乙丙' },
      { op: 'insert', text: '戊乙己' },
      { op: 'equal', text: '丁' },
    ]);
  });
});

describe('figures', () => {
  it('are added and removed when one side lacks them', () => {
    const data = sampleData();
    const { 行政执法培训: _gone, ...without } = data;
    const d = compareData(without as unknown as ReportData, data, sampleDefinitions());
    const training = d.metrics.filter((m) => m.key.startsWith('行政执法培训.'));
    expect(training.map((m) => [m.key, m.status, m.after?.value])).toEqual([
      ['行政执法培训.期数', 'added', 4],
      ['行政执法培训.人次', 'added', 76],
    ]);
    const back = compareData(data, without as unknown as ReportData, sampleDefinitions());
    expect(back.metrics.filter((m) => m.status === 'removed').map((m) => m.key)).toEqual(['行政执法培训.期数', '行政执法培训.人次']);
  });

  it('compare rates in percentage points and counts by value', () => {
    const data = sampleData();
    const d = compareData({ ...data, 执法满意度: { 数值: 92.5 } }, { ...data, 执法满意度: { 数值: 95 } }, sampleDefinitions());
    const m = d.metrics.find((x) => x.key === '执法满意度')!;
    expect(m).toMatchObject({ status: 'changed', change: 2.5, percent: null, kind: 'percent', approximate: false });
  });

  it('find nothing to report between a year and itself', () => {
    const data = sampleData();
    const d = compareData(data, data, sampleDefinitions());
    expect(hasDifferences(d)).toBe(false);
    expect(d.metrics.every((m) => m.status === 'unchanged')).toBe(true);
  });
});
