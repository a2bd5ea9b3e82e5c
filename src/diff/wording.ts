/**
 * How a change is said in official prose (the 同比 helpers) and shown in tables (`report diff`).
 *
 * Wording, by the metric's kind:
 *
 * | change               | count / workdays (amount)  | count (rate)        | percent (rates)           |
 * |----------------------|----------------------------|---------------------|---------------------------|
 * | up                   | 同比增加1期                | 同比增长33.3%       | 同比上升2个百分点         |
 * | down                 | 同比减少2条                | 同比下降10%         | 同比下降1.5个百分点       |
 * | none                 | 与上年持平                 | 与上年持平          | 与上年持平                |
 * | previous value was 0 | 同比增加3份                | 同比增加3份 (no %)  | 同比上升3个百分点         |
 *
 * Rounding: percentages and percentage points are rounded to one decimal place, half away from
 * zero, and written without a trailing zero (33.33… → 33.3, 12.5 → 12.5, 25.0 → 25, 0.25 → 0.3).
 * Counts are whole numbers and written as they are. A change that rounds to 0 but is not 0 is
 * 基本持平. When either year's figure is approximate (a qualifier: 20余, 95%以上), the change is
 * too: 约 goes before the number (同比增加约10次) and no change is 与上年基本持平.
 * The 同比 in front can be replaced (前缀="较上年" → 较上年上升2个百分点).
 */
import { PREFIX_QUALIFIERS } from '../data/values.js';
import type { MetricChange, MetricKind, MetricValue } from './compare.js';

/** Rounds to one decimal place, half away from zero (0.25 → 0.3, −0.25 → −0.3). */
export function round1(x: number): number {
  const r = Math.round(Math.abs(x) * 10 + 1e-9) / 10;
  return x < 0 && r !== 0 ? -r : r;
}

/** Rounds to `places` decimal places, half away from zero, written without trailing zeros. */
export function roundTo(x: number, places: number): string {
  if (places === 1) return decimal(x);
  const f = 10 ** places;
  const r = Math.round(Math.abs(x) * f + 1e-9) / f;
  return String(x < 0 && r !== 0 ? -r : r);
}

/** A number as official prose writes it: at most one decimal place, no trailing zero. */
export function decimal(x: number): string {
  return String(round1(x));
}

/** A figure as written in the report: 20余, 近300, 95%以上 (the unit itself is not added). */
export function formatValue(v: MetricValue, kind: MetricKind, decimals = 1): string {
  const n = `${Number.isInteger(v.value) ? v.value : roundTo(v.value, decimals)}${kind === 'percent' ? '%' : ''}`;
  if (!v.qualifier) return n;
  return PREFIX_QUALIFIERS.includes(v.qualifier) ? `${v.qualifier}${n}` : `${n}${v.qualifier}`;
}

/** Options of the wording. */
export interface WordingOptions {
  /** The words before the change, 同比 by default (较上年, 比上年 …). */
  readonly prefix?: string;
}

function level(c: MetricChange): string {
  return c.approximate || c.change !== 0 ? '与上年基本持平' : '与上年持平';
}

/**
 * The change as an amount: 同比增加1期 / 同比减少2条 / 同比上升2个百分点 (rates) / 与上年持平.
 * Empty when either year lacks the figure.
 */
export function wordAmount(c: MetricChange, opts: WordingOptions = {}): string {
  if (c.change === null) return '';
  const prefix = opts.prefix ?? '同比';
  const about = c.approximate ? '约' : '';
  if (c.kind === 'percent') {
    const points = round1(c.change);
    if (points === 0) return level(c);
    return `${prefix}${points > 0 ? '上升' : '下降'}${about}${decimal(Math.abs(points))}个百分点`;
  }
  const n = Number.isInteger(c.change) ? Math.abs(c.change) : Number(roundTo(Math.abs(c.change), c.decimals ?? 1));
  if (n === 0) return level(c);
  return `${prefix}${c.change > 0 ? '增加' : '减少'}${about}${n}${c.unit}`;
}

/**
 * The change as a rate: 同比增长33.3% / 同比下降10% / 与上年持平. Rates (percent metrics) change in
 * percentage points, as {@link wordAmount}; when the previous figure is 0 there is no rate, and the
 * amount is said instead.
 */
export function wordRate(c: MetricChange, opts: WordingOptions = {}): string {
  if (c.change === null) return '';
  if (c.kind === 'percent' || c.percent === null) return wordAmount(c, opts);
  const prefix = opts.prefix ?? '同比';
  const about = c.approximate ? '约' : '';
  const pct = round1(c.percent);
  if (pct === 0) return level(c);
  return `${prefix}${pct > 0 ? '增长' : '下降'}${about}${decimal(Math.abs(pct))}%`;
}

/** The change for a table: +1, -2, +2个百分点, 0; 约 when approximate. */
export function signedChange(c: MetricChange): string {
  if (c.change === null) return '';
  const v = c.kind === 'percent' || !Number.isInteger(c.change) ? round1(c.change) : c.change;
  const s = v > 0 ? `+${decimal(v)}` : v < 0 ? `-${decimal(-v)}` : '0';
  return `${c.approximate && v !== 0 ? '约' : ''}${s}${c.kind === 'percent' && v !== 0 ? '个百分点' : ''}`;
}

/** The relative change for a table: +33.3%, -10%, 0%; — when there is none (rates, previous 0). */
export function signedPercent(c: MetricChange): string {
  if (c.change === null) return '';
  if (c.percent === null) return '—';
  const v = round1(c.percent);
  const s = v > 0 ? `+${decimal(v)}%` : v < 0 ? `-${decimal(-v)}%` : '0%';
  return `${c.approximate && v !== 0 ? '约' : ''}${s}`;
}
