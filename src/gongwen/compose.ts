/**
 * Makes a compiled report a complete 公文 (GB/T 9704-2012 §7): the 版头 before the title, the
 * 主送机关 after it, the 附件说明 before the 署名, each 附件 after it and the 版记 last, as blocks of
 * the format-neutral document model so that every writer renders them. Pure.
 */
import { fail, ok, type Diagnostic, type Result } from '../diagnostics.js';
import type { Block, Doc } from '../document/types.js';
import { ADDRESSEE, ATTACHMENT, formatDocNumber, LETTERHEAD } from '../layout/gbt9704.js';
import type { GongwenConfig } from './schema.js';

/** A compiled 附件: the title its template gave (`= …`) and its blocks (title and 署名 left out). */
export interface CompiledAttachment {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** Where a field of the `公文:` block is in report.yaml. */
export type Locate = (path: readonly (string | number)[]) => { file: string; line: number; column: number };

/**
 * Checks the `公文:` block against the year's 成文日期 (ISO `YYYY-MM-DD`): the 发文字号's year must
 * be the 成文日期's year (§7.2.5 年份 is the year the document is issued) and the 印发日期 must not
 * come before the 成文日期 (§7.4.3). Problems point at report.yaml.
 */
export function checkGongwen(g: GongwenConfig, date: string, locate: Locate): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const year = Number(date.slice(0, 4));
  const at = (path: (string | number)[]) => ({ ...locate(['公文', ...path]), path: ['公文', ...path] });
  if (g.发文字号?.年份 !== undefined && g.发文字号.年份 !== year) {
    problems.push({
      severity: 'error',
      ...at(['发文字号', '年份']),
      message: `发文字号的年份 ${g.发文字号.年份} 与成文日期 ${date} 的年份 ${year} 不符`,
      hint: `改成 ${year}，或删去 年份 一行，由程序按成文日期填写`,
      code: 'gongwen.year',
    });
  }
  if (g.印发日期 !== undefined && g.印发日期 < date) {
    problems.push({
      severity: 'error',
      ...at(['印发日期']),
      message: `印发日期 ${g.印发日期} 早于成文日期 ${date}：公文成文之后才能印发`,
      hint: `改成 ${date} 或之后的日期；删去 印发日期 则与成文日期相同`,
      code: 'gongwen.print-date',
    });
  }
  return problems;
}

/** The 附件 templates' titles must read as the 附件说明 names them (§7.3.7). */
export function checkAttachmentTitles(
  g: GongwenConfig,
  compiled: readonly (CompiledAttachment | null)[],
  locate: Locate,
): Diagnostic[] {
  return (g.附件 ?? []).flatMap((a, i) => {
    const c = compiled[i];
    if (!c || a.名称 === undefined || c.title === a.名称) return [];
    return [
      {
        severity: 'error' as const,
        ...locate(['公文', '附件', i, '名称']),
        path: ['公文', '附件', i, '名称'],
        message: `附件 ${i + 1} 的名称“${a.名称}”与其模板 ${a.模板} 的标题“${c.title}”不一致（附件说明与附件标题应当一致，GB/T 9704 §7.3.7）`,
        hint: '把两处改成同样的文字',
        code: 'gongwen.attachment-title',
      },
    ];
  });
}

/**
 * Adds the 公文 parts to `doc`. `attachments[i]` is the compiled template of `g.附件[i]`, or null
 * when it has none (the 附件 is then only listed). `date` is the 成文日期 (ISO).
 */
export function composeGongwen(doc: Doc, g: GongwenConfig, date: string, attachments: readonly (CompiledAttachment | null)[]): Result<Doc> {
  const blocks = [...doc.blocks];
  const titleAt = blocks.findIndex((b) => b.type === 'title');
  const signatureAt = blocks.findIndex((b) => b.type === 'signature');
  if (titleAt < 0 || signatureAt < 0) {
    return fail([{ severity: 'error', message: '文档缺少标题或署名，无法编排成公文', code: 'gongwen.structure' }]);
  }
  const head: Block[] = [];
  if (g.发文机关标志 !== undefined) {
    const n = g.发文字号;
    head.push({
      type: 'letterhead',
      ...(g.份号 !== undefined ? { copyNumber: g.份号 } : {}),
      ...(g.密级 !== undefined ? { secrecy: g.保密期限 ? `${g.密级}${LETTERHEAD.secrecySeparator}${g.保密期限}` : g.密级 } : {}),
      ...(g.紧急程度 !== undefined ? { urgency: g.紧急程度 } : {}),
      mark: g.发文机关标志,
      ...(n ? { docNumber: formatDocNumber(n.机关代字, n.年份 ?? Number(date.slice(0, 4)), n.序号) } : {}),
      signers: g.签发人 ?? [],
      upward: g.行文方向 === '上行文',
    });
  }
  const addressee: Block[] = g.主送机关 ? [{ type: 'addressee', text: `${g.主送机关.join('、')}${ADDRESSEE.colon}` }] : [];
  const names = (g.附件 ?? []).map((a, i) => attachments[i]?.title ?? a.名称 ?? '');
  const note: Block[] = names.length > 0 ? [{ type: 'attachmentNote', names }] : [];
  const pages: Block[] = [];
  const withPages = (g.附件 ?? []).map((_, i) => ({ i, c: attachments[i] ?? null })).filter((x) => x.c !== null);
  for (const { i, c } of withPages) {
    const label = names.length > 1 ? `${ATTACHMENT.label}${i + 1}` : ATTACHMENT.label;
    pages.push({ type: 'attachment', label, title: c!.title }, ...c!.blocks);
  }
  const imprint: Block[] =
    g.抄送机关 || g.印发机关
      ? [
          {
            type: 'imprint',
            copyTo: g.抄送机关 ?? [],
            ...(g.印发机关 !== undefined ? { printer: g.印发机关, printDate: g.印发日期 ?? date } : {}),
            duplex: g.双面印刷,
          },
        ]
      : [];
  const out: Block[] = [
    ...head,
    ...blocks.slice(0, titleAt + 1),
    ...addressee,
    ...blocks.slice(titleAt + 1, signatureAt),
    ...note,
    ...blocks.slice(signatureAt),
    ...pages,
    ...imprint,
  ];
  return ok({ ...doc, blocks: out });
}
