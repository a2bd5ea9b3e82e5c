/**
 * Cross-field rules: facts that each field can satisfy alone but that contradict each other.
 * One small function per rule; each returns the problems it found, with the path to point at.
 */
import type { ReportData } from './schema.js';

/** A problem found by a rule. */
export interface RuleProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly hint?: string;
}

/** A named cross-field rule. */
export interface Rule {
  readonly id: string;
  /**
   * The fields the rule reads. When other fields are wrong the rule still runs, as long as these
   * are right, so one run reports every problem.
   */
  readonly reads: readonly (readonly string[])[];
  check(data: ReportData): RuleProblem[];
}

/** All cross-field rules, checked in this order. */
export const RULES: readonly Rule[] = [
  {
    id: 'rectified-le-found',
    reads: [['执法监督', '整改问题'], ['执法监督', '发现问题']],
    check: (d) =>
      d.执法监督.整改问题.数值 > d.执法监督.发现问题.数值
        ? [
            {
              path: ['执法监督', '整改问题'],
              message: `（${d.执法监督.整改问题.数值}）不能多于 执法监督.发现问题（${d.执法监督.发现问题.数值}）`,
              hint: '整改的问题只能来自发现的问题',
            },
          ]
        : [],
  },
  {
    id: 'shortened-time-limit',
    reads: [['行政审批', '现办理时限'], ['行政审批', '原办理时限']],
    check: (d) =>
      d.行政审批.现办理时限 >= d.行政审批.原办理时限
        ? [
            {
              path: ['行政审批', '现办理时限'],
              message: `（${d.行政审批.现办理时限} 个工作日）应短于 行政审批.原办理时限（${d.行政审批.原办理时限} 个工作日）`,
              hint: '报告写的是“压缩审批时限”，现时限必须比原时限短',
            },
          ]
        : [],
  },
  {
    id: 'trainees-ge-sessions',
    reads: [['行政执法培训', '期数'], ['行政执法培训', '人次']],
    check: (d) =>
      d.行政执法培训.期数.数值 > 0 && d.行政执法培训.人次.数值 === 0
        ? [
            {
              path: ['行政执法培训', '人次'],
              message: `为 0，但 行政执法培训.期数 为 ${d.行政执法培训.期数.数值}`,
              hint: '举办了培训班就应有参训人次',
            },
          ]
        : [],
  },
  {
    id: 'date-after-year',
    reads: [['成文日期'], ['年度']],
    check: (d) =>
      d.成文日期 !== '' && Number(d.成文日期.slice(0, 4)) <= d.年度
        ? [
            {
              path: ['成文日期'],
              message: `（${d.成文日期}）应在 ${d.年度} 年之后：年度报告在次年成文`,
              hint: `年度报告一般在 ${d.年度 + 1} 年第一季度成文`,
            },
          ]
        : [],
  },
  {
    id: 'unique-titles',
    reads: [['存在问题'], ['工作安排']],
    check: (d) => [
      ...duplicates(d.存在问题.map((x) => x.标题)).map((i) => ({
        path: ['存在问题', i, '标题'],
        message: `与前面的问题标题重复`,
      })),
      ...duplicates(d.工作安排.map((x) => x.标题)).map((i) => ({
        path: ['工作安排', i, '标题'],
        message: `与前面的安排标题重复`,
      })),
    ],
  },
];

function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) out.push(i);
    seen.add(v);
  });
  return out;
}
