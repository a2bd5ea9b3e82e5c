/**
 * Runs a Handlebars template over a year's data and returns markup. Handlebars runs in strict mode
 * (a field the data does not have is an error with the template's line, never "undefined" or an
 * empty string in a document), prototype access stays off, and HTML escaping is replaced by markup
 * escaping of the data itself (the output is not HTML).
 */
import Handlebars from 'handlebars';
import { fail, ok, type Diagnostic, type Result } from '../diagnostics.js';
import { FORMAT_HELPERS, HelperError } from './helpers.js';
import { escapeMarkup } from './markup.js';

/** A template's source and the file name to put in messages. */
export interface TemplateSource {
  readonly file: string;
  readonly text: string;
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

/** Renders `template` with `data` (already validated). */
export function renderTemplate(template: TemplateSource, data: unknown, helpers: HelperTable = {}): Result<string> {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries({ ...FORMAT_HELPERS, ...helpers })) {
    hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  }
  let compiled: Handlebars.TemplateDelegate;
  try {
    // Compilation is lazy in Handlebars: parse first so syntax errors are reported as such.
    hb.parse(template.text);
    compiled = hb.compile(template.text, { strict: true, noEscape: true, preventIndent: true });
  } catch (e) {
    return fail([syntaxDiagnostic(e, template.file)]);
  }
  try {
    const markup = compiled(escapeData(data), {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
    return ok(markup);
  } catch (e) {
    return fail([runtimeDiagnostic(e, template.file, Object.keys({ ...FORMAT_HELPERS, ...helpers }))]);
  }
}

function syntaxDiagnostic(e: unknown, file: string): Diagnostic {
  const message = e instanceof Error ? e.message : String(e);
  const m = /Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)/.exec(message);
  if (m) {
    return {
      severity: 'error',
      file,
      line: Number(m[1]),
      column: m[3]!.length + 1,
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
    message: `模板语法错误：${message.split('\n')[0]!.replace(/ - \d+:\d+$/, '')}`,
    code: 'template.syntax',
  };
}

function describeExpecting(text: string): string {
  const got = /got '([^']+)'/.exec(text)?.[1];
  if (got === 'EOF') return '模板在块结束之前就结束了';
  return got ? `这里不应出现 ${got}` : text;
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
