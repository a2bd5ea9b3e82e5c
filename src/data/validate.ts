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
  if (!result.success) {
    return fail(oneMessagePerTypo(result.error.issues.flatMap((i) => issueToDiagnostics(i, parsed, file))));
  }
  const data = result.data;
  const problems: Diagnostic[] = [];
  for (const rule of RULES) {
    for (const p of rule.check(data)) {
      problems.push({
        severity: 'error',
        file,
        ...parsed.locate(p.path),
        path: p.path,
        message: `${formatPath(p.path)} ${p.message}`,
        ...(p.hint ? { hint: p.hint } : {}),
        code: `rule.${rule.id}`,
      });
    }
  }
  if (opts.expectedYear !== undefined && data.年度 !== opts.expectedYear) {
    problems.push({
      severity: 'error',
      file,
      ...parsed.locate(['年度']),
      path: ['年度'],
      message: `年度 应为 ${opts.expectedYear}（文件名所示的年份），实际为 ${data.年度}`,
      hint: '检查是否复制了上一年的文件后忘了改年度',
      code: 'data.year-mismatch',
    });
  }
  return problems.length > 0 ? fail(problems) : ok(data, warnings);
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
  let schema: unknown = reportSchema;
  for (const part of path) {
    const s = schema as { shape?: Record<string, unknown>; def?: { out?: { element?: unknown } } };
    if (typeof part === 'number') {
      schema = s.def?.out?.element;
    } else {
      schema = s.shape?.[part];
    }
    if (!schema) return [];
  }
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
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
