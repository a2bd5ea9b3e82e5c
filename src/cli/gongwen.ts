/**
 * The 公文 parts of report.yaml applied to a compiled year (see gongwen/): reads each 附件's
 * template, compiles it with the year's data, checks the block against the data and composes the
 * document. Problems are collected and thrown together as a {@link UserError}.
 */
import path from 'node:path';
import { compileReport } from '../compile.js';
import { formatPath, type Diagnostic } from '../diagnostics.js';
import type { ReportData } from '../data/model.js';
import type { Doc } from '../document/types.js';
import { checkAttachmentTitles, checkGongwen, composeGongwen, type CompiledAttachment } from '../gongwen/compose.js';
import type { HelperTable } from '../template/render.js';
import { CONFIG_FILE, readText, relative, UserError, type Project } from './project.js';

/** The 附件 template files of a project, relative to its root (inputs of every build). */
export function attachmentTemplateFiles(project: Project): string[] {
  return (project.config.公文?.附件 ?? []).flatMap((a) => (a.模板 ? [relative(project.root, path.resolve(project.root, a.模板))] : []));
}

/**
 * Makes `doc` a complete 公文 when report.yaml has a `公文:` block; returns it unchanged otherwise.
 * `helpers` are the year's template helpers (同比), shared with the 附件 templates; `dataFile` is
 * the year's data file as the user knows it (for messages). A 公文 needs its 落款 (署名 and
 * 成文日期, §7.3.5): a data model that makes them optional gets a clear error when they are missing.
 */
export function applyGongwen(project: Project, data: ReportData, doc: Doc, helpers: HelperTable, dataFile = '年度数据'): { doc: Doc; warnings: Diagnostic[] } {
  const g = project.config.公文;
  if (!g) return { doc, warnings: [] };
  const locate = (p: readonly (string | number)[]) => ({ file: project.configFile ?? CONFIG_FILE, ...project.locate(p) });
  const missing = (['署名', '成文日期'] as const).filter((k) => typeof data[k] !== 'string' || data[k] === '');
  if (missing.length > 0) {
    throw new UserError([
      {
        severity: 'error',
        ...locate(['公文']),
        path: ['公文'],
        message: `作为公文报送（这里写了 公文）需要落款，但 ${dataFile} 没有写 ${missing.join(' 和 ')}（GB/T 9704 §7.3.5；发文字号的年份、印发日期都以成文日期为准）`,
        hint: `在 ${dataFile} 里写上 ${missing.map((k) => (k === '署名' ? '署名: 发文机关的全称' : `成文日期: ${data.年度 + 1}-01-20`)).join(' 和 ')}；不作为公文报送时删去 公文 这一项`,
        code: 'gongwen.signature',
      },
    ]);
  }
  const problems: Diagnostic[] = [...checkGongwen(g, data.成文日期, locate)];
  const warnings: Diagnostic[] = [...placeholders(g, ['公文'], locate)];
  const compiled: (CompiledAttachment | null)[] = (g.附件 ?? []).map((a, i) => {
    if (!a.模板) return null;
    const abs = path.resolve(project.root, a.模板);
    let text: string;
    try {
      text = readText(abs, project.root, 'template');
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      problems.push(...e.diagnostics.map((d) => ({ ...d, ...locate(['公文', '附件', i, '模板']), message: `附件 ${i + 1} 的模板：${d.message}` })));
      return null;
    }
    const result = compileReport(project.model, data, { file: relative(project.root, abs), text }, helpers);
    if (!result.ok) {
      problems.push(...result.diagnostics);
      return null;
    }
    warnings.push(...result.warnings);
    return { title: result.value.meta.title, blocks: result.value.blocks.filter((b) => b.type !== 'title' && b.type !== 'signature') };
  });
  problems.push(...checkAttachmentTitles(g, compiled, locate));
  if (problems.length > 0) throw new UserError(problems);
  const composed = composeGongwen(doc, g, data.成文日期, compiled);
  if (!composed.ok) throw new UserError(composed.diagnostics);
  return { doc: composed.value, warnings };
}

/** The placeholder 某某 that the examples `report init` writes put in every name (某某单位文件, 某某某). */
const PLACEHOLDER = '某某';

/**
 * A warning at each value of the 公文 block that still holds the example's placeholder (某某单位文件,
 * 某发〔2025〕1号's 某某上级机关, 签发人 某某某): left as written, the red 版头 would print it.
 */
function placeholders(value: unknown, at: (string | number)[], locate: (p: readonly (string | number)[]) => { file: string; line: number; column: number }): Diagnostic[] {
  if (typeof value === 'string') {
    if (!value.includes(PLACEHOLDER)) return [];
    return [
      {
        severity: 'warning',
        ...locate(at),
        path: at,
        message: `${formatPath(at.slice(1))} 还是示例里的“${value}”`,
        hint: '换成本单位的实际名称或人名；report init 写的 公文 示例只是样子',
        code: 'gongwen.placeholder',
      },
    ];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholders(v, [...at, i], locate));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => placeholders(v, [...at, k], locate));
  return [];
}
