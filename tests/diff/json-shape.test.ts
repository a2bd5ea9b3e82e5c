/**
 * The JSON output of `report diff` is an interface for tools: its shape is pinned here and
 * documented in the README (## 逐年对比). Removing or renaming a key means raising `version`.
 */
import { describe, expect, it } from 'vitest';
import { compareData } from '../../src/diff/compare.js';
import { JSON_VERSION, toJson } from '../../src/diff/format.js';
import { loadYear as load, sampleDefinitions } from '../helpers/sample.js';

/** The shape of a value: key names and JSON types, recursively (arrays by their first element). */
function shape(v: unknown): unknown {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? [] : [shape(v[0])];
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, shape(x)]));
  return typeof v;
}

const json = JSON.parse(
  JSON.stringify(toJson(compareData(load(2023), load(2024), sampleDefinitions()), { source: 'data/2023.yaml', year: 2023 }, { source: 'data/2024.yaml', year: 2024 })),
) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('report diff --format json', () => {
  it('has the documented top level', () => {
    expect(JSON_VERSION).toBe(1);
    expect(Object.keys(json)).toEqual(['format', 'version', 'before', 'after', 'changed', 'summary', 'metrics', 'fields', 'lists']);
    expect(json['format']).toBe('report-diff');
    expect(json['before']).toEqual({ source: 'data/2023.yaml', year: 2023 });
    expect(shape(json['summary'])).toEqual({
      metrics: { unchanged: 'number', changed: 'number', added: 'number', removed: 'number' },
      cells: { unchanged: 'number', changed: 'number', added: 'number', removed: 'number' },
      fields: { unchanged: 'number', changed: 'number', added: 'number', removed: 'number' },
      items: { unchanged: 'number', changed: 'number', added: 'number', removed: 'number' },
    });
  });

  it('describes each metric with values, change, rounded percent and wording', () => {
    const m = json['metrics'].find((x: { key: string }) => x.key === '行政执法培训.人次');
    expect(m).toEqual({
      key: '行政执法培训.人次',
      label: '培训执法人员',
      unit: '人次',
      kind: 'count',
      status: 'changed',
      before: { value: 70, qualifier: null, text: '70' },
      after: { value: 76, qualifier: null, text: '76' },
      change: 6,
      percent: 8.6,
      approximate: false,
      qualifierChanged: false,
      wording: { amount: '同比增加6人次', rate: '同比增长8.6%' },
    });
    const rate = json['metrics'].find((x: { key: string }) => x.key === '执法满意度');
    expect(rate).toMatchObject({ kind: 'percent', change: 2, percent: null, approximate: true, before: { value: 93, qualifier: '以上', text: '93%以上' } });
    const zero = json['metrics'].find((x: { key: string }) => x.key === '领导小组.审议文件');
    expect(zero).toMatchObject({ change: 2, percent: null, wording: { amount: '同比增加2份', rate: '同比增加2份' } });
    expect(json['metrics']).toHaveLength(15);
  });

  it('describes fields and list items with their marks', () => {
    expect(shape(json['fields'][0])).toEqual({ key: 'string', label: 'string', status: 'string', before: 'string', after: 'string', marks: 'null' });
    const problems = json['lists'].find((l: { key: string }) => l.key === '存在问题');
    expect(Object.keys(problems)).toEqual(['key', 'label', 'kind', 'items']);
    const renamed = problems.items.find((i: { after: { title?: string } | null }) => i.after?.title === '行政执法规范化水平有待提升');
    expect(Object.keys(renamed)).toEqual(['status', 'match', 'similarity', 'before', 'after', 'titleMarks', 'textMarks']);
    expect(renamed).toMatchObject({ status: 'changed', match: 'similar', before: { index: 2, title: '行政执法规范化水平有待提高' }, after: { index: 1 } });
    expect(renamed.titleMarks).toEqual([
      { op: 'equal', text: '行政执法规范化水平有待提' },
      { op: 'delete', text: '高' },
      { op: 'insert', text: '升' },
    ]);
    const removed = problems.items.find((i: { status: string }) => i.status === 'removed');
    expect(removed).toEqual({
      status: 'removed',
      match: null,
      similarity: null,
      before: expect.objectContaining({ index: 0, title: '基层法治工作力量薄弱' }),
      after: null,
      titleMarks: null,
      textMarks: null,
    });
    const plain = json['lists'].find((l: { key: string }) => l.key === '普法宣传.活动');
    expect(plain.items.find((i: { status: string }) => i.status === 'changed').after).toEqual({ index: 2, text: '法律热点案例分析与解读' });
  });
});
