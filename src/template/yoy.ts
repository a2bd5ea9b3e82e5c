/**
 * The 同比 helpers: templates compare a figure with the previous year's, in official wording,
 * through the same engine as `report diff` (src/diff/compare.ts and wording.ts).
 *
 * A helper needs to know which metric it words (its unit, whether it is a rate), and Handlebars
 * passes values, not paths; so the metric is named by its path, as a string:
 *
 *     {{同比 "培训.场次"}}                 同比增加1场 / 同比上升2个百分点 / 与上年持平
 *     {{同比 "满意率" 前缀="较上年"}}      较上年上升2个百分点
 *     {{同比幅度 "培训.人次"}}             同比增长8.6%（上年为 0 时改说 同比增加76人次）
 *     {{上年 "培训.场次"}}                 3（上年的数，写法同 数量 / 百分比）
 *
 * Which paths are figures, and their units, comes from the project's data model.
 *     {{#有上年}}，{{同比 "…"}}{{/有上年}}        有上年数据时才写出其中的文字（含标点）
 *
 * When there is no previous year's data: with `previous.missing: omit` the helpers write nothing
 * and 有上年 takes its {{else}} part; otherwise the CLI reports every use with the template's line
 * before rendering ({@link findYoyUses}), and a helper reached anyway stops with its line.
 */
import Handlebars from 'handlebars';
import type { ReportData } from '../data/model.js';
import { findMetric, metricChange, metricValue, type MetricDef } from '../diff/compare.js';
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
  /** The model's figures (paths, units, kinds): what the helpers can word. */
  readonly metrics: readonly MetricDef[];
  /** The model's file, for messages. */
  readonly modelFile: string;
}

interface HashOptions extends HelperOptions {
  readonly hash?: Readonly<Record<string, unknown>>;
}

function fail(options: HelperOptions | undefined, message: string): never {
  const start = options?.loc?.start;
  throw new HelperError(message, start?.line, start === undefined ? undefined : start.column + 1);
}

/** The 同比 helpers for one year's data. */
export function yoyHelpers(current: ReportData, ctx: YoyContext): HelperTable {
  const examples = ctx.metrics.slice(0, 2).map((m) => `"${m.path.join('.')}"`);
  const metric = (name: string, key: unknown, options: HelperOptions | undefined) => {
    if (typeof key !== 'string') {
      fail(options, `助手 ${name} 需要指标的路径（带引号），如 {{${name} ${examples[0] ?? '"组.字段"'}}}，实际收到 ${typeof key === 'object' ? '一个字段的值' : String(key)}`);
    }
    const def = findMetric(key, ctx.metrics);
    if (!def) {
      fail(
        options,
        examples.length > 0
          ? `助手 ${name} 不认识指标 "${key}"；可用的指标如 ${examples.join('、')}（见 ${ctx.modelFile} 里类型为 count、percent、workdays、amount 的字段）`
          : `助手 ${name} 不认识指标 "${key}"：${ctx.modelFile} 里没有可以比较的数（类型为 count、percent、workdays、amount 的字段）`,
      );
    }
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
      return v ? formatValue(v, def.kind, def.decimals) : '';
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
export function findYoyUses(template: string | { readonly ast: unknown }): HelperUse[] {
  let ast: { body: readonly Node[] };
  if (typeof template !== 'string') ast = template.ast as { body: readonly Node[] };
  else {
    try {
      ast = Handlebars.parse(template) as unknown as { body: readonly Node[] };
    } catch {
      return [];
    }
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
