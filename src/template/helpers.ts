/**
 * Formatting helpers templates use to write figures the way Chinese official prose does:
 * `{{数量 x}}` → 20余, `{{百分比 x}}` → 95%以上, `{{顿号 list}}` → 甲、乙、丙, `{{序数 2}}` → 二.
 * Pure functions; they throw {@link HelperError} when a template hands them the wrong kind of value.
 */
import { chineseNumeral } from '../document/numbering.js';
import { formatChineseDate } from '../layout/gbt9704.js';
import { decimalPlaces, decimalText, PREFIX_QUALIFIERS, type Quantity } from '../data/values.js';

/** A template used a helper wrongly; carries the template position Handlebars gives helpers. */
export class HelperError extends Error {
  override readonly name = 'HelperError';
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

/** What Handlebars passes as the last argument of a helper. */
export interface HelperOptions {
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } };
  readonly name?: string;
  fn?: (ctx: unknown) => string;
  inverse?: (ctx: unknown) => string;
}

const isQuantity = (v: unknown): v is Quantity =>
  typeof v === 'object' && v !== null && typeof (v as Quantity).数值 === 'number';

function fail(options: HelperOptions | undefined, message: string): never {
  const start = options?.loc?.start;
  throw new HelperError(message, start?.line, start === undefined ? undefined : start.column + 1);
}

/** The numeric value of a count, percentage or plain number. */
export function valueOf(v: unknown, options?: HelperOptions, helper = ''): number {
  if (typeof v === 'number') return v;
  if (isQuantity(v)) return v.数值;
  return fail(options, `${helper ? `助手 ${helper} ` : ''}需要一个数值字段，实际收到 ${describe(v)}`);
}

function describe(v: unknown): string {
  if (v === undefined) return '一个数据里没有的字段（字段名可能写错了）';
  if (typeof v === 'string') return `文字 "${v}"`;
  if (Array.isArray(v)) return '一个列表';
  if (typeof v === 'object' && v !== null) return '一组字段';
  return String(v);
}

/**
 * Writes a number in Chinese official style: integers as they are, decimals as written, without
 * trailing zeros. Nothing written in the data is rounded away: validated figures carry at most their
 * declared decimal places (`小数位数`, at most 6), and sums of them are cleared only of binary
 * floating-point noise (0.1 + 0.2 → 0.3, 15 significant digits). Only a computed ratio with more
 * than 6 decimals (1/3) is rounded, to 2 places.
 */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const places = decimalPlaces(n);
  return places !== null && places <= 6 ? decimalText(n) : String(Number(n.toFixed(2)));
}

/** `{{数量 x}}`: a count with its qualifier, 20余, 近300, 76. */
export function quantity(v: unknown, options?: HelperOptions): string {
  if (typeof v === 'number') return formatNumber(v);
  if (!isQuantity(v)) return fail(options, `助手 数量 需要一个数量字段，实际收到 ${describe(v)}`);
  const n = formatNumber(v.数值);
  if (!v.修饰) return n;
  return PREFIX_QUALIFIERS.includes(v.修饰) ? `${v.修饰}${n}` : `${n}${v.修饰}`;
}

/** `{{百分比 x}}`: a percentage with its qualifier, 95%以上. */
export function percentage(v: unknown, options?: HelperOptions): string {
  if (typeof v === 'number') return `${formatNumber(v)}%`;
  if (!isQuantity(v)) return fail(options, `助手 百分比 需要一个百分数字段，实际收到 ${describe(v)}`);
  const n = `${formatNumber(v.数值)}%`;
  if (!v.修饰) return n;
  return PREFIX_QUALIFIERS.includes(v.修饰) ? `${v.修饰}${n}` : `${n}${v.修饰}`;
}

/** `{{顿号 list}}`: list items joined with the enumeration comma 、. */
export function enumerate(v: unknown, options?: HelperOptions): string {
  if (!Array.isArray(v)) return fail(options, `助手 顿号 需要一个列表字段，实际收到 ${describe(v)}`);
  return v.map(String).join('、');
}

/** `{{序数 n}}`: a Chinese numeral, for 一是、二是 …. */
export function ordinal(v: unknown, options?: HelperOptions): string {
  const n = valueOf(v, options, '序数');
  return chineseNumeral(n);
}

/** `{{日期 iso}}`: 2025-01-20 → 2025年1月20日 (GB/T 9704-2012 §7.3.5.4). */
export function chineseDate(v: unknown, options?: HelperOptions): string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return fail(options, `助手 日期 需要一个日期字段，实际收到 ${describe(v)}`);
  return formatChineseDate(v);
}

/**
 * `{{格 x}}`: the values of a list, or of a group of fields in their order, as table cells with
 * ` | ` between them, so a template fills a row of a table from data in one go:
 * `| 一、本年新收 | < | < | {{格 新收}} |`. Numbers and quantities are written as `数量` writes
 * them (20余), text as it is (already escaped, so it stays one cell).
 */
export function cells(v: unknown, options?: HelperOptions): string {
  const values = Array.isArray(v) ? v : typeof v === 'object' && v !== null && !isQuantity(v) ? Object.values(v) : null;
  if (values === null) return fail(options, `助手 格 需要一个列表或一组字段，实际收到 ${describe(v)}`);
  return values
    .map((x) => {
      if (typeof x === 'string') return x;
      if (typeof x === 'number' || isQuantity(x)) return quantity(x, options);
      return fail(options, `助手 格 只能写出数、数量和文字，其中有${describe(x)}`);
    })
    .join(' | ');
}

/** The helpers every template can use, by the names templates call them. */
export const FORMAT_HELPERS = {
  数量: quantity,
  百分比: percentage,
  顿号: enumerate,
  序数: ordinal,
  日期: chineseDate,
  格: cells,
  /** `{{加 a b}}`: a + b, e.g. to continue 一是、二是 numbering after fixed items. */
  加: (a: unknown, b: unknown, options?: HelperOptions) => valueOf(a, options, '加') + valueOf(b, options, '加'),
  /** `{{#if (相等 a b)}}`: whether two figures are equal. */
  相等: (a: unknown, b: unknown, options?: HelperOptions) => valueOf(a, options, '相等') === valueOf(b, options, '相等'),
} as const;
