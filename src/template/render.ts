/**
 * Runs a Handlebars template over a year's data and returns markup. A field the data does not
 * have is an error with the template's line, never "undefined" or an empty string in a document;
 * so is writing out a value that is not text or a number (a group, a list, a yes/no, a quantity
 * without its helper), which would otherwise print as "[object Object]" or "false". Prototype
 * access stays off, and HTML escaping is replaced by markup escaping of the data itself (the
 * output is not HTML).
 *
 * The template's syntax tree is checked before it runs (unknown helpers, partials) and each
 * `{{output}}` and each field handed to a helper or block is wrapped in a checking helper that
 * knows its position, so one run reports every problem, each at its line and column.
 */
import Handlebars from 'handlebars';
import { fail, ok, ProblemList, type Diagnostic, type Result } from '../diagnostics.js';
import { editDistance } from '../data/validate.js';
import { forbiddenChars } from '../data/values.js';
import { FORMAT_HELPERS, HelperError, type HelperOptions } from './helpers.js';
import { escapeMarkup } from './markup.js';
import { templateSlips } from './slips.js';

/** A template's source and the file name to put in messages. */
export interface TemplateSource {
  readonly file: string;
  readonly text: string;
}

/** A template parsed once (when the project loads), rendered for each year from a copy of its syntax tree. */
export interface ParsedTemplate extends TemplateSource {
  readonly ast: hbs.AST.Program;
  /**
   * Where the template's compiled code is kept between runs (the CLI's compile cache), by the set
   * of helper names it was checked against; none: compiled in each process.
   */
  readonly compiled?: CompiledStore;
}

/**
 * A store of a template's compiled code: for a set of helper names (joined by NUL), the problems
 * the checks found (none) and the code Handlebars' precompiler wrote for the checked tree.
 */
export interface CompiledStore {
  get(names: string): { readonly problems: readonly Diagnostic[]; readonly source: string } | undefined;
  set(names: string, compiled: { readonly problems: readonly Diagnostic[]; readonly source: string }): void;
}

/**
 * Parses a template: control characters in its own text and syntax errors come back as problems at
 * their line and column.
 */
export function parseTemplate(template: TemplateSource): Result<ParsedTemplate> {
  const control = controlCharacters(template);
  if (control.length > 0) return fail(control);
  // Brace and block slips, named at their place (the parser's own report is the fallback).
  const slips = templateSlips(template.text).map((s): Diagnostic => ({ severity: s.severity, file: template.file, line: s.line, column: s.column, message: s.message, ...(s.hint ? { hint: s.hint } : {}), code: s.code }));
  const errors = slips.filter((s) => s.severity === 'error');
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parseWithoutProcessing(template.text);
  } catch (e) {
    return fail(errors.length > 0 ? errors : [syntaxDiagnostic(e, template.file, template.text)]);
  }
  if (errors.length > 0) return fail(errors);
  return ok({ ...template, ast }, slips);
}

/** Extra helpers a caller adds (e.g. the 同比 helpers, which need the previous year). */
export type HelperTable = Readonly<Record<string, (...args: never[]) => unknown>>;

/** Deep-copies data with every string escaped for the markup reader. */
export function escapeData(value: unknown): unknown {
  if (typeof value === 'string') return escapeMarkup(value);
  if (Array.isArray(value)) return value.map(escapeData);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = escapeData(v);
    return out;
  }
  return value;
}

/** The checking helpers the template is rewritten to call (names no template would use). */
const OUTPUT = '\u0000输出';
const FIELD = '\u0000字段';
const SECTION = '\u0000段';

type Node = hbs.AST.Node;
type Expr = hbs.AST.Expression;
type Loc = hbs.AST.SourceLocation;

/** Renders `template` (its text, or parsed by {@link parseTemplate}) with `data` (already validated). */
export function renderTemplate(template: TemplateSource | ParsedTemplate, data: unknown, helpers: HelperTable = {}): Result<string> {
  const hb = Handlebars.create();
  const table: Record<string, (...args: never[]) => unknown> = { ...FORMAT_HELPERS, ...helpers };
  const names = Object.keys(table);
  // Capped (the first 20 listed, the rest counted); the same message at the same place (a field
  // missing inside {{#each}} over 16,000 items) is one problem, told apart with a hash set.
  const problems = new ProblemList();
  const seen = new Set<string>();
  const add = (d: Omit<Diagnostic, 'severity' | 'file'>) => {
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ severity: 'error', file: template.file, ...d });
  };

  // The checked and rewritten tree, compiled once per parsed template and set of helper names.
  const key = names.join('\u0000');
  let checked = 'ast' in template ? compiledTemplates.get(template.ast)?.get(key) : undefined;
  if (!checked) {
    // Compiled by an earlier run from the same text (the CLI's compile cache): no checks to redo.
    const stored = 'ast' in template ? template.compiled?.get(key) : undefined;
    let spec: TemplateSpecification | undefined;
    try {
      if (stored && stored.problems.length === 0) spec = specFrom(stored.source);
    } catch {
      // Not code this program wrote (a damaged cache): compiled afresh below.
    }
    if (spec) {
      checked = { problems: [], spec };
    } else {
      let ast: hbs.AST.Program;
      if ('ast' in template) {
        // The checks below rewrite the tree in place: the parsed template keeps its own.
        ast = structuredClone(template.ast);
      } else {
        const parsed = parseTemplate(template);
        if (!parsed.ok) return parsed;
        ast = parsed.value.ast;
      }
      checked = { problems: rewrite(ast, new Set([...names, ...BUILT_IN]), template.file), ast };
    }
    if ('ast' in template) {
      let byNames = compiledTemplates.get(template.ast);
      if (!byNames) compiledTemplates.set(template.ast, (byNames = new Map()));
      byNames.set(key, checked);
    }
  }
  if (checked.problems.length > 0) return fail([...checked.problems]);

  // A helper's own complaint (wrong kind of value) is noted and rendering goes on, so that one
  // run finds every problem; the markup is not used when there is any. A helper handed a field
  // the data does not have says nothing more: the missing field is the problem, reported once.
  const handedMissing = new Set<string>();
  for (const [name, fn] of Object.entries(table)) {
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      try {
        return (fn as (...a: unknown[]) => unknown).apply(this, args);
      } catch (e) {
        if (!(e instanceof HelperError)) throw e;
        const s = (args.at(-1) as HelperOptions | undefined)?.loc?.start;
        if (!s || !handedMissing.has(`${s.line}:${s.column}`)) {
          add({ ...(e.line !== undefined ? { line: e.line, column: e.column } : {}), message: e.message, code: 'template.helper' });
        }
        return '';
      }
    } as Handlebars.HelperDelegate);
  }
  hb.registerHelper(FIELD, function (this: unknown, value: unknown, options: CheckOptions & { hash: { in?: string } }) {
    if (value === undefined) {
      add(missingField(options, this));
      if (options.hash.in) handedMissing.add(options.hash.in);
    }
    return value;
  });
  hb.registerHelper(SECTION, function (this: unknown, value: unknown, options: Handlebars.HelperOptions) {
    if (Array.isArray(value)) return (hb.helpers['each'] as Handlebars.HelperDelegate).call(this, value, options);
    if (value === true) return options.fn(this);
    if (value === false || value === undefined || value === null) return options.inverse(this);
    return options.fn(value);
  });
  hb.registerHelper(OUTPUT, function (this: unknown, value: unknown, options: CheckOptions) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (value instanceof hb.SafeString) return value.toString();
    add(value === undefined ? missingField(options, this) : notWritable(value, options));
    return '';
  });

  let markup: string;
  try {
    // Not Handlebars' strict mode: every lookup goes through the checking helpers above, which
    // name the missing field (strict mode throws at the first one, or on a.b with a missing).
    if (!checked.spec) {
      const source = specSource(checked.ast!);
      checked.spec = specFrom(source);
      if ('ast' in template) template.compiled?.set(key, { problems: checked.problems, source });
    }
    const compiled = hb.template(checked.spec);
    markup = compiled(escapeData(data), {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
  } catch (e) {
    if (e instanceof RangeError) return fail([{ severity: 'error', file: template.file, message: '模板嵌套的层次太深', code: 'template.too-deep' }]);
    problems.push(runtimeDiagnostic(e, template.file, names));
    return fail(problems.list());
  }
  return problems.length > 0 ? fail(problems.list()) : ok(markup);
}

/**
 * A template's tree after {@link rewrite} for one set of helper names, the problems found, and its
 * compiled code once it has compiled (Handlebars' template specification: plain functions that
 * run with any Handlebars environment, so every year's rendering reuses them with its own helpers).
 */
interface CheckedTemplate {
  readonly problems: Diagnostic[];
  /** The rewritten tree (none when the compiled code came from the compile cache). */
  readonly ast?: hbs.AST.Program;
  spec?: TemplateSpecification;
}

/** Handlebars' compiled template, as its precompiler writes it (an object of functions). */
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** Per parsed template (by its tree), per set of helper names. */
const compiledTemplates = new WeakMap<hbs.AST.Program, Map<string, CheckedTemplate>>();

/** The code of a checked tree as `hb.compile` would compile it (no HTML escaping, no partial indenting). */
function specSource(ast: hbs.AST.Program): string {
  return Handlebars.precompile(ast, { noEscape: true, preventIndent: true }) as unknown as string;
}

/** The template specification that code stands for, as Handlebars' own compiler makes it from its code. */
function specFrom(source: string): TemplateSpecification {
  return new Function(`return ${source};`)() as TemplateSpecification;
}

/** Handlebars' own block helpers, always available. */
const BUILT_IN = ['if', 'unless', 'each', 'with', 'lookup', 'log', 'blockHelperMissing', 'helperMissing'];

interface CheckOptions extends HelperOptions {
  readonly hash: { readonly name?: string; readonly helper?: string };
}

const startOf = (options: HelperOptions): { line?: number; column?: number } => {
  const s = options.loc?.start;
  return s ? { line: s.line, column: s.column + 1 } : {};
};

/** "a field the data does not have", with the nearest field that exists when one is close. */
function missingField(options: CheckOptions, context: unknown): Omit<Diagnostic, 'severity' | 'file'> {
  const { name, helper } = options.hash;
  if (name === undefined) {
    return {
      ...startOf(options),
      message: `助手 ${helper ?? ''} 在这里没有得到值（字段名可能写错了）`.replace('助手  ', '助手 '),
      code: 'template.missing-field',
    };
  }
  return {
    ...startOf(options),
    message: `模板用到了数据里没有的字段 ${name}`,
    hint: suggestField(name, context) ?? '检查字段名是否写错（应与数据文件里的字段名一字不差），或在数据文件里补上这个字段',
    code: 'template.missing-field',
  };
}

/** For `a.b.c` relative to the current context: the nearest existing key where the path breaks off. */
function suggestField(name: string, context: unknown): string | undefined {
  if (!/^[^@./][^/]*$/.test(name) || name.startsWith('this.')) return undefined;
  const parts = name.split('.');
  let here: unknown = context;
  for (let i = 0; i < parts.length; i++) {
    if (here === null || typeof here !== 'object' || Array.isArray(here)) {
      return `${parts.slice(0, i).join('.')} 是${describe(here)}，下面没有字段 ${parts[i]}`;
    }
    const keys = Object.keys(here);
    if (!keys.includes(parts[i]!)) {
      const prefix = parts.slice(0, i).join('.');
      const best = keys.map((k) => ({ k, d: editDistance(k, parts[i]!) })).sort((a, b) => a.d - b.d)[0];
      if (best && best.d <= Math.max(1, Math.floor(Math.max(best.k.length, parts[i]!.length) / 2))) {
        return `是不是想写 ${prefix ? `${prefix}.` : ''}${best.k}？`;
      }
      return keys.length > 0 ? `${prefix ? `${prefix} 下` : '这里'}可以用的字段：${keys.join('、')}` : undefined;
    }
    here = (here as Record<string, unknown>)[parts[i]!];
  }
  return undefined;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return '文字';
  if (typeof v === 'number') return '数';
  if (typeof v === 'boolean') return '是/否（true/false）';
  if (Array.isArray(v)) return '一个列表';
  return '空值';
}

/** Writing out a value that is not text: what it is and how to write it. */
function notWritable(value: unknown, options: CheckOptions): Omit<Diagnostic, 'severity' | 'file'> {
  const { name, helper } = options.hash;
  const what = name ?? (helper ? `助手 ${helper} 的结果` : '这个值');
  const field = name ?? '字段';
  let message: string;
  let hint: string | undefined;
  if (typeof value === 'boolean') {
    message = `${what} 是 是/否（${value}），不能直接写进文档`;
    hint = `用 {{#if ${field}}}……{{else}}……{{/if}} 按是否写出不同的文字`;
  } else if (Array.isArray(value)) {
    message = `${what} 是一个列表，不能直接写进文档`;
    hint = `用 {{#each ${field}}}……{{/each}} 逐项写出，或用 {{顿号 ${field}}} 以顿号连接`;
  } else if (value !== null && typeof value === 'object' && '数值' in value) {
    message = `${what} 是一个数量，不能直接写进文档`;
    hint = `写成 {{数量 ${field}}}（百分数写成 {{百分比 ${field}}}），带上“余”“以上”等修饰`;
  } else if (value !== null && typeof value === 'object') {
    const first = Object.keys(value)[0];
    message = `${what} 是一组字段，不能直接写进文档`;
    hint = first ? `写出其中的字段，如 {{${field}.${first}}}` : undefined;
  } else {
    message = `${what} 是${value === null ? '空值' : ` ${String(value)}`}，不能写进文档`;
  }
  return { ...startOf(options), message, ...(hint ? { hint } : {}), code: 'template.not-text' };
}

/**
 * Checks the syntax tree and rewrites it in place: every `{{output}}` goes through {@link OUTPUT}
 * and every field handed to a helper or block through {@link FIELD}. Returns the problems that
 * can be told without running the template (unknown helpers, partials, decorators).
 */
function rewrite(program: hbs.AST.Program, helpers: ReadonlySet<string>, file: string): Diagnostic[] {
  const problems = new ProblemList();
  const at = (loc: Loc | undefined) => (loc ? { line: loc.start.line, column: loc.start.column + 1 } : {});
  const checkHelper = (path: Expr, hasArgs: boolean) => {
    if (path.type !== 'PathExpression') return;
    const p = path as hbs.AST.PathExpression;
    if (!hasArgs || p.data || p.depth > 0 || p.parts.length !== 1 || helpers.has(p.original)) return;
    problems.push({
      severity: 'error',
      file,
      ...at(p.loc),
      message: `模板用到了不存在的助手 ${p.original}`,
      hint: suggestHelper(p.original, helpers),
      code: 'template.unknown-helper',
    });
  };
  const pathName = (p: hbs.AST.PathExpression) => p.original;
  const str = (value: string, loc: Loc): hbs.AST.StringLiteral => ({ type: 'StringLiteral', value, original: value, loc });
  const call = (helper: string, params: Expr[], pairs: [string, string][], loc: Loc): hbs.AST.SubExpression =>
    ({
      type: 'SubExpression',
      path: { type: 'PathExpression', data: false, depth: 0, parts: [helper], original: helper, loc } as hbs.AST.PathExpression,
      params,
      hash: { type: 'Hash', pairs: pairs.map(([key, value]) => ({ type: 'HashPair', key, value: str(value, loc), loc })), loc },
      loc,
    }) as hbs.AST.SubExpression;
  const arg = (e: Expr, owner: Loc): Expr => {
    if (e.type === 'PathExpression') {
      return call(FIELD, [e], [['name', pathName(e as hbs.AST.PathExpression)], ['in', `${owner.start.line}:${owner.start.column}`]], e.loc);
    }
    if (e.type === 'SubExpression') {
      args(e as hbs.AST.SubExpression);
      checkHelper((e as hbs.AST.SubExpression).path, true);
    }
    return e;
  };
  const args = (n: { params: Expr[]; hash?: hbs.AST.Hash; loc: Loc }) => {
    n.params = n.params.map((e) => arg(e, n.loc));
    for (const pair of n.hash?.pairs ?? []) pair.value = arg(pair.value, n.loc);
  };
  const visit = (p: hbs.AST.Program | undefined) => {
    if (!p) return;
    for (const node of p.body as Node[]) {
      switch (node.type) {
        case 'MustacheStatement': {
          const m = node as hbs.AST.MustacheStatement;
          // {{"名字"}} and {{4}} look a field up by that name, as Handlebars does.
          if (m.path.type !== 'PathExpression' && m.path.type !== 'SubExpression') {
            const literal = m.path as hbs.AST.StringLiteral;
            const name = String(literal.original);
            m.path = { type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc: literal.loc } as hbs.AST.PathExpression;
          }
          const hasArgs = m.params.length > 0 || !!m.hash;
          const path = m.path as hbs.AST.PathExpression;
          const isHelper = hasArgs || (path.type === 'PathExpression' && !path.data && path.depth === 0 && path.parts.length === 1 && helpers.has(path.original));
          if (isHelper) {
            checkHelper(m.path, true);
            args(m);
            const helper = path.type === 'PathExpression' ? path.original : '';
            const inner = { type: 'SubExpression', path: m.path, params: m.params, hash: m.hash, loc: m.loc } as hbs.AST.SubExpression;
            m.params = [inner];
            m.hash = call(OUTPUT, [], [['helper', helper]], m.loc).hash;
          } else if (path.type === 'PathExpression') {
            m.params = [path];
            m.hash = call(OUTPUT, [], [['name', pathName(path)]], m.loc).hash;
          } else {
            break;
          }
          m.path = call(OUTPUT, [], [], m.loc).path;
          break;
        }
        case 'BlockStatement': {
          const b = node as hbs.AST.BlockStatement;
          const path = b.path as hbs.AST.PathExpression;
          const hasArgs = b.params.length > 0 || !!b.hash;
          checkHelper(b.path, hasArgs);
          if (!hasArgs && path.type === 'PathExpression' && !helpers.has(path.original)) {
            // {{#field}}…{{/field}}: the field is checked like any other, then Handlebars' own
            // section rules apply (a list repeats the block, false or empty skips it).
            b.params = [path];
            b.path = { ...path, data: false, depth: 0, parts: [SECTION], original: SECTION };
          }
          args(b);
          visit(b.program);
          visit(b.inverse);
          break;
        }
        case 'PartialStatement':
        case 'PartialBlockStatement':
          problems.push({
            severity: 'error',
            file,
            ...at(node.loc),
            message: '模板不能引用局部模板（{{> …}}）',
            hint: '把要引用的内容直接写进这个模板',
            code: 'template.partial',
          });
          break;
        case 'DecoratorBlock':
        case 'Decorator':
          problems.push({ severity: 'error', file, ...at(node.loc), message: '模板不能使用装饰器（{{* …}}）', code: 'template.decorator' });
          break;
        default:
          break;
      }
    }
  };
  visit(program);
  return problems.list();
}

/** Characters in the template's own text that cannot go into a document, each at its position. */
function controlCharacters(template: TemplateSource): Diagnostic[] {
  const out = new ProblemList();
  template.text.split('\n').forEach((line, i) => {
    for (const bad of forbiddenChars(line)) {
      out.push({
        severity: 'error',
        file: template.file,
        line: i + 1,
        column: bad.index + 1,
        message: `模板里有不能写入文档的控制字符 ${bad.code}（${bad.name}）`,
        hint: '删去这个字符（它通常是从别处粘贴进来的，看不见）',
        code: 'template.control-character',
      });
    }
  });
  return out.list();
}

function suggestHelper(name: string, helpers: ReadonlySet<string>): string {
  const own = [...helpers].filter((h) => !BUILT_IN.includes(h));
  const best = own.map((k) => ({ k, d: editDistance(k, name) })).sort((a, b) => a.d - b.d)[0];
  if (best && best.d <= Math.max(1, Math.floor(Math.max(best.k.length, name.length) / 2))) return `是不是想写 ${best.k}？`;
  return `可用的助手：${own.join('、')}`;
}

function syntaxDiagnostic(e: unknown, file: string, text: string): Diagnostic {
  const message = e instanceof Error ? e.message : String(e);
  const m = /Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)/.exec(message);
  if (m) {
    // The parser shows at most 20 characters before the place ("..." in front): find them in the line.
    let column = m[3]!.length + 1;
    const excerpt = m[2]!;
    if (excerpt.startsWith('...')) {
      const before = excerpt.slice(3, m[3]!.length);
      const lineText = text.split('\n')[Number(m[1]) - 1] ?? '';
      const at = lineText.indexOf(before + excerpt.slice(m[3]!.length, m[3]!.length + 5));
      if (at >= 0) column = at + before.length + 1;
    }
    return {
      severity: 'error',
      file,
      line: Number(m[1]),
      column,
      message: `模板语法错误：${describeExpecting(m[4]!)}`,
      hint: '检查 {{ }} 是否成对，{{#each}}/{{#if}} 是否都有对应的 {{/each}}/{{/if}}',
      code: 'template.syntax',
    };
  }
  const loc = locationOf(e);
  return {
    severity: 'error',
    file,
    ...loc,
    message: /[\u4e00-\u9fff]/.test(message) ? `模板语法错误：${message.split('\n')[0]!.replace(/ - \d+:\d+$/, '')}` : '模板语法错误：这里的写法不对',
    code: 'template.syntax',
  };
}

/** The parser's token names, as what a clerk sees written there. */
const TOKEN_WORDS: Readonly<Record<string, string>> = {
  INVALID: '这个字符',
  CLOSE: '}}',
  CLOSE_UNESCAPED: '}}}',
  OPEN: '{{',
  OPEN_BLOCK: '{{#',
  OPEN_ENDBLOCK: '{{/',
  OPEN_INVERSE: '{{^',
  INVERSE: '{{else}}',
  OPEN_PARTIAL: '{{>',
  ID: '字段名或助手名',
  STRING: '带引号的文字',
  NUMBER: '数',
  BOOLEAN: 'true 或 false',
  EQUALS: '=',
  SEP: '点',
  OPEN_SEXPR: '(',
  CLOSE_SEXPR: ')',
  CONTENT: '文字',
  DATA: '@',
};

function describeExpecting(text: string): string {
  const got = /got '([^']+)'/.exec(text)?.[1];
  if (got === 'EOF') return '模板在块结束之前就结束了';
  return got ? `这里不应出现 ${TOKEN_WORDS[got] ?? '这样的写法'}` : '这里的写法不对';
}

function runtimeDiagnostic(e: unknown, file: string, helperNames: readonly string[]): Diagnostic {
  if (e instanceof HelperError) {
    return {
      severity: 'error',
      file,
      ...(e.line !== undefined ? { line: e.line, column: e.column } : {}),
      message: e.message,
      code: 'template.helper',
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  const loc = locationOf(e);
  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing) {
    return {
      severity: 'error',
      file,
      ...loc,
      message: `模板用到了数据里没有的字段或助手 ${missing[1]}`,
      hint: `检查名字是否写错，或在数据文件里补上这个字段；可用的助手：${helperNames.join('、')}`,
      code: 'template.missing-field',
    };
  }
  const helper = /^Missing helper: "([^"]+)"/.exec(message);
  if (helper) {
    return {
      severity: 'error',
      file,
      ...loc,
      message: `模板用到了不存在的助手 ${helper[1]}`,
      hint: `可用的助手：${helperNames.join('、')}`,
      code: 'template.unknown-helper',
    };
  }
  if (/access denied/i.test(message)) {
    return { severity: 'error', file, ...loc, message: `模板不能访问对象的内部属性`, code: 'template.proto-access' };
  }
  return { severity: 'error', file, ...loc, message: `模板运行出错：${message.split('\n')[0]}`, code: 'template.runtime' };
}

function locationOf(e: unknown): { line?: number; column?: number } {
  const err = e as { lineNumber?: number; column?: number; message?: string };
  if (typeof err.lineNumber === 'number') return { line: err.lineNumber, column: (err.column ?? 0) + 1 };
  const m = / - (\d+):(\d+)$/.exec(err.message?.split('\n')[0] ?? '');
  return m ? { line: Number(m[1]), column: Number(m[2]) + 1 } : {};
}
