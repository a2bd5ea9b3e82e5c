/**
 * Input-method slips in the data file (src/data/input-slips.ts), placed at random in the sample:
 * each is reported once, at its own line and column, naming the character and what to type
 * instead; text that legitimately holds full-width marks is left alone; and no message the clerk
 * sees, for slips or for any other broken YAML, carries the parser's English.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findInputMethodSlips } from '../../src/data/input-slips.js';
import { validateReportText } from '../../src/data/validate.js';
import { REPO } from '../helpers/cli.js';
import { sampleModel } from '../helpers/sample.js';

const SAMPLE = readFileSync(path.join(REPO, 'data', '2024.yaml'), 'utf8');
const LINES = SAMPLE.split('\n');
const MODEL = sampleModel();
const check = (text: string) => validateReportText(MODEL, text, { file: 'data/2024.yaml', expectedYear: 2024 });

/** Lines of the sample that are `key: value` fields (not inside a block text, not comments). */
const FIELDS = LINES.flatMap((l, i) => (/^( *)([^\s#:-][^:]*): (?![|>])\S/.test(l) && !/^ {4,}/.test(l) ? [i] : []));
/** Field lines whose value is a plain number. */
const NUMBERS = LINES.flatMap((l, i) => (/^ *[^\s#:-][^:]*: \d+(\s|$)/.test(l) ? [i] : []));
/** Indented field lines (to indent with a full-width or no-break space instead). */
const INDENTED = FIELDS.filter((i) => /^ {2}\S/.test(LINES[i]!));

const FULL = '０１２３４５６７８９';
const fullWidth = (s: string) => s.replace(/\d/g, (d) => FULL[Number(d)]!);

interface Slip {
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly char: string;
}

/** One slip placed in the sample, with where it must be reported. */
const slip: fc.Arbitrary<Slip> = fc.oneof(
  fc.constantFrom(...FIELDS).map((i) => {
    const l = LINES[i]!;
    const at = l.indexOf(': ');
    const lines = [...LINES];
    lines[i] = `${l.slice(0, at)}：${l.slice(at + 2)}`;
    return { text: lines.join('\n'), line: i + 1, column: at + 1, char: '：' };
  }),
  fc.tuple(fc.constantFrom(...INDENTED), fc.constantFrom('\u3000', '\u00a0')).map(([i, ch]) => {
    const lines = [...LINES];
    lines[i] = `${ch === '\u3000' ? ch : ch + ch}${lines[i]!.slice(2)}`;
    return { text: lines.join('\n'), line: i + 1, column: 1, char: ch };
  }),
  fc.constantFrom(...NUMBERS).map((i) => {
    const l = LINES[i]!;
    const at = l.indexOf(': ') + 2;
    const lines = [...LINES];
    lines[i] = l.slice(0, at) + l.slice(at).replace(/^\d+/, (d) => fullWidth(d));
    return { text: lines.join('\n'), line: i + 1, column: at + 1, char: fullWidth(l.slice(at, at + 1)) };
  }),
  fc.constantFrom(...NUMBERS).map((i) => {
    const l = LINES[i]!;
    const lines = [...LINES];
    // A comment after the value, started with a full-width number sign.
    const cut = l.replace(/\s+#.*$/, '');
    lines[i] = `${cut}  ＃ 备注`;
    return { text: lines.join('\n'), line: i + 1, column: cut.length + 3, char: '＃' };
  }),
);

const NAMES: Record<string, string> = { '：': '全角冒号“：”', '\u3000': '全角空格（U+3000）', '\u00a0': '不换行空格（U+00A0', '＃': '全角井号“＃”' };

describe('input-method slips placed at random in the sample data', () => {
  it('finds no slip in the sample data itself (its text has plenty of ：，“” of its own)', () => {
    expect(findInputMethodSlips(SAMPLE)).toEqual([]);
    expect(check(SAMPLE).ok).toBe(true);
  });

  it('reports each slip once, at its place, naming the character and what to type', () => {
    fc.assert(
      fc.property(slip, (s) => {
        const r = check(s.text);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.diagnostics).toHaveLength(1);
        const d = r.diagnostics[0]!;
        expect(d.code).toBe('yaml.input-method');
        expect([d.line, d.column]).toEqual([s.line, s.column]);
        expect(d.message.startsWith(`第 ${s.line} 行第 ${s.column} 列是`)).toBe(true);
        const name = NAMES[s.char] ?? `全角数字“${s.char}”`;
        expect(d.message).toContain(name);
        expect(d.message).toMatch(/改成|改打/);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('reports two slips on different lines as two problems, in file order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 2, maxLength: 2 }), ([a, b]) => {
        const lines = [...LINES];
        for (const i of [a!, b!]) lines[i] = lines[i]!.replace(': ', '：');
        const r = check(lines.join('\n'));
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.diagnostics.map((d) => d.line)).toEqual([a!, b!].map((i) => i + 1).sort((x, y) => x - y));
      }),
      { numRuns: 100, seed: 13 },
    );
  });

  it('leaves full-width marks that are part of the text alone', () => {
    const text = [
      '其他情况:',
      '  - 联系电话：12345，传真：678',
      '  - “法治”建设［注］见附件',
      '内容: 部分人员',
      '  认识不足：依法行政，＃号',
      '说明: |',
      '  　　全角空格开头的段落：可以',
      '  ＃ 不是注释',
      '标题: “法治”',
      '行: {名称: （二）部分公开（区分处理的，只计这一情形，不计其他情形）}',
      '列: {名称: 甲，乙, 单位: 件}',
    ].join('\n');
    expect(findInputMethodSlips(text)).toEqual([]);
  });

  it('names a full-width comma between the fields of a {…} or the items of a […]', () => {
    const found = findInputMethodSlips(['甲: {乙: 1，丙: 2}', '丁: [戊，己]'].join('\n'));
    expect(found.map((s) => `${s.line}:${s.column} ${s.char}`)).toEqual(['1:9 ，', '2:6 ，']);
  });
});

describe('no parser English reaches the clerk', () => {
  const junk = fc.oneof(
    fc.constantFrom(':', '：', '[', ']', '{', '}', '"', "'", '- ', '? ', '|', '>', '&', '*', '!', '%', '@', '`', ',', '#', '\t', '  ', '\u3000', '---', '...'),
    fc.string({ maxLength: 6 }),
  );
  it('words every YAML problem of randomly broken data in Chinese', () => {
    fc.assert(
      fc.property(fc.nat(LINES.length - 1), fc.nat(80), fc.array(junk, { minLength: 1, maxLength: 4 }), (i, col, bits) => {
        const lines = [...LINES];
        const l = lines[i]!;
        const at = Math.min(col, l.length);
        lines[i] = l.slice(0, at) + bits.join('') + l.slice(at);
        const text = lines.join('\n');
        const r = check(text);
        if (r.ok) return;
        // Field names and values the clerk wrote may be Latin; the program's own words may not.
        const theirs = new Set(text.match(/[A-Za-z]+/g) ?? []);
        for (const d of r.diagnostics.filter((x) => x.code !== 'more')) {
          const words = (`${d.message} ${d.hint ?? ''}`.match(/[A-Za-z]{4,}/g) ?? []).filter((w) => !theirs.has(w) && !['YAML', 'Word', 'true', 'false', 'null'].includes(w));
          expect(words, d.message).toEqual([]);
          expect(d.line).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400, seed: 15 },
    );
  });
});
