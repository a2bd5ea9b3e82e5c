/**
 * The shape of a year's data (`data/2024.yaml`) for the 法治政府建设年度报告. Keys are Chinese
 * because the clerks who keep the file read them; every figure is a typed field, never a number
 * inside a sentence. Unknown keys are refused so a typo never vanishes silently.
 */
import { z } from 'zod';
import { count, flag, isoDate, line, list, paragraph, percent, workdays, year } from './values.js';

/** A titled item of a list the clerk edits every year (a problem, a plan, another matter). */
const titledItem = z.strictObject({
  标题: line(40),
  内容: paragraph(),
});

/** The schema of one year's data file. */
export const reportSchema = z.strictObject({
  年度: year(),
  单位: z.strictObject({
    全称: line(40),
    简称: line(40),
  }),
  署名: line(40),
  成文日期: isoDate(),
  盖章: flag(),

  行政审批: z.strictObject({
    精简事项: list(line(30), '事项列表'),
    时限压缩事项: line(30),
    原办理时限: workdays(),
    现办理时限: workdays(),
  }),
  普法宣传: z.strictObject({
    活动: list(line(40), '活动列表'),
    悬挂横幅: count(),
    进村入户宣讲: count(),
    发放宣传资料: count(),
  }),
  行政执法培训: z.strictObject({
    期数: count(),
    人次: count(),
  }),
  执法满意度: percent(),
  执法监督: z.strictObject({
    检查案件: count(),
    发现问题: count(),
    整改问题: count(),
  }),
  理论学习: z.strictObject({
    学习活动: count(),
    学习心得: count(),
  }),
  领导小组: z.strictObject({
    组长: line(20),
    会议: count(),
    审议文件: count(),
  }),
  存在问题: list(titledItem, '问题列表'),
  工作安排: list(titledItem, '安排列表'),
  其他情况: list(paragraph(), '段落列表'),
});

/** One year's validated data, as templates and the diff see it. */
export type ReportData = z.output<typeof reportSchema>;

/** The kind of a metric, which decides how it is compared and worded. */
export type MetricKind = 'count' | 'percent' | 'workdays';

/** A figure the report states, with its label and unit for people (used by diff and 同比). */
export interface MetricDef {
  readonly path: readonly string[];
  readonly label: string;
  readonly unit: string;
  readonly kind: MetricKind;
}

/** Every figure of the report, in the order the report states them. */
export const METRICS: readonly MetricDef[] = [
  { path: ['行政审批', '原办理时限'], label: '审批事项原办理时限', unit: '个工作日', kind: 'workdays' },
  { path: ['行政审批', '现办理时限'], label: '审批事项现办理时限', unit: '个工作日', kind: 'workdays' },
  { path: ['普法宣传', '悬挂横幅'], label: '悬挂普法横幅', unit: '条', kind: 'count' },
  { path: ['普法宣传', '进村入户宣讲'], label: '进村入户宣讲', unit: '次', kind: 'count' },
  { path: ['普法宣传', '发放宣传资料'], label: '发放宣传资料', unit: '份', kind: 'count' },
  { path: ['行政执法培训', '期数'], label: '行政执法培训班', unit: '期', kind: 'count' },
  { path: ['行政执法培训', '人次'], label: '培训执法人员', unit: '人次', kind: 'count' },
  { path: ['执法满意度'], label: '行政执法案件群众满意度', unit: '%', kind: 'percent' },
  { path: ['执法监督', '检查案件'], label: '检查行政执法案件', unit: '件', kind: 'count' },
  { path: ['执法监督', '发现问题'], label: '执法检查发现问题', unit: '个', kind: 'count' },
  { path: ['执法监督', '整改问题'], label: '执法检查整改问题', unit: '个', kind: 'count' },
  { path: ['理论学习', '学习活动'], label: '组织法治学习活动', unit: '次', kind: 'count' },
  { path: ['理论学习', '学习心得'], label: '撰写学习心得', unit: '篇', kind: 'count' },
  { path: ['领导小组', '会议'], label: '召开领导小组会议', unit: '次', kind: 'count' },
  { path: ['领导小组', '审议文件'], label: '审议通过法治建设文件', unit: '份', kind: 'count' },
];
