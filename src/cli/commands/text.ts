/**
 * `report text FILE`: a DOCX, PDF or data YAML as normalised plain text on stdout, for reading in
 * a terminal and for git's textconv (README: 逐年对比), so `git diff` and `git log -p` on committed
 * documents and data read as text. A data file is read with the data model of the project it is in
 * (units and labels); outside a project it is printed as it is.
 */
import path from 'node:path';
import { Command } from 'commander';
import { dataToText, documentXmlToText, sniff } from '../../diff/textconv.js';
import type { CliContext } from '../context.js';
import { checkPdfStreams, LIMITS, readInput, readZipEntry, type FileRef } from '../files.js';
import { modelFor, UserError } from '../project.js';


function problem(file: string, message: string, hint?: string): UserError {
  return new UserError([{ severity: 'error', file, message, ...(hint ? { hint } : {}), code: 'text.read' }]);
}

/** PDF text with pdfjs-dist; where this Node cannot load it, poppler's pdftotext if installed. */
async function pdfText(bytes: Uint8Array, file: string, abs: string): Promise<string> {
  let loadError: unknown;
  try {
    const { pdfToText } = await import('../../diff/pdf-text.js');
    return await pdfToText(bytes, { maxPages: LIMITS.pdfPages });
  } catch (e) {
    if (e instanceof Error && e.name === 'TooManyPages') {
      throw problem(file, `PDF 有 ${(e as Error & { pages?: number }).pages} 页，超过 ${LIMITS.pdfPages} 页的上限`, '这不像本程序生成的文档，请检查是否选错了文件');
    }
    loadError = e;
  }
  const r = process.getBuiltinModule('node:child_process').spawnSync('pdftotext', ['-enc', 'UTF-8', abs, '-'], { encoding: 'utf8', maxBuffer: LIMITS.docxXml });
  if (r.status === 0) return r.stdout.replace(/\f/g, '\n');
  throw problem(file, `读不出 PDF 的文字（${loadError instanceof Error ? loadError.message.split('\n')[0] : String(loadError)}）`);
}

/** The `text` command. */
export function textCommand(ctx: CliContext): Command {
  return new Command('text')
    .summary('把 DOCX、PDF 或年度数据打印成纯文本（供 git diff 使用）')
    .description(
      '把文档或数据文件打印成规整的纯文本：DOCX 和 PDF 每段（每行）一行；年度数据每个字段一行，\n' +
        '去掉注释，数字带修饰和单位。可登记为 git 的 textconv，让 git diff、git log -p 直接显示文字的改动。',
    )
    .argument('<文件>', '要打印的文件：.docx、.pdf 或 .yaml')
    .addHelpText('after', '\n示例:\n  report text out/2024/某某镇人民政府2024年法治政府建设年度报告.docx\n  git config diff.report.textconv "npx report text"\n\n退出码: 0 成功；1 读不出文件')
    .action(async (fileArg: string) => {
      const abs = path.resolve(ctx.cwd, fileArg);
      // The one reading rule: a regular file, at most LIMITS.document bytes, counted as read.
      const ref: FileRef = { file: abs, display: fileArg, kind: 'document' };
      const bytes = readInput(ref);
      let text: string;
      switch (sniff(bytes)) {
        case 'docx': {
          // Decompressed bytes are counted too: a small DOCX can unpack to gigabytes of XML.
          const xml = readZipEntry(bytes, 'word/document.xml', LIMITS.docxXml, ref);
          if (!xml) throw problem(fileArg, '不是有效的 DOCX 文件（缺少 word/document.xml）');
          text = documentXmlToText(xml);
          break;
        }
        case 'pdf':
          checkPdfStreams(bytes, LIMITS.pdfStreams, ref);
          text = await pdfText(bytes, fileArg, abs);
          break;
        default: {
          let decoded: string;
          try {
            decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
          } catch {
            throw problem(fileArg, '既不是 DOCX、PDF，也不是 UTF-8 文本');
          }
          // A data file is read field by field only within the data files' limit; a larger text is shown as it is.
          const data = (/\.ya?ml$/i.test(abs) || /^年度\s*:/m.test(decoded)) && bytes.length <= LIMITS.text;
          text = data ? dataToText(decoded, modelFor(abs, ctx.cwd), fileArg) : decoded;
        }
      }
      ctx.stdout(text.replace(/\n$/, ''));
    });
}
