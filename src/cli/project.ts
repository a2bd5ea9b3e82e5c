/**
 * The project on disk: its config (`report.yaml`), its data files and its template. This module
 * and its siblings under `cli/` are the only code that reads files; everything they read is handed
 * to the pure stages as text.
 */
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { formatPath, ProblemList, type Diagnostic, type Result } from '../diagnostics.js';
import { editDistance } from '../data/validate.js';
import { MODEL_FILE, readDeclaration } from '../data/declaration.js';
import { makeModel, type FieldDecl, type Model, type RuleDecl } from '../data/model.js';
import { lazyLocate, parseYaml, type Position } from '../data/parse-yaml.js';
import { describeValue, yesNo } from '../data/values.js';
import { issueText, joinWords } from '../data/issues.js';
import type { FontRole } from '../layout/gbt9704.js';
import { gongwenSchema } from '../gongwen/schema.js';
import { parseTemplate, type CompiledStore, type ParsedTemplate } from '../template/render.js';
import { findYoyUses, type HelperUse } from '../template/yoy.js';
import { NO_COMPILE_CACHE, type CompileCache } from './compile-cache.js';
import { UserError } from './errors.js';
import { entryAt, fileProblem, LIMITS, readInput, type FileKind } from './files.js';

/** The config file's name, looked for in the working folder and its parents. */
export const CONFIG_FILE = 'report.yaml';

/** Files larger than this are refused before parsing (a data file is a few kilobytes). */
export const MAX_INPUT_BYTES = LIMITS.text;

/** Output formats, in the order they are written. */
export const FORMATS = ['docx', 'pdf', 'txt'] as const;
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

/**
 * The zod schema of report.yaml, built the first time it is needed (a config from the compile
 * cache is not checked again).
 */
function configSchema(): ReturnType<typeof makeConfigSchema> {
  return (configSchemaMade ??= makeConfigSchema());
}

let configSchemaMade: ReturnType<typeof makeConfigSchema> | undefined;

function makeConfigSchema() {
  const fontFile = z.strictObject({ file: z.string().min(1), face: z.string().min(1).optional() });

  return z.strictObject({
    /** The data declaration: every field of a year's data, its type, label, unit, limits; the rules. */
    model: z.string().min(1).default(MODEL_FILE),
    /** 发文机关: when given, each year's 署名 must be the same. */
    issuer: z.string().min(1).optional(),
    template: z.string().min(1).default('templates/annual-report.hbs'),
    data: z.string().min(1).default('data'),
    out: z.string().min(1).default('out'),
    formats: z.array(z.enum(FORMATS)).min(1).default([...FORMATS]),
    fonts: z.partialRecord(z.enum(['title', 'body', 'heading1', 'heading2', 'pageNumber']), fontFile).default({}),
    previous: z
      .strictObject({
        /** What a template's 同比 helpers do when the previous year's data is missing. */
        missing: z.enum(['error', 'omit']).default('error'),
        /** false: never use the previous year, the 同比 phrases are left out (reproduces a report without them). */
        enabled: yesNo().default(true),
      })
      .default({ missing: 'error', enabled: true }),
    /** The 公文 parts (版头, 主送机关, 附件, 版记): see gongwen/schema.ts. */
    公文: gongwenSchema().optional(),
  });
}

/** The project's configuration with defaults filled in. */
export type Config = z.output<ReturnType<typeof makeConfigSchema>>;

/**
 * A project, loaded once: its config, its data model compiled, its template parsed, and the years
 * that have a data file. Every stage reads this one value.
 */
export interface Project {
  readonly root: string;
  readonly config: Config;
  /** Where the config came from (for messages), or null when defaults are used. */
  readonly configFile: string | null;
  /** The position of a config field in report.yaml (1:1 without a config file). */
  locate(path: readonly (string | number)[]): { line: number; column: number };
  /** The data model (its file relative to the root in `model.file`). */
  readonly model: Model;
  /** The template, parsed (or the problems reading or parsing it, reported with each year's). */
  readonly template: Result<ParsedTemplate>;
  /** Where the template uses the 同比 helpers (none when it does not parse). */
  readonly yoyUses: readonly HelperUse[];
  /** The years that have a data file, ascending, and each one's file (absolute path). */
  readonly years: readonly number[];
  readonly dataFiles: ReadonlyMap<number, string>;
}

/** Font files configured per role. */
export type ConfiguredFonts = Partial<Record<FontRole, { file: string; face?: string }>>;

export { UserError } from './errors.js';

/** The usage error for a folder that is not in a project (no report.yaml in it or above it). */
export function noProject(folder: string): UserError {
  return new UserError(
    [
      {
        severity: 'error',
        message: `这里没有 report 项目：${folder} 和它的上层文件夹里都没有 ${CONFIG_FILE}`,
        hint: '新建一个项目：report init（写在当前文件夹）或 report init 文件夹名；已有的项目用 -C 文件夹 指定',
        code: 'usage.no-project',
      },
    ],
    2,
  );
}

/** Finds the project root from `start` (the folder holding report.yaml, or `start` itself). */
export function findProjectRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (entryAt(path.join(dir, CONFIG_FILE)) !== 'missing') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/**
 * Loads the project at `root`: config, data model, template, the years on disk. A broken config or
 * data model is a {@link UserError} (exit 1), raised before any data is read; template problems
 * are kept and reported with each year's.
 */
export function loadProject(root: string, cache: CompileCache = NO_COMPILE_CACHE): Project {
  const { config, configFile, locate } = loadConfig(root, cache);
  const model = loadModel(root, config, locate, cache);
  let template: Result<ParsedTemplate>;
  try {
    const abs = path.resolve(root, config.template);
    template = loadTemplate(abs, relative(root, abs), readText(abs, root, 'template'), cache);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    template = { ok: false, diagnostics: e.diagnostics };
  }
  const dataFiles = listDataFiles(root, config);
  return {
    root,
    config,
    configFile,
    locate,
    model,
    template,
    yoyUses: template.ok ? findYoyUses(template.value) : [],
    years: [...dataFiles.keys()],
    dataFiles,
  };
}

/**
 * Parses the template, or takes its tree from the compile cache (stored from the same text); the
 * parsed template keeps its compiled code in the cache too (render.ts: CompiledStore).
 */
function loadTemplate(abs: string, file: string, text: string, cache: CompileCache): Result<ParsedTemplate> {
  const key = `${file}\0${text}`;
  const compiled: CompiledStore = {
    get: (names) => cache.get(`template-code:${abs}:${names}`, key) as ReturnType<CompiledStore['get']>,
    set: (names, value) => cache.set(`template-code:${abs}:${names}`, key, value),
  };
  const stored = cache.get(`template:${abs}`, key) as { ast: ParsedTemplate['ast']; warnings: Diagnostic[] } | undefined;
  if (stored) return { ok: true, value: { file, text, ast: stored.ast, compiled }, warnings: stored.warnings };
  const parsed = parseTemplate({ file, text });
  if (!parsed.ok) return parsed;
  // Handlebars' tree has members set to undefined (no hash, no inverse …); its readers only test them.
  cache.set(`template:${abs}`, key, { ast: parsed.value.ast, warnings: parsed.warnings }, { dropUndefined: true });
  return { ok: true, value: { ...parsed.value, compiled }, warnings: parsed.warnings };
}

/** Reads and compiles the data model named by the config; its problems at their own file:line:column. */
function loadModel(root: string, config: Config, locate: (p: readonly (string | number)[]) => Position, cache: CompileCache = NO_COMPILE_CACHE): Model {
  const abs = path.resolve(root, config.model);
  const rel = relative(root, abs);
  // Only a file that is not there is "not found": a name too long, a folder in the way or a link
  // loop is worded by the one mapping of operating-system errors, when it is read below.
  if (notThere(abs)) {
    throw new UserError([
      {
        severity: 'error',
        file: rel,
        message: `找不到数据模型 ${rel}：它规定年度数据里每个字段的类型、名称、单位和规则`,
        hint:
          config.model === MODEL_FILE
            ? '用 report init 新建的项目都有 model.yaml；写法见 docs/declaration.md'
            : `检查 report.yaml 的 model（${CONFIG_FILE}:${locate(['model']).line}）是否写对`,
        code: 'model.missing',
      },
    ]);
  }
  const text = readText(abs, root, 'model');
  // The declared fields and rules are plain data; only the zod schema is built again from them.
  const key = `${rel}\0${text}`;
  const stored = cache.get(`model:${abs}`, key) as { fields: FieldDecl[]; rules: RuleDecl[]; title?: string } | undefined;
  if (stored) return makeModel(rel, stored.fields, stored.rules, stored.title);
  const result = readDeclaration(text, rel);
  if (!result.ok) throw new UserError(result.diagnostics);
  const { fields, rules, title } = result.value;
  cache.set(`model:${abs}`, key, { fields, rules, ...(title !== undefined ? { title } : {}) });
  return result.value;
}

/**
 * The data model of the project holding `file` (found upwards from its folder, else from `cwd`: git
 * hands textconv the old version as a temporary file, and runs it in the repository), or null when
 * there is no project or its config or model has problems (for `report text`, which must print
 * something for any file).
 */
export function modelFor(file: string, cwd: string): Model | null {
  let root = findProjectRoot(path.dirname(file));
  if (entryAt(path.join(root, CONFIG_FILE)) === 'missing') root = findProjectRoot(cwd);
  if (entryAt(path.join(root, CONFIG_FILE)) === 'missing') return null;
  try {
    const { config, locate } = loadConfig(root);
    return loadModel(root, config, locate);
  } catch (e) {
    if (e instanceof UserError) return null;
    throw e;
  }
}

/** The data files in the config's data folder, by year (`2024.yaml`, or `2024.yml`), ascending. */
function listDataFiles(root: string, config: Config): Map<number, string> {
  const dir = path.join(root, config.data);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch (e) {
    // No data folder: no data files (each year asked for is then named as missing). A folder that
    // cannot be listed says why.
    if (errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR') return new Map();
    throw fileProblem(e, { file: dir, display: relative(root, dir), kind: 'data-folder' });
  }
  const found = new Map<number, string>();
  for (const n of [...names].sort((a, b) => (a.endsWith('.yaml') ? -1 : 0) - (b.endsWith('.yaml') ? -1 : 0))) {
    const y = /^(\d{4})\.ya?ml$/.exec(n)?.[1];
    if (y && !found.has(Number(y))) found.set(Number(y), path.join(dir, n));
  }
  return new Map([...found].sort((a, b) => a[0] - b[0]));
}

/**
 * Reads report.yaml; a broken config is a {@link UserError} (exit 1), a folder without one a usage
 * error (exit 2) that suggests `report init`.
 */
export function loadConfig(root: string, cache: CompileCache = NO_COMPILE_CACHE): Pick<Project, 'config' | 'configFile' | 'locate'> {
  const file = path.join(root, CONFIG_FILE);
  if (entryAt(file) === 'missing') throw noProject(root);
  const text = readText(file, root, 'config');
  const stored = cache.get(`config:${file}`, text) as Config | undefined;
  if (stored) {
    // Checked by an earlier run: report.yaml is parsed again only if a position in it is asked for.
    return { config: stored, configFile: CONFIG_FILE, locate: lazyLocate(text, CONFIG_FILE) };
  }
  const parsed = parseYaml(text, CONFIG_FILE);
  if (!parsed.ok) throw new UserError(parsed.diagnostics);
  const raw = parsed.parsed.value ?? {};
  const result = configSchema().safeParse(raw);
  if (!result.success) {
    // One problem per unknown key, capped like every list of problems (20 listed, the rest counted).
    const problems = new ProblemList();
    for (const i of result.error.issues) {
      const p = i.path.filter((x): x is string | number => typeof x !== 'symbol');
      if (i.code === 'unrecognized_keys') {
        const known = configKeysAt(p);
        for (const key of i.keys) {
          const near = nearest(key, known);
          const retired = p.length === 0 && key === 'kind';
          const hint = retired
            ? 'kind 已不再使用：报告有哪些字段由数据模型（model.yaml）规定，种类只在 report init --kind 时选择。删去这一行即可'
            : near
              ? `是不是想写 ${near}？`
              : known.length > 0
                ? `这里可以写的配置项：${known.join('、')}`
                : undefined;
          problems.push({
            severity: 'error',
            file: CONFIG_FILE,
            ...parsed.parsed.locate([...p, key], { key: true }),
            path: p,
            message: `未知的配置项 ${key}`,
            ...(hint ? { hint } : {}),
            code: 'config.unknown-key',
          });
        }
        continue;
      }
      const pos = parsed.parsed.locate(p);
      const where = formatPath(p) || '（根）';
      const message = `配置项 ${where} 不对：${configMessage(i, raw, p)}`;
      problems.push({ severity: 'error', file: CONFIG_FILE, ...pos, path: p, message, code: 'config.invalid' });
    }
    throw new UserError(problems.list());
  }
  cache.set(`config:${file}`, text, result.data);
  return { config: result.data, configFile: CONFIG_FILE, locate: (p) => parsed.parsed.locate(p) };
}

/** The config keys allowed at `path` (top level, previous, fonts and a font). */
function configKeysAt(path: readonly (string | number)[]): string[] {
  let schema: unknown = configSchema();
  for (const part of path) {
    let s = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown; valueType?: unknown; keyType?: { options?: string[] } } };
    while (s.def?.innerType) s = s.def.innerType as typeof s; // .default(), .optional()
    schema = s.shape?.[part] ?? s.def?.valueType;
    if (!schema) return [];
  }
  let s = schema as { shape?: Record<string, unknown>; def?: { innerType?: unknown; keyType?: { options?: string[] } } };
  while (s.def?.innerType) s = s.def.innerType as typeof s;
  return s.shape ? Object.keys(s.shape) : (s.def?.keyType?.options ?? []);
}

function nearest(key: string, known: readonly string[]): string | undefined {
  const best = known.map((k) => ({ k, d: editDistance(k, key) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= Math.max(1, Math.floor(Math.max(best.k.length, key.length) / 2)) ? best.k : undefined;
}

function configMessage(issue: z.core.$ZodIssue, raw: unknown, p: readonly (string | number)[]): string {
  let found: unknown = raw;
  for (const k of p) found = (found as Record<string | number, unknown> | undefined)?.[k];
  if (issue.code === 'invalid_value') return `应为 ${issue.values.join('、')} 之一，实际为 ${describeValue(found)}`;
  if (issue.code === 'invalid_type') return `${joinWords('应为', issue.expected === 'string' ? '文字' : issue.expected === 'array' ? '列表' : (issueText(issue, found, null, null).expected ?? '别的写法'))}，实际为 ${describeValue(found)}`;
  return issueText(issue, found, null, null).message;
}

/**
 * Reads a text file as UTF-8 through the one reading rule (files.ts: a regular file, at most
 * {@link MAX_INPUT_BYTES}); binary or non-UTF-8 files are refused with a clear message.
 */
export function readText(file: string, root: string, kind: FileKind = 'data'): string {
  const rel = relative(root, file);
  const bytes = readInput({ file, display: rel, kind });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = bytes.subarray(0, at);
    const line = before.filter((b) => b === 0x0a).length + 1;
    // Columns count characters, as everywhere else (the line up to here is valid UTF-8).
    const lineStart = before.lastIndexOf(0x0a) + 1;
    const column = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes.subarray(lineStart, at)).length + 1;
    let end = at + 1;
    while (end < Math.min(at + 4, bytes.length) && bytes[end]! >= 0x80) end++;
    const shown = [...bytes.subarray(at, end)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
    throw new UserError([
      {
        severity: 'error',
        file: rel,
        line,
        column,
        message: `文件不是 UTF-8 编码（这里的字节 ${shown} 不是 UTF-8 文字）`,
        hint: '文件可能是用 GBK（记事本的“ANSI”）保存的：请在编辑器里用“UTF-8”编码另存（WPS/记事本：另存为 → 编码选 UTF-8）',
        code: 'input.encoding',
      },
    ]);
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

/** The data file of `year` (absolute), or a usage error listing the years that exist. */
export function dataFile(project: Project, year: number): string {
  const dir = path.join(project.root, project.config.data);
  const found = project.dataFiles.get(year);
  if (found) return found;
  const years = project.years;
  throw new UserError(
    [
      {
        severity: 'error',
        file: relative(project.root, path.join(dir, `${year}.yaml`)),
        message: `没有 ${year} 年的数据文件`,
        hint:
          years.length > 0
            ? `现有的年份：${years.join('、')}。新的一年可以复制上一年的文件改写：cp ${project.config.data}/${years.at(-1)}.yaml ${project.config.data}/${year}.yaml`
            : `在 ${project.config.data}/ 下新建 ${year}.yaml`,
        code: 'usage.no-data',
      },
    ],
    2,
  );
}

/** Years that have a data file, ascending (listed once, when the project loads). */
export function availableYears(project: Project): number[] {
  return [...project.years];
}

/** A path relative to the project root, with forward slashes, for messages. */
export function relative(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel.startsWith('..') ? file : rel).split(path.sep).join('/');
}

/** Human file size: 812 B, 12.3 KB, 1.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The errno code of a file-system error, for messages. */
/** Whether nothing is at `file` (ENOENT), as opposed to something that cannot be examined. */
function notThere(file: string): boolean {
  try {
    lstatSync(file);
    return false;
  } catch (e) {
    return errCode(e) === 'ENOENT';
  }
}

export function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? String(e);
}
