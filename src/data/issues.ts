/**
 * Plain Chinese for every kind of problem the schema checker (zod) can report. Our own value types
 * (values.ts) word their problems themselves (`custom` issues); the checker's built-in issues — a
 * group written as one line of text, a list item that is not a 标题/内容 pair, a choice that is not
 * one of the allowed ones — are worded here from the declaration of the field, so a clerk reads
 * what the field should look like and an example to copy, never the checker's English
 * ("Invalid input: expected object, received string").
 */
import type { z } from 'zod';
import type { FieldDecl } from './model.js';
import { describeValue } from './values.js';

/** A problem as the clerk reads it, without the field's path (the caller puts it in front). */
export interface IssueText {
  /** What is expected and what was found: `应写成含 全称、简称 的一组字段，实际为 "青山县"`. */
  readonly message: string;
  /** What to type instead (may span lines, each continuation indented by four spaces). */
  readonly hint?: string;
  /** What is expected, alone (for "缺少必填字段 …（应为…）"). */
  readonly expected?: string;
}

/** `word` followed by `x`, with a space between when `x` starts with a digit or a letter (应为 0 到 100…). */
export const joinWords = (word: string, x: string) => (/^[\dA-Za-z{]/.test(x) ? `${word} ${x}` : `${word}${x}`);

/** How many sub-fields an example shows before "……". */
const EXAMPLE_FIELDS = 6;

/** What a field of this declaration is, in words: `含 全称、简称 的一组字段`. */
export function shapeOf(field: FieldDecl): string {
  switch (field.type) {
    case 'group': {
      const names = field.fields.map((f) => f.name);
      const shown = names.slice(0, EXAMPLE_FIELDS).join('、') + (names.length > EXAMPLE_FIELDS ? ' 等' : '');
      return `含 ${shown} 的一组字段`;
    }
    case 'titled':
      return '含 标题、内容 的一项';
    case 'list':
      return `列表（每项一行，以“- ”开头）`;
    case 'count':
    case 'workdays':
      return '非负整数';
    case 'percent':
      return '0 到 100 之间的百分数';
    case 'amount':
      return '数';
    case 'date':
      return '日期（如 2025-01-20）';
    case 'year':
      return '四位数年份';
    case 'line':
      return '一行文字';
    case 'paragraph':
      return '一段文字';
    case 'boolean':
      return '“是”或“否”';
  }
}

/**
 * An example of the field as it is written in the data file (lines, without indentation of its
 * own): `单位:` / `  全称: …`; for a list item `- 标题: …` / `  内容: …`. `name` is the field's key
 * (null for a list item); `text`, when the clerk wrote one line of text, is reused as the first
 * sub-field's value, so the example is what they meant.
 */
function exampleOf(field: FieldDecl, name: string | null, text?: string): string[] {
  const value = (f: FieldDecl) => (f.type === 'count' || f.type === 'workdays' ? '4' : f.type === 'percent' ? '95' : f.type === 'amount' ? '12.5' : '…');
  if (field.type === 'titled') {
    const lines = [`标题: ${text ?? '…'}`, `内容: …`];
    return name === null ? [`- ${lines[0]}`, `  ${lines[1]}`] : [`${name}:`, `  - ${lines[0]}`, `    ${lines[1]}`];
  }
  if (field.type === 'group') {
    // A row of figures (a table's row): 0 in every cell, so that a copied example adds nothing untrue.
    const row = field.fields.every((f) => f.type === 'count' || f.type === 'workdays' || f.type === 'amount');
    const subs = field.fields.slice(0, EXAMPLE_FIELDS).map((f, i) => `${f.name}: ${i === 0 && text !== undefined && (f.type === 'line' || f.type === 'paragraph') ? text : row ? '0' : value(f)}`);
    if (field.fields.length > EXAMPLE_FIELDS) subs.push('……');
    return name === null ? [`- ${subs[0]}`, ...subs.slice(1).map((l) => `  ${l}`)] : [`${name}:`, ...subs.map((l) => `  ${l}`)];
  }
  if (field.type === 'list') {
    const item = exampleOf(field.items, null, text);
    return item.length > 1 || field.items.type === 'group' || field.items.type === 'titled' ? [`${name ?? ''}:`, ...item.map((l) => `  ${l}`)] : [`${name ?? ''}:`, `  - ${text ?? '…'}`, '  - …'];
  }
  return [];
}

/** Hint lines joined for printing under `提示:` (continuations indented by four spaces). */
const hintLines = (lead: string, lines: readonly string[]) => (lines.length === 0 ? undefined : `${lead}\n${lines.map((l) => `    ${l}`).join('\n')}`);

/** The checker's name of a type, in words. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: '一组字段',
  array: '列表',
  string: '文字',
  number: '数',
  int: '整数',
  boolean: '“是”或“否”',
  date: '日期',
  null: '空值',
  undefined: '空值',
  bigint: '整数',
  symbol: '文字',
  map: '一组字段',
  set: '列表',
  record: '一组字段',
  tuple: '列表',
  nan: '数',
  literal: '规定的值',
  enum: '规定的值之一',
};

/**
 * Words a checker issue. `field` is the declaration at the issue's path (null when the path is not
 * a declared field, e.g. the root); `found` the value written there; `key` the last part of the
 * path (the field's name in examples; null for list items).
 */
export function issueText(issue: z.core.$ZodIssue, found: unknown, field: FieldDecl | null, key: string | null): IssueText {
  const got = `实际为 ${describeValue(found)}`;
  switch (issue.code) {
    case 'custom': {
      const hint = (issue as { params?: { hint?: unknown } }).params?.hint;
      // Our own value types speak Chinese; anything else is worded by what the field is.
      if (/[\u4e00-\u9fff]/.test(issue.message)) {
        return { message: issue.message, ...(typeof hint === 'string' ? { hint } : {}), expected: issue.message.replace(/，实际为.*$/s, '').replace(/^应为/, '') };
      }
      return field ? { message: `${joinWords('应为', shapeOf(field))}，${got}`, expected: shapeOf(field) } : { message: `写法不对，${got}` };
    }
    case 'invalid_type': {
      const expected = field ? shapeOf(field) : (TYPE_WORDS[issue.expected] ?? '别的写法');
      const text = typeof found === 'string' ? found.trim() : undefined;
      const example = field ? exampleOf(field, key, text && [...text].length <= 40 && !text.includes('\n') ? text : undefined) : [];
      const wrote = found === null || found === undefined ? '是空的：应写成' : '应写成';
      const message = found === null || found === undefined ? joinWords(wrote, expected) : `${joinWords(wrote, expected)}，${got}`;
      const hint = hintLines('写成：', example);
      return { message, ...(hint ? { hint } : {}), expected };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v)).join('、');
      return { message: `应为 ${values} 之一，${got}`, expected: `${values} 之一` };
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const unit = issue.origin === 'array' || issue.origin === 'set' ? '项' : issue.origin === 'string' ? '个字' : '';
      const bound = unit ? `${small ? '至少' : '最多'} ${n} ${unit}` : `${small ? '不小于' : '不大于'} ${n}`;
      return { message: `应${unit ? '有' : ''}${bound}，${got}`, expected: bound };
    }
    case 'invalid_format':
      return { message: `格式不对，${got}`, expected: field ? shapeOf(field) : '规定的格式' };
    case 'not_multiple_of':
      return { message: `应为 ${String(issue.divisor)} 的倍数，${got}`, expected: `${String(issue.divisor)} 的倍数` };
    case 'unrecognized_keys':
      return { message: `有不认识的字段 ${issue.keys.join('、')}` };
    case 'invalid_key':
      return { message: `有一个字段名写法不对，${got}` };
    case 'invalid_element':
      return { message: `有一项写法不对，${got}` };
    case 'invalid_union':
      return { message: field ? `${joinWords('应为', shapeOf(field))}，${got}` : `写法不对，${got}`, ...(field ? { expected: shapeOf(field) } : {}) };
    default:
      return { message: field ? `${joinWords('应为', shapeOf(field))}，${got}` : `写法不对，${got}` };
  }
}
