/**
 * `report fonts`: which font file serves each role in the PDF, and why; a warning for each role
 * that uses a free stand-in instead of the official font.
 */
import { Command } from 'commander';
import { ROLE_LABEL } from '../../fonts/types.js';
import { OFFICIAL_FONT_NAMES, type FontRole } from '../../layout/gbt9704.js';
import type { CliContext } from '../context.js';
import { resolveProjectFonts, standInWarnings } from '../fonts.js';

const ROLES: readonly FontRole[] = ['title', 'body', 'heading1', 'heading2', 'pageNumber'];

/** The `fonts` command. */
export function fontsCommand(ctx: CliContext): Command {
  return new Command('fonts')
    .summary('列出 PDF 各部分所用的字体')
    .description(
      '按“report.yaml 指定的文件 → 本机的公文字体 → 免费替代字体”的顺序，列出 PDF 的标题、正文、一级标题、二级标题和页码\n' +
        '各用哪个字体文件及原因。DOCX 里始终写公文字体的名称，不受影响。',
    )
    .addHelpText('after', '\n退出码: 0 成功（用替代字体时也是 0，并给出警告）；1 report.yaml 指定的字体文件无法使用')
    .action(async () => {
      const project = ctx.project();
      const fonts = await resolveProjectFonts(project, ctx.env);
      if (ctx.json) {
        ctx.stdout(
          JSON.stringify(
            {
              fonts: ROLES.map((role) => {
                const f = fonts[role].primary;
                return { role, official: OFFICIAL_FONT_NAMES[role], family: f.family, file: f.file, face: f.face ?? null, source: f.source, standIn: f.source === 'bundled', reason: f.reason };
              }),
            },
            null,
            2,
          ),
        );
        return;
      }
      for (const role of ROLES) {
        const f = fonts[role].primary;
        ctx.stdout(`${ROLE_LABEL[role]}（${OFFICIAL_FONT_NAMES[role]}）：${f.family}`);
        ctx.stdout(`  文件：${f.file}${f.face ? `（${f.face}）` : ''}`);
        ctx.stdout(`  原因：${f.reason}`);
      }
      ctx.report(standInWarnings(fonts));
    });
}
