/** The 政府信息公开工作年度报告 kind and its example (淮安市人民政府 2024): model, data, positions. */
import { readFileSync } from 'node:fs';
import { readDeclaration } from '../../src/data/declaration.js';
import type { Model, ReportData } from '../../src/data/model.js';
import { validateReportText } from '../../src/data/validate.js';
import type { Diagnostic, Result } from '../../src/diagnostics.js';

/** The kind's folder, as `report init --kind 政府信息公开工作年度报告` copies it. */
export const KIND_DIR = new URL('../../kinds/政府信息公开工作年度报告/', import.meta.url);
/** The example project built from the published 淮安市人民政府 2024 report. */
export const EXAMPLE_DIR = new URL('../../examples/xxgk-huaian/', import.meta.url);

/** A file of the example (or of `dir`). */
export function readIn(p: string, dir: URL = EXAMPLE_DIR): string {
  return readFileSync(new URL(p, dir), 'utf8');
}

/** The kind's data model, compiled. */
export function xxgkModel(dir: URL = EXAMPLE_DIR): Model {
  const r = readDeclaration(readIn('model.yaml', dir), 'model.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.value;
}

/** Validates a data text of the kind as data/YEAR.yaml (with last year's data, when given). */
export function validateXxgk(text: string, year = 2024, previous?: ReportData): Result<ReportData> {
  return validateReportText(xxgkModel(), text, { file: `data/${year}.yaml`, expectedYear: year, ...(previous ? { previous } : {}) });
}

/** The example's 2024 data text. */
export function huaianText(): string {
  return readIn('data/2024.yaml');
}

/** The text with `from` replaced by `to` once (the test fails if `from` is not there exactly once). */
export function edit(text: string, from: string, to: string): string {
  const i = text.indexOf(from);
  if (i < 0 || text.indexOf(from, i + 1) >= 0) throw new Error(`not exactly once in the data: ${from}`);
  return text.slice(0, i) + to + text.slice(i + from.length);
}

/**
 * file:line:column of the value `key: ` on the first line containing `lineHas` (1-based columns,
 * as the diagnostics count them).
 */
export function at(text: string, lineHas: string, key: string): string {
  const lines = text.split('\n');
  const n = lines.findIndex((l) => l.includes(lineHas));
  if (n < 0) throw new Error(`no line with ${lineHas}`);
  const line = lines[n]!;
  const from = line.indexOf(lineHas);
  const k = line.indexOf(`${key}: `, from);
  if (k < 0) throw new Error(`no ${key} on line ${n + 1}`);
  return `${n + 1}:${k + key.length + 3}`;
}

/** Diagnostics as the CLI prints their first line: `line:column: 级别: message`. */
export function lines(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.line}:${d.column}: ${d.severity === 'warning' ? '警告' : '错误'}: ${d.message}`);
}
