/**
 * What a project may declare to make its report a complete 公文 (GB/T 9704-2012 §7): the 版头
 * (份号, 密级和保密期限, 紧急程度, 发文机关标志, 发文字号, 签发人), 主送机关, 附件, and the 版记
 * (抄送机关, 印发机关, 印发日期). It is the `公文:` key of `report.yaml`; every part is optional
 * and leaving the key out gives the plain document (标题, 正文, 署名, 成文日期).
 *
 * Keys are the standard's own names. Rules that need only this block are checked here; rules
 * that compare it with a year's data (the 发文字号's year, 印发日期 against 成文日期) are in
 * `check.ts`.
 */
import { z } from 'zod';
import { describeValue, isoDate, line, yesNo } from '../data/values.js';

type Ctx = z.core.$RefinementCtx;

const issue = (ctx: Ctx, message: string, path: (string | number)[] = []): typeof z.NEVER => {
  ctx.addIssue({ code: 'custom', message, path, input: undefined });
  return z.NEVER;
};

/** One name or a list of names (机关, 签发人); a single name is a list of one. */
const names = (max: number, what: string) =>
  z
    .unknown()
    .transform((v, ctx) => {
      if (typeof v === 'string') return [v];
      if (Array.isArray(v) && v.length > 0) return v as unknown[];
      return issue(ctx, `应为${what}，或以“- ”开头每行一个的列表，实际为 ${describeValue(v)}`), [];
    })
    .pipe(z.array(line(max)));

/** Text that must not end in punctuation the program adds itself (冒号, 句号). */
const noTrailing = (marks: string, added: string) => (list: string[], ctx: Ctx) => {
  list.forEach((s, i) => {
    const last = [...s].at(-1) ?? '';
    if (marks.includes(last)) issue(ctx, `末尾不要写“${last}”：${added}由程序加上`, list.length > 1 ? [i] : []);
  });
};

/**
 * The zod schema of the `公文:` block, built the first time it is needed: a build whose report.yaml
 * comes from the compile cache (cli/compile-cache.ts) never checks it, and building it costs
 * about a millisecond of start-up.
 */
export function gongwenSchema(): ReturnType<typeof makeGongwenSchema> {
  return (schema ??= makeGongwenSchema());
}

let schema: ReturnType<typeof makeGongwenSchema> | undefined;

function makeGongwenSchema() {
  /** 份号 (§7.2.1): up to six digits; written with leading zeros to six places. */
  const copyNumber = z.unknown().transform((v, ctx) => {
    const s = typeof v === 'number' && Number.isInteger(v) && v >= 0 ? String(v) : typeof v === 'string' ? v.trim() : null;
    if (s === null || !/^\d{1,6}$/.test(s) || Number(s) === 0) {
      return issue(ctx, `应为 1 到 6 位阿拉伯数字（如 "000001"），实际为 ${describeValue(v)}`), '';
    }
    return s.padStart(6, '0');
  });

  /** 发文字号 (§7.2.5): 机关代字, 年份 and 序号; the 〔〕 and 号 are generated. */
  const documentNumber = z.strictObject({
    机关代字: line(20).superRefine((s, ctx) => {
      if (/[〔〕[\]()（）号\d]/.test(s)) issue(ctx, `只写机关代字（如 瓦政发），不写年份、括号和“号”：它们由程序生成，实际为 ${JSON.stringify(s)}`);
    }),
    /** Optional: the year of the 成文日期 when left out. */
    年份: z
      .unknown()
      .transform((v, ctx) => {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 1949 || v > 2999) {
          return issue(ctx, `应为四位数年份（如 2025，写全称），实际为 ${describeValue(v)}`), 0;
        }
        return v;
      })
      .optional(),
    序号: z.unknown().transform((v, ctx) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
        return issue(ctx, `应为正整数（如 3；不加“第”，不编虚位），实际为 ${describeValue(v)}`), 0;
      }
      return v;
    }),
  });

  /**
   * One 附件: the template that writes its pages (its `= 标题` is the 附件标题 and the name in the
   * 附件说明), or only a name when the 附件 is not printed with the document; or both, which must agree.
   */
  const attachment = z
    .unknown()
    .transform((v) => (typeof v === 'string' ? { 名称: v } : v))
    .pipe(
      z.strictObject({
        名称: line(60)
          .superRefine((s, ctx) => {
            const last = [...s].at(-1) ?? '';
            if ('，。、；：,.;:！？!?'.includes(last)) issue(ctx, `附件名称后不加标点（GB/T 9704 §7.3.4），末尾的“${last}”请删去`);
          })
          .optional(),
        /** A template (like the report's) whose `= 标题` is the 附件标题; its text fills the 附件's pages. */
        模板: z.string().min(1).optional(),
      }),
    )
    .superRefine((a, ctx) => {
      if (a.名称 === undefined && a.模板 === undefined) issue(ctx, '附件要写 模板（印在文后的附件）或 名称（只列在附件说明里），至少写一项');
    });

  /** The `公文:` block of report.yaml. */
    return z
    .strictObject({
      /** 上行文 (to the level above: 签发人 required), 平行文, 下行文 (default). */
      行文方向: z.enum(['上行文', '平行文', '下行文']).default('下行文'),
      份号: copyNumber.optional(),
      密级: z.enum(['秘密', '机密', '绝密']).optional(),
      保密期限: line(10).optional(),
      紧急程度: z.enum(['特急', '加急']).optional(),
      发文机关标志: line(40).optional(),
      发文字号: documentNumber.optional(),
      签发人: names(10, '签发人姓名').optional(),
      主送机关: names(60, '主送机关名称').superRefine(noTrailing('：:，,。', '末尾的全角冒号')).optional(),
      附件: z
        .unknown()
        .transform((v, ctx) => (Array.isArray(v) ? v : v === undefined ? v : (issue(ctx, `应为附件列表（每项以“- ”开头），实际为 ${describeValue(v)}`), [])))
        .pipe(z.array(attachment).min(1))
        .optional(),
      抄送机关: names(60, '抄送机关名称').superRefine(noTrailing('，,。.；;', '逗号和句号')).optional(),
      印发机关: line(40).optional(),
      /** Defaults to the 成文日期. */
      印发日期: isoDate().optional(),
      /** §6 公文双面印刷: the 版记 then goes on an even page. */
      双面印刷: yesNo().default(true),
    })
    .superRefine((g, ctx) => {
      if (g.保密期限 !== undefined && g.密级 === undefined) {
        issue(ctx, '写了 保密期限 却没有写 密级（保密期限标在密级之后，GB/T 9704 §7.2.2）', ['保密期限']);
      }
      const head = (['份号', '密级', '紧急程度', '发文字号', '签发人'] as const).filter((k) => g[k] !== undefined);
      if (g.发文机关标志 === undefined && head.length > 0) {
        issue(ctx, `${head.join('、')} 属于版头，需要同时写 发文机关标志（如 瓦房镇人民政府文件）`, [head[0]!]);
      }
      if (g.签发人 !== undefined && g.行文方向 !== '上行文') {
        issue(ctx, `签发人 只在上行文中标注（GB/T 9704 §7.2.6），这里的行文方向是 ${g.行文方向}`, ['签发人']);
      }
      if (g.行文方向 === '上行文' && g.发文机关标志 !== undefined && g.签发人 === undefined) {
        issue(ctx, '上行文应当标注签发人（GB/T 9704 §7.2.6）：请写 签发人', ['行文方向']);
      }
      if (g.印发日期 !== undefined && g.印发机关 === undefined) {
        issue(ctx, '写了 印发日期 却没有写 印发机关（两者在版记的同一行，GB/T 9704 §7.4.3）', ['印发日期']);
      }
      // Checked even when some fields are wrong: the rules only ask which fields are written.
    }, { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) });
}

/** The validated `公文:` block. */
export type GongwenConfig = z.output<ReturnType<typeof makeGongwenSchema>>;
