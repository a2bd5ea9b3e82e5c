/**
 * Every message about a data file is plain Chinese: whatever value of the wrong kind a clerk puts in
 * any field of any kind (a group written as one line, a list item as text, a yes/no as a word, a
 * figure as `0x10`, `.inf`, `1e9`, `1,312` or `6余`, an empty value, a list where text belongs…),
 * no diagnostic carries the schema checker's English ("Invalid input: expected object, received
 * string"), a JavaScript value (Infinity, NaN, undefined, [object Object]) or an index in brackets.
 *
 * The values are put into every field of three models that together declare every field kind
 * (the sample: counts, percentages, working days, dates, years, lines, paragraphs, yes/no, groups,
 * lists, 标题/内容 items; 青石镇: amounts; the 政府信息公开 kind: tables and derived figures), one
 * at a time, and validated as `report check` does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseDocument, Scalar, type Node } from 'yaml';
import { readDeclaration } from '../../src/data/declaration.js';
import { fieldAt } from '../../src/data/model.js';
import { validateReportText } from '../../src/data/validate.js';
import { parseTemplate } from '../../src/template/render.js';
import { REPO } from '../helpers/cli.js';

/** What must never appear in a message or hint. */
const FORBIDDEN = /\b(Invalid|invalid|expected|received|Expected|Received|Infinity|NaN|undefined|null|object|array|string|number|boolean)\b|\[object|\w\[\d+\]/;

/** The wrong values, each as a YAML node written the way a clerk would type it. */
function wrongValues(): { name: string; node: () => unknown }[] {
  const scalar = (v: unknown, format?: string) => () => {
    const s = new Scalar(v);
    if (format) s.format = format;
    return s;
  };
  return [
    { name: 'text', node: scalar('基层执法力量不足') },
    { name: 'empty', node: scalar(null) },
    { name: 'integer', node: scalar(7) },
    { name: 'negative', node: scalar(-3) },
    { name: 'fraction', node: scalar(1.5) },
    { name: 'yes', node: scalar(true) },
    { name: 'hex', node: scalar(16, 'HEX') },
    { name: 'exponent', node: scalar(1e9, 'EXP') },
    { name: 'infinity', node: scalar(Infinity) },
    { name: 'not a number', node: scalar(NaN) },
    { name: 'thousands', node: scalar('1,312') },
    { name: 'approximate as text', node: scalar('6余') },
    { name: 'date', node: scalar('2025-02-30') },
    { name: 'list', node: () => ['青山县', 3] },
    { name: 'map', node: () => ({ 名称: '青山县', 数: 2 }) },
    { name: 'quantity', node: () => ({ 数值: '多', 修饰: '很多' }) },
  ];
}

/** Every path in the data: each key of each map and each item of each list, at any depth. */
function pathsOf(node: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = (pair.key as Scalar).value as string;
      out.push([...prefix, key], ...pathsOf(pair.value, [...prefix, key]));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => out.push([...prefix, i], ...pathsOf(item, [...prefix, i])));
  }
  return out;
}

const PROJECTS = [
  { name: 'the sample', model: 'model.yaml', data: 'data/2024.yaml', year: 2024 },
  { name: '青石镇', model: 'examples/青石镇/model.yaml', data: 'examples/青石镇/data/2024.yaml', year: 2024 },
  { name: '政府信息公开', model: 'kinds/政府信息公开工作年度报告/model.yaml', data: 'kinds/政府信息公开工作年度报告/data/__年度__.yaml', year: 2024 },
];

describe('messages about data are plain Chinese', () => {
  for (const project of PROJECTS) {
    it(`${project.name}: every wrong value in every field`, () => {
      const read = (p: string) => readFileSync(path.join(REPO, p), 'utf8').replaceAll('__年度__', String(project.year)).replaceAll('__次年__', String(project.year + 1));
      const declared = readDeclaration(read(project.model), 'model.yaml');
      if (!declared.ok) throw new Error(JSON.stringify(declared.diagnostics));
      const text = read(project.data);
      // Up to three fields of each kind at each depth (a 政府信息公开 table has hundreds of cells alike).
      const seen = new Map<string, number>();
      const paths = pathsOf(parseDocument(text).contents).filter((p) => {
        const kind = `${fieldAt(declared.value, p)?.type ?? 'part'}/${p.length}/${typeof p.at(-1)}`;
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        return seen.get(kind)! <= 3;
      });
      expect(paths.length).toBeGreaterThan(15);
      let checked = 0;
      const bad: string[] = [];
      for (const p of paths) {
        for (const wrong of wrongValues()) {
          const doc = parseDocument(text);
          doc.setIn(p, doc.createNode(wrong.node() as Node));
          const r = validateReportText(declared.value, doc.toString({ nullStr: '' }), { file: 'data/2024.yaml', expectedYear: project.year });
          const ds = r.ok ? r.warnings : r.diagnostics;
          for (const d of ds) {
            checked++;
            const said = `${d.message}\n${d.hint ?? ''}`;
            if (FORBIDDEN.test(said) || d.line === undefined || d.column === undefined) bad.push(`${p.join('.')} = ${wrong.name}: ${d.line}:${d.column} ${said}`);
          }
        }
      }
      expect(checked).toBeGreaterThan(paths.length);
      expect(bad.slice(0, 20)).toEqual([]);
    });
  }
});

describe('messages about a template are plain Chinese', () => {
  it('every brace of the sample template dropped, doubled or made full-width: no parser token names, a line and column each', () => {
    const text = readFileSync(path.join(REPO, 'templates', 'annual-report.hbs'), 'utf8');
    const bad: string[] = [];
    let checked = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c !== '{' && c !== '}') continue;
      for (const changed of [text.slice(0, i) + text.slice(i + 1), text.slice(0, i) + c + text.slice(i), text.slice(0, i) + (c === '{' ? '｛' : '｝') + text.slice(i + 1)]) {
        const r = parseTemplate({ file: 'templates/annual-report.hbs', text: changed });
        for (const d of r.ok ? r.warnings : r.diagnostics) {
          checked++;
          const said = `${d.message}\n${d.hint ?? ''}`;
          if (/[A-Z]{3,}|Expecting|got '|Parse error/.test(said) || d.line === undefined || d.column === undefined) bad.push(`${i}: ${d.line}:${d.column} ${said}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(bad.slice(0, 20)).toEqual([]);
  });
});
