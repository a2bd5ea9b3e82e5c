/**
 * From the text of a data file to validated report data: YAML (positions kept) → zod → cross-field
 * rules. Every problem found is returned, each with file:line:column and the field's path.
 */
import type { z } from 'zod';
import { fail, formatPath, ok, type Diagnostic, type Result } from '../diagnostics.js';
import { parseYaml, type ParsedYaml } from './parse-yaml.js';
import { reportSchema, type ReportData } from './schema.js';
import { RULES } from './rules.js';

/** What the caller knows about the file being validated. */
export interface ValidateOptions {
  /** The file name to put in messages (relative to the project root). */
  readonly file: string;
  /** The year the user asked for; a file for another year is an error. */
  readonly expectedYear?: number;
}

/** Validates the text of one data file. */
export function validateReportText(text: string, opts: ValidateOptions): Result<ReportData> {
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''), opts.file);
  if (!parsed.ok) return fail(parsed.diagnostics);
  return validateParsed(parsed.parsed, opts, parsed.warnings);
}

/** Validates already parsed YAML (kept separate so tools can reuse the position map). */
export function validateParsed(
  parsed: ParsedYaml,
  opts: ValidateOptions,
  warnings: readonly Diagnostic[] = [],
): Result<ReportData> {
  const { file } = opts;
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    return fail([
      {
        severity: 'error',
        file,
        line: 1,
        column: 1,
        message: '数据文件应为一组“字段: 值”，实际为空文件或不是映射',
        hint: '请参照 data/2024.yaml 的写法',
        code: 'data.not-a-map',
      },
    ]);
  }
  const result = reportSchema.safeParse(parsed.value);
  const problems: Diagnostic[] = [];
  if (!result.success) {
    problems.push(...oneMessagePerTypo(result.error.issues.flatMap((i) => issueToDiagnostics(i, parsed, file))));
    problems.push(...misspeltGroups(problems, parsed, file));
  }
  // Cross-field rules run on the fields they read, whenever those are right (even if others are not).
  const data = result.success ? result.data : partialData(parsed.value as Record<string, unknown>);
  for (const rule of RULES) {
    if (!rule.reads.every((p) => hasField(data, p))) continue;
    for (const p of rule.check(data as ReportData)) {
      problems.push({
        severity: 'error',
        file,
        ...parsed.locate(p.path),
        path: p.path,
        message: `${formatPath(p.path)}${p.message.startsWith('（') ? '' : ' '}${p.message}`,
        ...(p.hint ? { hint: p.hint } : {}),
        code: `rule.${rule.id}`,
      });
    }
  }
  const year = (data as { 年度?: unknown }).年度;
  if (opts.expectedYear !== undefined && typeof year === 'number' && year !== opts.expectedYear) {
    problems.push({
      severity: 'error',
      file,
      ...parsed.locate(['年度']),
      path: ['年度'],
      message: `年度 应为 ${opts.expectedYear}（文件名所示的年份），实际为 ${year}`,
      hint: '检查是否复制了上一年的文件后忘了改年度',
      code: 'data.year-mismatch',
    });
  }
  return problems.length > 0 || !result.success ? fail(problems) : ok(result.data, warnings);
}

/** The schema of the field at `path` (list items by index), or null when there is no such field. */
function schemaAt(path: readonly (string | number)[]): z.ZodType | null {
  let schema: unknown = reportSchema;
  for (const part of path) {
    const s = schema as { shape?: Record<string, unknown>; def?: { out?: { element?: unknown } } };
    schema = typeof part === 'number' ? s.def?.out?.element : s.shape?.[part];
    if (!schema) return null;
  }
  return schema as z.ZodType;
}

/**
 * The fields of the top two levels that are right on their own, validated one by one: what the
 * cross-field rules can still be checked on when the file as a whole is not right.
 */
function partialData(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const schema = schemaAt([key]);
    if (!schema) continue;
    const whole = schema.safeParse(value);
    if (whole.success) {
      out[key] = whole.data;
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const group: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const r = schemaAt([key, k])?.safeParse(v);
        if (r?.success) group[k] = r.data;
      }
      out[key] = group;
    }
  }
  return out;
}

function hasField(data: unknown, path: readonly string[]): boolean {
  let here = data;
  for (const part of path) {
    if (!here || typeof here !== 'object' || !Object.prototype.hasOwnProperty.call(here, part)) return false;
    here = (here as Record<string, unknown>)[part];
  }
  return true;
}

/**
 * What is inside a misspelt group is checked too, against the group it was meant to be
 * (`行政执法陪训: {期数: 四}` reports 期数 as well as the misspelling), so fixing the name does
 * not bring up a second round of problems.
 */
function misspeltGroups(found: readonly Diagnostic[], parsed: ParsedYaml, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of found) {
    if (d.code !== 'data.unknown-key' || !d.path || !d.hint?.startsWith('是不是想写 ')) continue;
    const meant = [...d.path.slice(0, -1), d.hint.replace(/^是不是想写 (.*)？$/, '$1')];
    const schema = schemaAt(meant);
    let value: unknown = parsed.value;
    for (const part of d.path) value = (value as Record<string | number, unknown> | null | undefined)?.[part];
    if (!schema || value === undefined) continue;
    const r = schema.safeParse(value);
    if (r.success) continue;
    for (const issue of r.error.issues) {
      const shifted = { ...issue, path: [...d.path, ...issue.path] } as z.core.$ZodIssue;
      out.push(...issueToDiagnostics(shifted, parsed, file));
    }
  }
  return out;
}

function issueToDiagnostics(issue: z.core.$ZodIssue, parsed: ParsedYaml, file: string): Diagnostic[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const keyPath = [...path, key];
      return {
        severity: 'error' as const,
        file,
        ...parsed.locate(keyPath, { key: true }),
        path: keyPath,
        message: `未知字段 ${formatPath(keyPath)}`,
        hint: suggestKey(key, path, parsed),
        code: 'data.unknown-key',
      };
    });
  }
  const char = (issue as { params?: { char?: unknown } }).params?.char;
  const present = parsed.has(path);
  const where = formatPath(path);
  let message: string;
  // Our own value types explain what they expect; zod's built-in messages are English and say
  // only "expected object", so for a missing group the field's name is enough.
  const expected = /[\u4e00-\u9fff]/.test(issue.message) ? `（${issue.message.replace(/，实际为.*$/, '')}）` : '';
  if (!present) message = `缺少必填字段 ${where}${expected}`;
  else message = `${where} ${issue.message}`;
  return [
    {
      severity: 'error',
      file,
      ...(typeof char === 'number' ? parsed.locateChar(path, char) : parsed.locate(path)),
      path,
      message,
      code: present ? 'data.invalid' : 'data.missing',
    },
  ];
}

/**
 * A misspelt key is one mistake: "unknown field 期次" with the hint "是不是想写 期数？" says it all,
 * so the "missing 期数" it causes is not listed as well.
 */
function oneMessagePerTypo(ds: Diagnostic[]): Diagnostic[] {
  const meant = new Set(
    ds
      .filter((d) => d.code === 'data.unknown-key' && d.path && d.hint?.startsWith('是不是想写 '))
      .map((d) => formatPath([...d.path!.slice(0, -1), d.hint!.replace(/^是不是想写 (.*)？$/, '$1')])),
  );
  return ds.filter((d) => !(d.code === 'data.missing' && d.path && meant.has(formatPath(d.path))));
}

/** Known keys next to an unknown one, for "did you mean" hints. */
function suggestKey(key: string, parentPath: readonly (string | number)[], parsed: ParsedYaml): string {
  const known = knownKeysAt(parentPath);
  const best = known
    .map((k) => ({ k, d: editDistance(k, key) }))
    .sort((a, b) => a.d - b.d)[0];
  if (best && best.d <= Math.max(1, Math.floor(Math.max(best.k.length, key.length) / 2))) {
    return `是不是想写 ${best.k}？`;
  }
  void parsed;
  return known.length > 0 ? `这里可以写的字段：${known.join('、')}` : '请删除这个字段';
}

function knownKeysAt(path: readonly (string | number)[]): string[] {
  const shape = (schemaAt(path) as { shape?: Record<string, unknown> } | null)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}
