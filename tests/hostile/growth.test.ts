/**
 * The inputs that used to cost quadratic time (issue: hostile input, family 3), checked for the
 * right result; their speed is measured by `npm run bench` (bench/hostile.mjs), not here. A hang
 * would still fail these tests by the test timeout. The faster algorithms are checked against the
 * slow ones they replace on random inputs.
 */
import { diffChars } from 'diff';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseYaml, YAML_LIMITS } from '../../src/data/parse-yaml.js';
import { validateReportText } from '../../src/data/validate.js';
import { compareList, markChanges, similarity } from '../../src/diff/compare.js';
import { sampleModel } from '../helpers/sample.js';
import { ALL_PAIRS, candidatePairs, commonCharacters, lcsLength } from '../../src/diff/match.js';

/** The LCS as a minimal character diff sees it (the similarity's former computation). */
const lcsByDiff = (a: string, b: string) =>
  diffChars(a, b)
    .filter((c) => !c.added && !c.removed)
    .reduce((n, c) => n + [...c.value].length, 0);

const hanzi = fc.constantFrom(...'法治政府建设年度报告行政执法培训人员问题工作，。；、');
const textOf = (max: number) => fc.array(hanzi, { maxLength: max }).map((a) => a.join(''));

describe('YAML: linear in keys and in errors', () => {
  it('finds the position of each of 20,000 keys (an index per map, not a search per key)', () => {
    const lines = ['年度: 2024', ...Array.from({ length: 20000 }, (_, i) => `k${i}: ${i}`)];
    const r = parseYaml(lines.join('\n'), 'data/2024.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const i of [0, 1, 9999, 19999]) expect(r.parsed.locate([`k${i}`], { key: true })).toEqual({ line: i + 2, column: 1 });
    const v = validateReportText(sampleModel(), lines.join('\n'), { file: 'data/2024.yaml', expectedYear: 2024 });
    expect(v.ok).toBe(false);
    if (!v.ok) {
      // The first 20 are listed, the rest only counted (as every list of problems).
      const unknown = v.diagnostics.filter((d) => d.message.startsWith('未知字段 k'));
      unknown.forEach((d, i) => expect(d).toMatchObject({ line: i + 2, column: 1, message: `未知字段 k${i}` }));
      const listed = v.diagnostics.filter((d) => d.code !== 'more');
      expect(listed).toHaveLength(20);
      // The missing fields (at line 1) and the 20,000 unknown keys, all counted.
      const missing = listed.filter((d) => d.code === 'data.missing').length;
      expect(v.diagnostics.at(-1)).toMatchObject({ code: 'more', omitted: 20000 + missing - 20 });
    }
  });

  it('reports duplicate keys exactly where the yaml package would (property)', () => {
    const key = fc.constantFrom('a', 'b', '"a"', '1', "'1'", '年度', 'c d');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 12 }), (pairs) => {
        // Nested maps: a key at depth 1 opens a map when the next one is deeper.
        const lines = pairs.map(([k, depth], i) => `${'  '.repeat(Math.min(depth, i === 0 ? 0 : pairs[i - 1]![1] + 1))}${k}: ${i}`);
        const text = lines.join('\n');
        const theirs = parseDocument(text, { uniqueKeys: true, strict: true }).errors;
        const ours = parseYaml(text, 'x.yaml');
        const theirDup = theirs.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]);
        const ourDup = ours.ok ? [] : ours.diagnostics.filter((d) => d.code === 'yaml.DUPLICATE_KEY');
        if (theirs.some((e) => e.code !== 'DUPLICATE_KEY')) return; // other syntax errors: not this property
        expect(ourDup.length).toBe(theirDup.length);
      }),
      { numRuns: 500 },
    );
  });

  it('a cascade of 30,000 syntax errors shows 20 and counts the rest', () => {
    const r = parseYaml('- a\n  b: [\n'.repeat(30000), 'data/2024.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toHaveLength(YAML_LIMITS.maxSyntaxErrors + 1);
    expect(r.diagnostics.at(-1)!.message).toMatch(/^……另有 \d+ 个错误未列出$/);
    expect(r.diagnostics.at(-1)!.omitted).toBeGreaterThan(30000);
    // Stack traces are switched off only while parsing.
    expect(Error.stackTraceLimit).toBeGreaterThan(0);
  });
});

describe('report diff: the list matcher', () => {
  it('computes the same LCS bit-parallel as a minimal diff does (property)', () => {
    fc.assert(
      fc.property(textOf(200), textOf(200), (a, b) => {
        expect(lcsLength([...a], [...b])).toBe(lcsByDiff(a, b));
        expect(commonCharacters([...a], [...b])).toBeGreaterThanOrEqual(lcsLength([...a], [...b]));
      }),
      { numRuns: 400 },
    );
    // Across word boundaries (32, 64 characters) and with characters outside the BMP.
    const long = '𠀀法'.repeat(50) + '治'.repeat(70);
    expect(lcsLength([...long], [...`${long.slice(4)}政`])).toBe(lcsByDiff(long, `${long.slice(4)}政`));
  });

  it('marks any two texts so that both can be read back, even when heavily rewritten (property)', () => {
    const check = (a: string, b: string) => {
      const marks = markChanges(a, b);
      expect(marks.filter((m) => m.op !== 'insert').map((m) => m.text).join('')).toBe(a);
      expect(marks.filter((m) => m.op !== 'delete').map((m) => m.text).join('')).toBe(b);
    };
    fc.assert(fc.property(textOf(60), textOf(60), check), { numRuns: 300 });
    fc.assert(fc.property(textOf(3000), textOf(3000), check), { numRuns: 10 });
  });

  it('pairs 10 items of ~1,990 characters rewritten on the other side, and 800 short edited items, each with its partner', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const chars = '法治政府建设年度报告行政执法培训人员问题工作学习宣传群众满意检查整改制度机制';
    const text = (n: number) => Array.from({ length: n }, () => chars[Math.floor(rand() * chars.length)]).join('');
    const def = { path: ['存在问题'], label: '存在问题', kind: 'titled' as const };
    const long = Array.from({ length: 10 }, (_, i) => ({ index: i, title: `问题${i}`, text: text(1990) }));
    const rewritten = long.map((x) => ({ ...x, text: `${x.text.slice(0, 1000)}${text(990)}` }));
    const r = compareList(def, long, rewritten);
    expect(r.items.map((i) => [i.status, i.match, i.before?.index, i.after?.index])).toEqual(long.map((_, i) => ['changed', 'title', i, i]));

    const short = Array.from({ length: 800 }, (_, i) => ({ index: i, title: `事项${i}${text(4)}`, text: text(30) }));
    const edited = short.map((x, i) => ({ index: 799 - i, title: `${x.title}改`, text: `${x.text.slice(0, 25)}${text(5)}` })).reverse();
    const m = compareList(def, short, edited);
    expect(m.items).toHaveLength(800);
    expect(m.items.every((i) => i.status === 'changed' && i.match === 'similar' && i.before!.title === (i.after!.title ?? "").slice(0, -1))).toBe(true);
  });

  it('bounds the pairs it scores: all pairs of small lists, a fixed number per item beyond', () => {
    const items = (n: number, salt: string) => Array.from({ length: n }, (_, i) => [...`第${i}项${salt}内容${i * 7}`]);
    expect(candidatePairs(items(20, '甲'), items(20, '乙'))).toHaveLength(400);
    expect(20 * 20).toBeLessThanOrEqual(ALL_PAIRS);
    const big = candidatePairs(items(3000, '甲'), items(3000, '乙'));
    expect(big.length).toBeLessThanOrEqual(3000 * 8);
    expect(similarity('法治', '法治')).toBe(1);
  });
});
