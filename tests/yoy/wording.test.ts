/**
 * The 同比 wording and its rounding, on hand-computed cases (see src/diff/wording.ts for the rules).
 */
import { describe, expect, it } from 'vitest';
import { compareMetric, findMetric, type MetricValue } from '../../src/diff/compare.js';
import { decimal, round1, signedChange, signedPercent, wordAmount, wordRate } from '../../src/diff/wording.js';
import type { Qualifier } from '../../src/data/values.js';
import { sampleDefinitions } from '../helpers/sample.js';

const v = (value: number, qualifier: Qualifier | null = null): MetricValue => ({ value, qualifier });
const change = (key: string, before: MetricValue, after: MetricValue) => compareMetric(findMetric(key, sampleDefinitions().metrics)!, before, after);

describe('rounding', () => {
  it('rounds to one decimal place, half away from zero, without a trailing zero', () => {
    expect(round1(100 / 3)).toBe(33.3); // 33.333…
    expect(round1(200 / 3)).toBe(66.7); // 66.666…
    expect(round1(0.25)).toBe(0.3); // half → up
    expect(round1(-0.25)).toBe(-0.3); // half → away from zero
    expect(round1(12.5)).toBe(12.5);
    expect(round1(95.3 - 93.1)).toBe(2.2); // not 2.2000000000000028
    expect(decimal(25)).toBe('25');
    expect(decimal(8.5714)).toBe('8.6');
    expect(decimal(2.0)).toBe('2');
  });
});

describe('同比 amounts', () => {
  it('says 增加 / 减少 with the unit', () => {
    expect(wordAmount(change('行政执法培训.期数', v(3), v(4)))).toBe('同比增加1期');
    expect(wordAmount(change('普法宣传.悬挂横幅', v(20), v(18)))).toBe('同比减少2条');
    expect(wordAmount(change('行政执法培训.人次', v(70), v(76)))).toBe('同比增加6人次');
    expect(wordAmount(change('行政审批.现办理时限', v(5), v(3)))).toBe('同比减少2个工作日');
  });

  it('says 与上年持平 when nothing changed', () => {
    expect(wordAmount(change('理论学习.学习活动', v(4), v(4)))).toBe('与上年持平');
    expect(wordRate(change('理论学习.学习活动', v(4), v(4)))).toBe('与上年持平');
  });

  it('takes another prefix', () => {
    expect(wordAmount(change('执法满意度', v(93), v(95)), { prefix: '较上年' })).toBe('较上年上升2个百分点');
    expect(wordAmount(change('行政执法培训.期数', v(3), v(4)), { prefix: '比上年' })).toBe('比上年增加1期');
  });
});

describe('同比 rates', () => {
  it('says 增长 / 下降 x%, rounded to one decimal', () => {
    expect(wordRate(change('行政执法培训.期数', v(3), v(4)))).toBe('同比增长33.3%'); // 1/3
    expect(wordRate(change('行政执法培训.人次', v(70), v(76)))).toBe('同比增长8.6%'); // 6/70 = 8.571…
    expect(wordRate(change('执法监督.检查案件', v(4), v(5)))).toBe('同比增长25%'); // 1/4, no “25.0”
    expect(wordRate(change('普法宣传.悬挂横幅', v(20), v(18)))).toBe('同比下降10%');
    expect(wordRate(change('执法监督.发现问题', v(3), v(1)))).toBe('同比下降66.7%'); // 2/3
    expect(wordRate(change('普法宣传.发放宣传资料', v(400), v(401)))).toBe('同比增长0.3%'); // 0.25 → 0.3
  });

  it('has no percentage when the previous value is 0, and says the amount instead', () => {
    const c = change('领导小组.审议文件', v(0), v(2));
    expect(c.percent).toBeNull();
    expect(wordRate(c)).toBe('同比增加2份');
    expect(signedPercent(c)).toBe('—');
    expect(wordAmount(change('领导小组.审议文件', v(0), v(0)))).toBe('与上年持平');
  });

  it('calls a change that rounds to 0 基本持平', () => {
    expect(wordRate(change('普法宣传.发放宣传资料', v(10000), v(10001)))).toBe('与上年基本持平'); // 0.01%
  });
});

describe('rates (percent metrics) change in percentage points', () => {
  it('says 上升 / 下降 x个百分点', () => {
    expect(wordAmount(change('执法满意度', v(93), v(95)))).toBe('同比上升2个百分点');
    expect(wordAmount(change('执法满意度', v(97.5), v(96)))).toBe('同比下降1.5个百分点');
    expect(wordRate(change('执法满意度', v(93), v(95)))).toBe('同比上升2个百分点');
    expect(wordAmount(change('执法满意度', v(0), v(80)))).toBe('同比上升80个百分点');
    expect(signedChange(change('执法满意度', v(93), v(95.25)))).toBe('+2.3个百分点');
  });
});

describe('approximate figures', () => {
  it('puts 约 before the number when either year has a qualifier', () => {
    expect(wordAmount(change('普法宣传.进村入户宣讲', v(20, '余'), v(30, '余')))).toBe('同比增加约10次');
    expect(wordRate(change('普法宣传.进村入户宣讲', v(20, '余'), v(30, '余')))).toBe('同比增长约50%');
    expect(wordAmount(change('执法满意度', v(93, '以上'), v(95, '以上')), { prefix: '较上年' })).toBe('较上年上升约2个百分点');
    expect(wordAmount(change('普法宣传.进村入户宣讲', v(20, '余'), v(20, '余')))).toBe('与上年基本持平');
  });

  it('notices a changed qualifier with the same number', () => {
    const c = change('普法宣传.进村入户宣讲', v(20, '余'), v(20, '多'));
    expect(c.status).toBe('changed');
    expect(c.qualifierChanged).toBe(true);
    expect(wordAmount(c)).toBe('与上年基本持平');
  });
});
