/**
 * From the text of a data file to validated report data: YAML (positions kept) → the project's
 * model compiled to zod → cross-field rules. Every problem found is returned, each with
 * file:line:column and the field's path.
 */
import type { z } from 'zod';
import { fail, formatPath, ok, ProblemList, type Diagnostic, type Result } from '../diagnostics.js';
import { parseYaml, type ParsedYaml } from './parse-yaml.js';
import { fieldAt, keysAt, schemaAt, walkFields, type FieldDecl, type Model, type ReportData } from './model.js';
import { arithmetic, checkRule, ruleData } from './rules.js';
import { issueText, joinWords } from './issues.js';
import { readOlderInput } from './older-input.js';

/** What the caller knows about the file being validated. */
export interface ValidateOptions {
  /** The file name to put in messages (relative to the project root). */
  readonly file: string;
  /** The year the user asked for; a file for another year is an error. */
  readonly expectedYear?: number;
  /** report.yaml's `issuer`: the data's 署名 must be the same. */
  readonly issuer?: { readonly name: string; readonly file: string; readonly line: number; readonly column: number };
  /**
   * Last year's validated data, when its file exists: rules that read `上年.…` are checked against
   * it (without it they are skipped).
   */
  readonly previous?: ReportData | null;
}

/**
 * Schemas that have checked a data file in this process. zod builds a fast path for an object
 * schema (JavaScript written and compiled with `new Function`) the first time it checks with it,
 * about 3 ms for a report's model: worth it when one model checks many files (`build --all`), not
 * for the single file of most runs. So a schema's first file is checked without it (zod's
 * `jitless`, the same checks and results), and the later ones with it.
 */
const checkedBefore = new WeakSet<object>();

/** Whether this is `schema`'s first check in this process (and notes that it has been used). */
function firstCheck(schema: object): boolean {
  if (checkedBefore.has(schema)) return false;
  checkedBefore.add(schema);
  return true;
}

/** Validates the text of one data file against the project's model. */
export function validateReportText(model: Model, text: string, opts: ValidateOptions): Result<ReportData> {
  const parsed = parseYaml(text.replace(/^\uFEFF/, ''), opts.file, { fieldNames: fieldNames(model) });
  if (!parsed.ok) return fail(parsed.diagnostics);
  return validateParsed(model, parsed.parsed, opts, parsed.warnings);
}

/**
 * Keys written `名字:值` or `名字：值` (no space after the colon, or a full-width colon) inside a
 * `{…}` — the YAML reader takes the whole as a key without a value — where `名字` is a field that
 * belongs there (or one character away from one). Each is reported at its colon, saying what to type,
 * and read as the field it was meant to be, so the mistake brings no "unknown field" and "missing
 * field" with it and the value is still checked.
 */
function colonSlips(model: Model, parsed: ParsedYaml, file: string): { parsed: ParsedYaml; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  /** Repaired key (parent path + name, as JSON) → the key as written. */
  const aliases = new Map<string, string>();
  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (value === null || typeof value !== 'object' || value instanceof Date) return value;
    const field = fieldAt(model, path);
    const allowed = [...keysAt(model, path), ...(field && (field.type === 'count' || field.type === 'percent' || field.type === 'amount') ? ['数值', '修饰'] : [])];
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const m = v === null ? /^([^\s:：]{1,30}?)([:：])(\S.*)$/u.exec(key) : null;
      const name = m ? (allowed.includes(m[1]!) ? m[1]! : allowed.find((a) => editDistance(a, m[1]!) === 1 && [...a].length > 1)) : undefined;
      if (!m || name === undefined || Object.hasOwn(value, name)) {
        out[key] = walk(v, [...path, key]);
        continue;
      }
      const text = m[3]!.trim();
      const at = parsed.locate([...path, key], { key: true });
      diagnostics.push({
        severity: 'error',
        file,
        line: at.line,
        column: at.column + m[1]!.length,
        path: [...path, name],
        message: m[2] === ':' ? `冒号后面要加一个空格：写成 ${name}: ${text}` : `这里是全角冒号“：”，要写半角冒号加一个空格：写成 ${name}: ${text}`,
        ...(name !== m[1] ? { hint: `字段名是 ${name}，这里写的是 ${m[1]}` } : {}),
        code: m[2] === ':' ? 'data.colon-space' : 'yaml.input-method',
      });
      aliases.set(JSON.stringify([...path, name]), key);
      out[name] = /^[-+]?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    }
    return out;
  };
  const value = walk(parsed.value, []);
  if (diagnostics.length === 0) return { parsed, diagnostics };
  const written = (path: readonly (string | number)[]) => {
    const out: (string | number)[] = [];
    for (const part of path) out.push(aliases.get(JSON.stringify([...out, part])) ?? part);
    return out;
  };
  return {
    diagnostics,
    parsed: {
      value,
      locate: (path, o) => parsed.locate(written(path), o),
      has: (path) => written(path).some((p, i) => p !== path[i]) || parsed.has(path),
      locateChar: (path, cp) => parsed.locateChar(written(path), cp),
      source: (path) => parsed.source(written(path)),
    },
  };
}

/** Every name a data file of `model` may use as a key (fields at any depth, 标题/内容, 数值/修饰). */
function fieldNames(model: Model): Set<string> {
  const names = new Set<string>(['标题', '内容', '数值', '修饰']);
  const visit = (fs: readonly FieldDecl[]) => {
    for (const f of fs) {
      names.add(f.name);
      if (f.type === 'group') visit(f.fields);
      if (f.type === 'list' && f.items.type === 'group') visit(f.items.fields);
    }
  };
  visit(model.fields);
  return names;
}

/** Validates already parsed YAML (kept separate so tools can reuse the position map). */
export function validateParsed(
  model: Model,
  original: ParsedYaml,
  opts: ValidateOptions,
  warnings0: readonly Diagnostic[] = [],
): Result<ReportData> {
  const { file } = opts;
  // Former names (旧名) and placeholders in table cells (空着、/、-、无) are read as meant, with warnings.
  const older = readOlderInput(model, original, file);
  let parsed = older.parsed;
  const warnings = [...warnings0, ...older.warnings];
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    return fail([
      {
        severity: 'error',
        file,
        line: 1,
        column: 1,
        message: '数据文件应为一组“字段: 值”，实际是空文件，或者整个文件是一个列表或一段文字',
        hint: `各字段见 ${model.file}`,
        code: 'data.not-a-map',
      },
    ]);
  }
  // `{自然人:2}` / `{自然人：2}`: a key with its value stuck to it, read as the field it was meant to be.
  const slips = colonSlips(model, parsed, file);
  parsed = slips.parsed;
  const result = model.schema.safeParse(parsed.value, { jitless: firstCheck(model.schema) });
  // Errors and warnings alike, capped: past the first 20 of each they are only counted.
  const problems = new ProblemList();
  problems.pushAll(older.errors);
  problems.pushAll(slips.diagnostics);
  if (!result.success) {
    // Rows written as one row (an older format's single row) are one message, not one per missing row.
    const asOne = older.errors.filter((d) => d.code === 'data.rows-as-one' && d.path).map((d) => d.path!.join('.'));
    const covered = (d: Diagnostic) => d.code !== 'data.rows-as-one' && !!d.path && asOne.some((p) => d.path!.join('.') === p || d.path!.join('.').startsWith(`${p}.`));
    modelProblems(model, result.error.issues, parsed, file, asOne.length > 0 ? except(problems, covered) : problems);
  }
  // Cross-field rules run on the fields they read, whenever those are right (even if others are not).
  const data = result.success ? (result.data as Record<string, unknown>) : partialData(model, model.fields, parsed.value as Record<string, unknown>);
  problems.pushAll(fillComputed(model, data, parsed, file));
  const label = (p: readonly string[]) => {
    const f = fieldAt(model, p);
    return f ? (f.short ?? f.name) : undefined;
  };
  const ctx = ruleData(data, opts.previous ?? undefined);
  for (const rule of model.rules) {
    if (!rule.reads.every((p) => hasField(data, p))) continue;
    if (rule.usesPrevious && !opts.previous) continue;
    for (const p of checkRule(rule, ctx, label)) {
      problems.push({
        severity: rule.severity,
        file,
        ...parsed.locate(p.path),
        path: p.path,
        message: p.named ? p.message : `${formatPath(p.path)}${p.message.startsWith('（') ? '' : ' '}${p.message}`,
        ...(p.hint ? { hint: p.hint } : {}),
        code: `rule.${rule.id}`,
      });
    }
  }
  problems.pushAll(percentBelowOne(model, data, parsed, file)); // warnings
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
  const issuer = opts.issuer;
  const signed = (data as { 署名?: unknown }).署名;
  if (issuer && typeof signed === 'string' && signed !== issuer.name) {
    problems.push({
      severity: 'error',
      file,
      ...parsed.locate(['署名']),
      path: ['署名'],
      message: `署名 应为 ${issuer.name}（report.yaml 的 issuer），实际为 ${JSON.stringify(signed)}`,
      hint: `发文机关署名与 ${issuer.file}:${issuer.line}:${issuer.column} 的 issuer 不同：改正其中写错的一处`,
      code: 'data.issuer-mismatch',
    });
  }
  if (problems.count('error') > 0 || !result.success) {
    problems.pushAll(older.warnings);
    return fail(problems.list());
  }
  problems.pushAll(warnings);
  return ok(data as unknown as ReportData, problems.list());
}

/**
 * Derived figures (`计算`): left out, each is filled in with its sum; given, it must equal it
 * (a problem at the figure, with the sum spelled out). Sums of sums are filled in as far as the
 * figures they read allow.
 */
function fillComputed(model: Model, data: Record<string, unknown>, parsed: ParsedYaml, file: string): Diagnostic[] {
  const computed = walkFields(model).filter((f) => f.compute);
  if (computed.length === 0) return [];
  const get = (path: readonly string[]): unknown => {
    let here: unknown = data;
    for (const k of path) here = here && typeof here === 'object' ? (here as Record<string, unknown>)[k] : undefined;
    return here;
  };
  const put = (path: readonly string[], v: unknown) => {
    let here = data as Record<string, unknown>;
    for (const k of path.slice(0, -1)) {
      // A row of derived figures only may be left out as a whole (the model does not require it).
      if (here[k] === null || here[k] === undefined) here[k] = {};
      const next = here[k];
      if (typeof next !== 'object') return;
      here = next as Record<string, unknown>;
    }
    here[path[path.length - 1]!] = v;
  };
  const num = (v: unknown) => (typeof v === 'number' ? v : v && typeof v === 'object' && typeof (v as { 数值?: unknown }).数值 === 'number' ? (v as { 数值: number }).数值 : null);
  const given = new Set(computed.filter((f) => num(get(f.path)) !== null).map((f) => f.path.join('.')));
  // Fill what can be filled, sums of filled sums included, until nothing more can be.
  for (let pass = 0, changed = true; changed && pass <= computed.length; pass++) {
    changed = false;
    for (const f of computed) {
      if (num(get(f.path)) !== null) continue;
      const vs = f.compute!.terms.map((t) => num(get(t)));
      if (vs.some((v) => v === null)) continue;
      // Figures are kept as the schema gives them ({数值: …}); the sum is exact, so it has no qualifier.
      put(f.path, { 数值: Number((vs as number[]).reduce((a, b) => a + b, 0).toFixed(6)) });
      changed = true;
    }
  }
  const label = (p: readonly string[]) => {
    const f = fieldAt(model, p);
    return f ? (f.short ?? f.name) : undefined;
  };
  const out: Diagnostic[] = [];
  for (const f of computed) {
    if (!given.has(f.path.join('.'))) continue;
    const vs = f.compute!.terms.map((t) => num(get(t)));
    if (vs.some((v) => v === null)) continue;
    const sum = Number((vs as number[]).reduce((a, b) => a + b, 0).toFixed(6));
    if (sum === num(get(f.path))) continue;
    const spelled = arithmetic({ left: { path: f.path }, op: '==', right: { sum: f.compute!.terms.map((t) => ({ sign: 1 as const, term: { path: t } })) } }, data, label);
    out.push({
      severity: 'error',
      file,
      ...parsed.locate(f.path),
      path: f.path,
      message: `${f.compute!.scope ?? formatPath(f.path)}：${spelled}`,
      hint: `${f.title} 是合计，可以不写（程序按加法算出）；写了就要与各项之和相等`,
      code: 'data.sum',
    });
  }
  return out;
}

/**
 * The fields that are right on their own, validated one by one (groups field by field, at any
 * depth): what the cross-field rules can still be checked on when the file as a whole is not right.
 */
function partialData(model: Model, fields: readonly FieldDecl[], raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const f = fields.find((x) => x.name === key);
    if (!f) continue;
    const whole = schemaAt(model, f.path)!.safeParse(value);
    if (whole.success) out[key] = whole.data;
    else if (f.type === 'group' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = partialData(model, f.fields, value as Record<string, unknown>);
    }
  }
  // A field the model does not require, left out, is null (as in valid data).
  for (const f of fields) if (!(f.name in out) && !(f.name in raw) && !f.required) out[f.name] = schemaAt(model, f.path)!.safeParse(undefined).data;
  return out;
}

/**
 * A percentage above 0 and below 1 (0.95) is most often a share typed as a fraction, meaning 95%:
 * a warning at the figure, saying how it will read and what to type for the other meaning.
 */
function percentBelowOne(model: Model, data: Record<string, unknown>, parsed: ParsedYaml, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of walkFields(model)) {
    if (f.type !== 'percent') continue;
    let here: unknown = data;
    for (const part of f.path) here = here && typeof here === 'object' ? (here as Record<string, unknown>)[part] : undefined;
    const n = here && typeof here === 'object' ? (here as { 数值?: unknown }).数值 : undefined;
    if (typeof n !== 'number' || !(n > 0 && n < 1)) continue;
    const meant = Number((n * 100).toPrecision(12));
    out.push({
      severity: 'warning',
      file,
      ...parsed.locate(f.path),
      path: f.path,
      message: `${formatPath(f.path)} 是 ${n}，文档里会写成 ${n}%（不到百分之一）`,
      hint: `百分数写百分号前面的数：如果是 ${meant}%，写 ${meant}`,
      code: 'data.percent-below-one',
    });
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
 * The model's problems with the data, as zod found them, into `out`. A misspelt key is one mistake:
 * "unknown field 期次" with the hint "是不是想写 期数？" says it all, so the "missing 期数" it causes
 * is not listed as well; and what is inside a misspelt group is checked too, against the group it
 * was meant to be (`行政执法陪训: {期数: 四}` reports 期数 as well as the misspelling), so fixing the
 * name does not bring up a second round of problems. Linear in the issues (`out` keeps 20).
 */
function modelProblems(model: Model, issues: readonly z.core.$ZodIssue[], parsed: ParsedYaml, file: string, out: Pick<ProblemList, 'push' | 'pushAll'>): void {
  const typos: { readonly path: readonly (string | number)[]; readonly meant: readonly (string | number)[] }[] = [];
  const meant = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    for (const d of issueToDiagnostics(model, issue, parsed, file)) {
      out.push(d);
      const typed = d.hint?.startsWith('是不是想写 ') ? d.hint.replace(/^是不是想写 (.*)？$/, '$1') : undefined;
      if (typed === undefined || !d.path) continue;
      const target = [...d.path.slice(0, -1), typed];
      typos.push({ path: d.path, meant: target });
      meant.add(formatPath(target));
    }
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') continue;
    for (const d of issueToDiagnostics(model, issue, parsed, file)) {
      if (!(d.code === 'data.missing' && d.path && meant.has(formatPath(d.path)))) out.push(d);
    }
  }
  for (const typo of typos) {
    const schema = schemaAt(model, typo.meant);
    let value: unknown = parsed.value;
    for (const part of typo.path) value = (value as Record<string | number, unknown> | null | undefined)?.[part];
    if (!schema || value === undefined) continue;
    const r = schema.safeParse(value);
    if (r.success) continue;
    for (const issue of r.error.issues) {
      const shifted = { ...issue, path: [...typo.path, ...issue.path] } as z.core.$ZodIssue;
      out.pushAll(issueToDiagnostics(model, shifted, parsed, file));
    }
  }
}

function issueToDiagnostics(model: Model, issue: z.core.$ZodIssue, parsed: ParsedYaml, file: string): Diagnostic[] {
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
        hint: suggestKey(model, key, path),
        code: 'data.unknown-key',
      };
    });
  }
  const char = (issue as { params?: { char?: unknown } }).params?.char;
  const present = parsed.has(path);
  const where = formatPath(path);
  const last = path.at(-1);
  const said = issueText(issue, valueAt(parsed.value, path), fieldAt(model, path), typeof last === 'string' ? last : null);
  // A lone “-” reaches the schema as empty (see loneDashValues): say what was written.
  const shown = parsed.source(path)?.trim() === '-' ? said.message.replace(/实际为 空值$/u, '实际为 “-”') : said.message;
  const message = present ? `${where} ${shown}` : `缺少必填字段 ${where}${said.expected ? `（${joinWords('应为', said.expected)}）` : ''}`;
  return [
    {
      severity: 'error',
      file,
      ...(typeof char === 'number' ? parsed.locateChar(path, char) : parsed.locate(path)),
      path,
      message,
      ...(said.hint ? { hint: said.hint } : {}),
      code: present ? 'data.invalid' : 'data.missing',
    },
  ];
}

/** `list`, leaving out the problems `skip` holds true for. */
function except(list: ProblemList, skip: (d: Diagnostic) => boolean): Pick<ProblemList, 'push' | 'pushAll'> {
  const pushAll = (ds: Iterable<Diagnostic>) => {
    for (const d of ds) if (!skip(d)) list.push(d);
    return list.length;
  };
  return { push: (...ds: Diagnostic[]) => pushAll(ds), pushAll };
}

/** The value written at `path` in the parsed data (undefined when there is none). */
function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let here = root;
  for (const part of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string | number, unknown>)[part];
  }
  return here;
}

/** Known keys next to an unknown one, for "did you mean" hints. */
function suggestKey(model: Model, key: string, parentPath: readonly (string | number)[]): string {
  const known = keysAt(model, parentPath);
  const best = known
    .map((k) => ({ k, d: editDistance(k, key) }))
    .sort((a, b) => a.d - b.d)[0];
  if (best && best.d <= Math.max(1, Math.floor(Math.max(best.k.length, key.length) / 2))) {
    return `是不是想写 ${best.k}？`;
  }
  return known.length > 0 ? `这里可以写的字段：${known.join('、')}` : '请删除这个字段';
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
