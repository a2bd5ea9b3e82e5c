/**
 * The typed values a year's data is made of: counts (with an optional qualifier such as 余 or
 * 以上), percentages, durations in working days, dates, names and text. Each is a zod schema that
 * explains itself in plain Chinese when the value is wrong.
 */
import { z } from 'zod';

/** Qualifiers an approximate figure may carry: 20余次, 95%以上, 近300人. */
export const QUALIFIERS = ['余', '多', '以上', '以下', '近', '约'] as const;
/** One of {@link QUALIFIERS}. */
export type Qualifier = (typeof QUALIFIERS)[number];

/** Qualifiers written before the number (近300人, 约300人); the others follow it. */
export const PREFIX_QUALIFIERS: readonly Qualifier[] = ['近', '约'];

/** A number with an optional qualifier, as the templates receive it. */
export interface Quantity {
  readonly 数值: number;
  readonly 修饰?: Qualifier;
}

/** Describes a found value for messages: `"四"`, `4.5`, `空值`, `一个列表`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return '（缺失）';
  if (value === null) return '空值';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return '一个列表';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') return '一组字段';
  if (typeof value === 'number' && Number.isNaN(value)) return '不是一个数';
  if (value === Infinity) return '无穷大';
  if (value === -Infinity) return '负无穷大';
  if (typeof value === 'boolean') return value ? '是' : '否';
  return String(value);
}

/**
 * What a figure written as text most likely means, for the hint under "应为非负整数，实际为 …":
 * a thousands separator (`1,312`), an approximate figure (`6余`, `95%以上`, `近300`), a number with
 * its unit (`6期`, `95%`), or a number in another notation (`0x10`, `1e9`, `.inf`), which must be
 * written in decimal digits. `qualifier`: whether the field accepts `{数值: …, 修饰: …}`.
 * Returns null when the text is none of these.
 */
export function figureSlip(v: unknown, qualifier: boolean, fieldUnit?: string): { message?: string; hint?: string } | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (/^\d+(?:\.\d+)?$/.test(s)) return { hint: `数不加引号：写成 ${s}` };
  const chinese = chineseNumeralValue(s);
  if (chinese !== null) return { hint: `用阿拉伯数字写：写成 ${chinese}` };
  // Other notations than decimal digits (the YAML reader leaves them as text, see parse-yaml.ts).
  if (/^[-+]?(?:0x[0-9a-f]+|0o[0-7]+|0b[01]+|\.(?:inf|nan)|(?:\d+\.?\d*|\.\d+)e[-+]?\d+)$/i.test(s)) {
    const n = /^[-+]?0o/i.test(s) ? parseInt(s.replace(/0o/i, ''), 8) * (s.startsWith('-') ? -1 : 1) : /^[-+]?0b/i.test(s) ? parseInt(s.replace(/0b/i, ''), 2) : Number(s);
    const plain = Number.isFinite(n) && Math.abs(n) < 1e15 ? String(n) : null;
    return { message: `应写成十进制数字（如 16、95、3.5），实际为 ${s}`, ...(plain !== null && /^-?\d+(\.\d+)?$/.test(plain) ? { hint: `写成 ${plain}` } : {}) };
  }
  if (/^[-+]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$/.test(s)) return { hint: `去掉千分位逗号：写成 ${s.replace(/[,，]/g, '')}` };
  if (/^[-+]?\d{1,3}(?:[_ \u00a0\u3000]\d{3})+(?:\.\d+)?$/.test(s)) return { hint: `数字中间不要加空格或下划线：写成 ${s.replace(/[_ \u00a0\u3000]/g, '')}` };
  const approx = /^(近|约)?\s*(\d+(?:\.\d+)?)\s*[%％]?\s*(余|多|以上|以下)?[^\d\s]{0,4}$/u.exec(s);
  if (approx && (approx[1] || approx[3])) {
    const q = approx[1] ?? approx[3]!;
    return { hint: qualifier ? `约数写成 {数值: ${approx[2]}, 修饰: ${q}}` : `这个字段不能写约数：请写确切的数，如 ${approx[2]}` };
  }
  const unit = /^(\d+(?:\.\d+)?)\s*([%％]|[^\d\s.,]{1,4})$/u.exec(s);
  if (!unit) return null;
  const [, x, written] = unit as unknown as [string, string, string];
  if (/[%％]/.test(written)) return { hint: `不写百分号：写成 ${x}（95 表示 95%）` };
  if (/^[，。、；：,;]+$/u.test(written)) return { hint: `去掉数后面的“${written}”：写成 ${x}（{…} 里各项之间用半角逗号加空格分开）` };
  const to = fieldUnit === undefined ? undefined : MONEY_UNITS[fieldUnit];
  if (to !== undefined && written !== fieldUnit) {
    const from = MONEY_UNITS[written];
    if (from !== undefined) {
      const converted = String(Number(((Number(x) * from) / to).toPrecision(12)));
      return { hint: `这个字段的单位是${fieldUnit}：${s} 写成 ${converted}` };
    }
    return { hint: `只写数，不写单位：写成 ${x}（这个字段的单位是${fieldUnit}，${written}与它不同时先换算）` };
  }
  return { hint: `只写数，不写单位：写成 ${x}` };
}

/** Units of money and their size in 元, to convert a figure written in another unit than the field's. */
const MONEY_UNITS: Readonly<Record<string, number>> = { 元: 1, 千元: 1e3, 万元: 1e4, 十万元: 1e5, 百万元: 1e6, 千万元: 1e7, 亿元: 1e8 };

/**
 * The value of a whole number written in Chinese numerals (三十六 → 36, 一百零五 → 105, 两千 →
 * 2000, 二〇二四 → 2024), up to 九万九千九百九十九; null for anything else.
 */
export function chineseNumeralValue(text: string): number | null {
  const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };
  if (!/^[〇零一二三四五六七八九两十百千万]+$/u.test(text)) return null;
  // Digit by digit (二〇二四).
  if (!/[十百千万]/u.test(text)) return text.length > 1 || DIGITS[text] !== undefined ? Number([...text].map((c) => DIGITS[c]).join('')) : null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of text) {
    if (c in DIGITS) {
      digit = DIGITS[c]!;
      continue;
    }
    const u = UNITS[c]!;
    if (u === 10000) {
      total += (section + (digit ?? 0)) * u;
      section = 0;
    } else section += (digit ?? 1) * u;
    digit = null;
  }
  return total + section + (digit ?? 0);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

type Ctx = z.core.$RefinementCtx;

/**
 * Reports a problem with the value. `char` is the code point of an offending character, so the
 * message can point at the character itself rather than at the start of the text.
 */
function issue(ctx: Ctx, message: string, path: (string | number)[] = [], char?: number, hint?: string): typeof z.NEVER {
  const params = { ...(char !== undefined ? { char } : {}), ...(hint !== undefined ? { hint } : {}) };
  ctx.addIssue({ code: 'custom', message, path, input: undefined, ...(Object.keys(params).length > 0 ? { params } : {}) });
  return z.NEVER;
}

/** "应为…，实际为 …" for a figure, with the hint {@link figureSlip} finds for text. */
function wrongFigure(ctx: Ctx, what: string, v: unknown, path: (string | number)[], qualifier: boolean, unit?: string): void {
  const slip = figureSlip(v, qualifier, unit);
  issue(ctx, slip?.message ?? `应为${what}，实际为 ${describeValue(v)}`, path, undefined, slip?.hint);
}

function checkInteger(v: unknown, what: string, ctx: Ctx, path: (string | number)[] = [], qualifier = false, unit?: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    wrongFigure(ctx, what, v, path, qualifier, unit);
    return 0;
  }
  return v;
}

/** Limits a declared figure may carry (the project's data model, `minimum` / `maximum`). */
export interface NumberLimits {
  /** Whether `{数值: 20, 修饰: 余}` (an approximate figure) is allowed. */
  readonly qualifier?: boolean;
  /** The field's unit (万元, 次), for hints about a figure written with a unit. */
  readonly unit?: string;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** Checks a number against declared limits; the number itself when it is within them. */
function withinLimits(n: number, limits: NumberLimits, ctx: Ctx, path: (string | number)[]): number {
  if (limits.minimum !== undefined && n < limits.minimum) issue(ctx, `应不小于 ${limits.minimum}，实际为 ${n}`, path);
  else if (limits.maximum !== undefined && n > limits.maximum) issue(ctx, `应不大于 ${limits.maximum}，实际为 ${n}`, path);
  return n;
}

/**
 * A number as a clerk would write it: the shortest decimal that reads back as `x` once binary
 * floating-point noise is cleared (15 significant digits: 0.1 + 0.2 → "0.3", 99.999 → "99.999").
 * Very large or small numbers come out in exponent form ("1e+21"), as JavaScript writes them.
 */
export function decimalText(x: number): string {
  return String(Number(x.toPrecision(15)));
}

/** How many decimal places {@link decimalText} writes for `x` (12.5 → 1, 3 → 0); null in exponent form. */
export function decimalPlaces(x: number): number | null {
  const text = decimalText(x);
  if (/e/i.test(text)) return null;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Whether `x` has at most `decimals` decimal places as written (`12.5` has 1; `0.1 + 0.2` counts as
 * 0.3): the shortest decimal that reads back as `x`, so 99.999 has 3, never rounded away.
 */
export function hasAtMostDecimals(x: number, decimals: number): boolean {
  const places = decimalPlaces(x);
  if (places === null) return Math.abs(x * 10 ** decimals - Math.round(x * 10 ** decimals)) <= 1e-6;
  return places <= decimals;
}

/** The figure written as a map where the model does not allow an approximate one. */
function noQualifier(ctx: Ctx, what: string): Quantity {
  issue(ctx, `应为${what}，实际写成了约数（这个字段不能写约数 {数值: …, 修饰: …}，请只写确切的数）`);
  return { 数值: 0 };
}

/**
 * A count of things (期, 人次, 件): a non-negative integer, or `{数值: 20, 修饰: 余}` for an
 * approximate figure when `limits.qualifier` allows it (the default, for code that builds its own
 * schema).
 */
export const count = (limits: NumberLimits = { qualifier: true }) =>
  z.unknown().transform((v, ctx): Quantity => {
    const check = (x: unknown, p: (string | number)[] = []) => {
      const n = checkInteger(x, '非负整数', ctx, p, limits.qualifier !== false && p.length === 0, limits.unit);
      return n === x ? withinLimits(n, limits, ctx, p) : n;
    };
    if (isPlainObject(v)) return limits.qualifier === false ? noQualifier(ctx, '非负整数') : qualified(v, ctx, '非负整数', check);
    return { 数值: check(v) };
  });

/**
 * A percentage from 0 to 100 (95 means 95%), optionally `{数值: 95, 修饰: 以上}`, with at most
 * `limits.decimals` decimal places (default 2): a figure with more is refused rather than rounded,
 * so the document never states a number the clerk did not write.
 */
export const percent = (limits: NumberLimits & { readonly decimals?: number } = { qualifier: true }) =>
  z.unknown().transform((v, ctx): Quantity => {
    const decimals = limits.decimals ?? 2;
    const check = (x: unknown, path: (string | number)[] = []): number => {
      if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 100) {
        wrongFigure(ctx, ' 0 到 100 之间的百分数（95 表示 95%）', x, path, limits.qualifier !== false && path.length === 0);
        return 0;
      }
      if (!hasAtMostDecimals(x, decimals)) {
        issue(ctx, `最多 ${decimals} 位小数，实际为 ${x}（要写更多位，在数据模型里给这个字段加 小数位数）`, path);
        return 0;
      }
      return withinLimits(x, limits, ctx, path);
    };
    if (isPlainObject(v)) return limits.qualifier === false ? noQualifier(ctx, '百分数') : qualified(v, ctx, '百分数', check);
    return { 数值: check(v) };
  });

/** A duration in working days (工作日): a non-negative integer. */
export const workdays = (limits: NumberLimits = {}) =>
  z.unknown().transform((v, ctx): number => {
    const n = checkInteger(v, '非负整数（工作日数）', ctx);
    return n === v ? withinLimits(n, limits, ctx, []) : n;
  });

/**
 * An amount with decimals (万元, 元): a number with at most `decimals` decimal places, not below 0
 * unless the model says otherwise, optionally approximate (`{数值: 12.5, 修饰: 约}`).
 */
export const amount = (limits: NumberLimits & { readonly decimals: number }) =>
  z.unknown().transform((v, ctx): Quantity => {
    const what = limits.decimals > 0 ? `数（最多 ${limits.decimals} 位小数）` : '整数';
    const min = limits.minimum ?? 0;
    const check = (x: unknown, path: (string | number)[] = []): number => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        wrongFigure(ctx, what, x, path, limits.qualifier !== false && path.length === 0, limits.unit);
        return 0;
      }
      if (!hasAtMostDecimals(x, limits.decimals)) {
        issue(ctx, `最多 ${limits.decimals} 位小数，实际为 ${x}`, path);
        return 0;
      }
      return withinLimits(x, { ...limits, minimum: min }, ctx, path);
    };
    if (isPlainObject(v)) return limits.qualifier === false ? noQualifier(ctx, what) : qualified(v, ctx, what, check);
    return { 数值: check(v) };
  });

function qualified(
  v: Record<string, unknown>,
  ctx: Ctx,
  what: string,
  check: (x: unknown, path: (string | number)[]) => number,
): Quantity {
  const known = new Set(['数值', '修饰']);
  for (const key of Object.keys(v)) {
    if (!known.has(key)) issue(ctx, `是未知字段，这里只能写 数值 和 修饰`, [key]);
  }
  if (!('数值' in v)) {
    issue(ctx, `缺少 数值（应为${what}）`);
    return { 数值: 0 };
  }
  const value = check(v['数值'], ['数值']);
  const q = v['修饰'];
  if (q === undefined || q === null) return { 数值: value };
  if (typeof q !== 'string' || !(QUALIFIERS as readonly string[]).includes(q)) {
    issue(ctx, `应为 ${QUALIFIERS.join('、')} 之一，实际为 ${describeValue(q)}`, ['修饰']);
    return { 数值: value };
  }
  return { 数值: value, 修饰: q as Qualifier };
}

/** Characters that cannot go into DOCX XML or a PDF text string (C0/C1 controls, bidi overrides). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff\u202a-\u202e\u2066-\u2069]/u;
/** Names of the control characters people meet most (pasted from Word, web pages, terminals). */
const CONTROL_NAMES: Readonly<Record<number, string>> = {
  0x00: '空字符',
  0x07: '响铃符',
  0x08: '退格符',
  0x0b: '垂直制表符，Word 的手动换行',
  0x0c: '换页符，Word 的分页符',
  0x1b: '转义符',
  0x7f: '删除符',
  0x202a: '从左到右嵌入符',
  0x202b: '从右到左嵌入符',
  0x202c: '方向格式结束符',
  0x202d: '从左到右强制符',
  0x202e: '从右到左强制符，会让文字倒着显示',
  0xfffe: '非字符',
  0xffff: '非字符',
};
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;

/** The first character of `text` that cannot go into a document: where it is, its code point and name. */
export function forbiddenChar(text: string): { index: number; codePoint: number; code: string; name: string } | null {
  const bad = FORBIDDEN.exec(text) ?? LONE_SURROGATE.exec(text);
  if (!bad) return null;
  const codePoint = bad[0].codePointAt(0)!;
  return {
    index: bad.index,
    codePoint,
    code: `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`,
    name: CONTROL_NAMES[codePoint] ?? '不可见字符',
  };
}

const ANY_FORBIDDEN = new RegExp(`${FORBIDDEN.source}|${LONE_SURROGATE.source}`, 'gu');

/** Every character of `text` that cannot go into a document, in order (as {@link forbiddenChar}); one pass over the text. */
export function* forbiddenChars(text: string): Generator<{ index: number; codePoint: number; code: string; name: string }> {
  const re = new RegExp(ANY_FORBIDDEN);
  for (let bad = re.exec(text); bad; bad = re.exec(text)) {
    const codePoint = bad[0].codePointAt(0)!;
    yield { index: bad.index, codePoint, code: `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`, name: CONTROL_NAMES[codePoint] ?? '不可见字符' };
  }
}

function checkText(v: unknown, ctx: Ctx, opts: { multiline: boolean; max: number; what: string }): string {
  if (typeof v === 'number' && opts.what === '文字') return String(v);
  if (typeof v !== 'string') return issue(ctx, `应为${opts.what}，实际为 ${describeValue(v)}`), '';
  const text = v.trim();
  if (text === '') return issue(ctx, `不能为空`), '';
  const bad = forbiddenChar(text);
  if (bad) {
    const nth = [...text.slice(0, bad.index)].length + 1;
    return issue(ctx, `含有不能写入文档的控制字符 ${bad.code}（${bad.name}，文字的第 ${nth} 个字）`, [], bad.codePoint), '';
  }
  const brk = opts.multiline ? null : /[\r\n\t]/.exec(text);
  if (brk) {
    return issue(ctx, `应为一行文字，不能${brk[0] === '\t' ? '含制表符' : '换行'}`, [], brk[0].codePointAt(0)), '';
  }
  if ([...text].length > opts.max) return issue(ctx, `太长：最多 ${opts.max} 个字，实际 ${[...text].length} 个`), '';
  return text;
}

/** A short one-line name or phrase (机关名称, 姓名, 标题). */
export const line = (max = 60, choices?: readonly string[]) =>
  z.unknown().transform((v, ctx) => {
    const text = checkText(v, ctx, { multiline: false, max, what: '一行文字' });
    if (choices && text !== '' && !choices.includes(text)) issue(ctx, `应为 ${choices.join('、')} 之一，实际为 ${describeValue(text)}`);
    return text;
  });

/** A paragraph of text. Line breaks inside it are joined (Chinese text has no spaces between lines). */
export const paragraph = (max = 2000) =>
  z.unknown().transform((v, ctx) => {
    const text = checkText(v, ctx, { multiline: true, max, what: '一段文字' });
    // A blank line inside means two paragraphs; joining them would run the second into the first.
    if (/\n[ \t\u3000]*\n/.test(text.trim())) {
      return issue(ctx, '一段文字里有空行：这个字段只能写一段，空行后面的文字会接在前一段末尾', [], undefined, '去掉空行；要写成几段，把它们写成列表的几项（每项一段），或拆成几个字段'), '';
    }
    // Chinese has no spaces between words: lines are joined directly, and spaces that YAML's
    // folded style (>) puts between two Chinese characters are dropped too.
    return text
      .replace(/\s*\n\s*/g, '')
      .replace(/(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \u3000]+(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/gu, '');
  });

/** A calendar date written `2025-01-20`; dates that do not exist (2025-02-30) are refused. */
export const isoDate = () =>
  z.unknown().transform((v, ctx): string => {
    let s: string | undefined;
    if (v instanceof Date && !Number.isNaN(v.getTime())) s = v.toISOString().slice(0, 10);
    else if (typeof v === 'string') s = v.trim();
    const m = s === undefined ? null : /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
    if (!m) return issue(ctx, `应为日期，写成 2025-01-20 的形式，实际为 ${describeValue(v)}`), '';
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
      return issue(ctx, `日期不存在：${y}年${mo}月${d}日`), '';
    }
    return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  });

/** A four-digit year. */
export const year = (limits: NumberLimits = {}) =>
  z.unknown().transform((v, ctx): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1949 || v > 2999) {
      const slip = figureSlip(v, false);
      return issue(ctx, slip?.message ?? `应为四位数年份（如 2024），实际为 ${describeValue(v)}`, [], undefined, slip?.hint), 0;
    }
    return withinLimits(v, limits, ctx, []);
  });

/** The words a yes/no field accepts besides YAML's true and false. */
export const YES_NO: Readonly<Record<string, boolean>> = { 是: true, 否: false };

/** A yes/no setting of a configuration (report.yaml): true/false, or 是/否, as in the data. */
export const yesNo = () => z.preprocess((v) => (typeof v === 'string' && Object.hasOwn(YES_NO, v.trim()) ? YES_NO[v.trim()] : v), z.boolean());

/** Yes or no: 是 or 否 (or true / false). */
export const flag = () =>
  z.unknown().transform((v, ctx): boolean => {
    if (typeof v === 'string' && Object.hasOwn(YES_NO, v.trim())) return YES_NO[v.trim()]!;
    if (typeof v !== 'boolean') return issue(ctx, `应为 是 或 否（也可以写 true 或 false），实际为 ${describeValue(typeof v === 'string' ? v.trim() : v)}`), false;
    return v;
  });

/** A list of items; an absent list is empty. */
export const list = <T extends z.ZodType>(item: T, what = '列表', limits: { readonly minItems?: number; readonly maxItems?: number } = {}) =>
  z.unknown().transform((v, ctx) => {
    if (v === undefined || v === null) v = [];
    if (!Array.isArray(v)) return issue(ctx, `应为${what}（每项一行，以“- ”开头），实际为 ${describeValue(v)}`), [];
    if (limits.minItems !== undefined && v.length < limits.minItems) issue(ctx, `至少要有 ${limits.minItems} 项，实际 ${v.length} 项`);
    else if (limits.maxItems !== undefined && v.length > limits.maxItems) issue(ctx, `最多 ${limits.maxItems} 项，实际 ${v.length} 项`);
    return v as unknown[];
  }).pipe(z.array(item));

/**
 * A field the model marks as not required (`required: false`): absent or empty (`~`) it is null,
 * so templates can test it with {{#if}}; otherwise `inner` checks it.
 */
export const optional = (inner: z.ZodType) =>
  z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null) return null;
      const r = inner.safeParse(v);
      if (r.success) return r.data;
      for (const i of r.error.issues) ctx.addIssue({ ...(i as z.core.$ZodIssue), input: undefined } as never);
      return z.NEVER;
    });
