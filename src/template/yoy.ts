/**
 * The 同比 helpers: templates compare a figure with the previous year's, in official wording,
 * through the same engine as `report diff` (src/diff/compare.ts and wording.ts).
 *
 * A helper needs to know which metric it words (its unit, whether it is a rate), and Handlebars
 * passes values, not paths; so the metric is named by its path, as a string:
 *
 *     {{同比 "行政执法培训.期数"}}               同比增加1期 / 同比上升2个百分点 / 与上年持平
 *     {{同比 "执法满意度" 前缀="较上年"}}        较上年上升2个百分点
 *     {{同比幅度 "行政执法培训.人次"}}           同比增长8.6%（上年为 0 时改说 同比增加76人次）
 *     {{上年 "行政执法培训.期数"}}               3（上年的数，写法同 数量 / 百分比）
 *     {{#有上年}}，{{同比 "…"}}{{/有上年}}        有上年数据时才写出其中的文字（含标点）
 *
 * When there is no previous year's data: with `previous.missing: omit` the helpers write nothing
 * and 有上年 takes its {{else}} part; otherwise the CLI reports every use with the template's line
 * before rendering ({@link findYoyUses}), and a helper reached anyway stops with its line.
 */
import Handlebars from 'handlebars';
import type { ReportData } from '../data/schema.js';
import { findMetric, metricChange, metricValue } from '../diff/compare.js';
import { formatValue, wordAmount, wordRate } from '../diff/wording.js';
import { HelperError, type HelperOptions } from './helpers.js';
import type { HelperTable } from './render.js';

/** The helpers' names. */
export const YOY_HELPERS = ['同比', '同比幅度', '上年', '有上年'] as const;

/** What the helpers know about the previous year. */
export interface YoyContext {
  /** The previous year's validated data, or null when there is none (or it is not to be used). */
  readonly previous: ReportData | null;
  /** The previous year, for messages. */
  readonly previousYear: number;
  /** With no previous data: leave the phrases out (`omit`) or stop (`error`). */
  readonly missing: 'error' | 'omit';
}

interface HashOptions extends HelperOptions {
  readonly hash?: Readonly<Record<string, unknown>>;
}

function fail(options: HelperOptions | undefined, message: string): never {
  const start = options?.loc?.start;
  throw new HelperError(message, start?.line, start === undefined ? undefined : start.column + 1);
}

const EXAMPLE = '"行政执法培训.期数"';

/** The 同比 helpers for one year's data. */
export function yoyHelpers(current: ReportData, ctx: YoyContext): HelperTable {
  const metric = (name: string, key: unknown, options: HelperOptions | undefined) => {
    if (typeof key !== 'string') {
      fail(options, `助手 ${name} 需要指标的路径（带引号），如 {{${name} ${EXAMPLE}}}，实际收到 ${typeof key === 'object' ? '一个字段的值' : String(key)}`);
    }
    const def = findMetric(key);
    if (!def) fail(options, `助手 ${name} 不认识指标 "${key}"；可用的指标如 ${EXAMPLE}、"执法满意度"（见 src/data/schema.ts 的 METRICS）`);
    return def;
  };
  const previous = (name: string, options: HelperOptions | undefined): ReportData | null => {
    if (ctx.previous) return ctx.previous;
    if (ctx.missing === 'omit') return null;
    return fail(options, `助手 ${name} 要用上年（${ctx.previousYear} 年）的数据，但没有 ${ctx.previousYear} 年的数据文件`);
  };
  const prefix = (options: HashOptions | undefined) => {
    const p = options?.hash?.['前缀'];
    return typeof p === 'string' ? p : undefined;
  };
  const change = (fn: typeof wordAmount, name: string) => (key: unknown, options?: HashOptions) => {
    const def = metric(name, key, options);
    const prev = previous(name, options);
    if (!prev) return '';
    const p = prefix(options);
    return fn(metricChange(def, prev, current), p === undefined ? {} : { prefix: p });
  };
  return {
    同比: change(wordAmount, '同比'),
    同比幅度: change(wordRate, '同比幅度'),
    上年: (key: unknown, options?: HelperOptions) => {
      const def = metric('上年', key, options);
      const prev = previous('上年', options);
      const v = prev ? metricValue(prev, def) : null;
      return v ? formatValue(v, def.kind) : '';
    },
    有上年: function (this: unknown, options: HelperOptions) {
      const prev = previous('有上年', options);
      return prev ? (options.fn?.(this) ?? '') : (options.inverse?.(this) ?? '');
    },
  };
}

/** A place in the template where a 同比 helper is used. */
export interface HelperUse {
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

interface Node {
  readonly type: string;
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } };
  readonly path?: Node & { readonly original?: unknown };
  readonly params?: readonly Node[];
  readonly hash?: { readonly pairs: readonly { readonly value: Node }[] };
  readonly program?: { readonly body: readonly Node[] } | null;
  readonly inverse?: { readonly body: readonly Node[] } | null;
}

/**
 * Every use of the 同比 helpers in a template, in order (also inside branches that a given year's
 * data would not take). A template that does not parse has none; rendering reports its syntax.
 */
export function findYoyUses(templateText: string): HelperUse[] {
  let ast: { body: readonly Node[] };
  try {
    ast = Handlebars.parse(templateText) as unknown as { body: readonly Node[] };
  } catch {
    return [];
  }
  const names = new Set<string>(YOY_HELPERS);
  const uses: HelperUse[] = [];
  const visit = (n: Node | null | undefined): void => {
    if (!n) return;
    const name = n.path?.original;
    if (typeof name === 'string' && names.has(name) && n.loc && ['MustacheStatement', 'SubExpression', 'BlockStatement'].includes(n.type)) {
      uses.push({ name, line: n.loc.start.line, column: n.loc.start.column + 1 });
    }
    n.params?.forEach(visit);
    n.hash?.pairs.forEach((p) => visit(p.value));
    n.program?.body.forEach(visit);
    n.inverse?.body.forEach(visit);
  };
  ast.body.forEach(visit);
  return uses.sort((a, b) => a.line - b.line || a.column - b.column);
}
