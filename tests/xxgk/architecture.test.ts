/**
 * The 政府信息公开工作年度报告 is the project's own (model.yaml, templates), not the program's:
 * no code under src/ names its fields, rows, columns or tables (as tests/architecture.test.ts
 * checks for the sample).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_FIELDS, walkFields } from '../../src/data/model.js';
import { xxgkModel } from '../helpers/xxgk.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

// Everyday words that are also row or column names (其他, 总计 …) say nothing of this report.
const EVERYDAY = new Set(['其他', '总计', '类型', '全称', '机关', '行政许可', '行政处罚', '行政强制']);

describe('no 政府信息公开 report is built into the program', () => {
  it('names none of its fields, rows, columns or tables under src/', () => {
    const fixed = new Set<string>(Object.values(DOCUMENT_FIELDS));
    const names = new Set<string>(['信息处理费', '规章']);
    for (const f of walkFields(xxgkModel())) {
      if (fixed.has(f.path[0]!)) continue;
      if (!EVERYDAY.has(f.name)) names.add(f.name);
      if (f.title !== f.name && !f.cell) names.add(f.title);
      if (f.cell) names.add(f.cell.row);
    }
    expect([...names]).toEqual(expect.arrayContaining(['结转下年度继续办理', '自然人', '本年新收政府信息公开申请数量', '三、（三）4.保护第三方合法权益', '复议后起诉', '行政事业性收费']));
    const found = files(SRC).flatMap((file) => {
      // Comments may cite the format (the typography of its tables is where 楷体 cells come from); code may not.
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
      return [...names].filter((n) => text.includes(n)).map((n) => `${path.relative(SRC, file)}: ${n}`);
    });
    expect(found).toEqual([]);
  });
});
