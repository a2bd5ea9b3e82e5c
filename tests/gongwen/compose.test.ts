/**
 * The 公文 parts declared in report.yaml, end to end through the project loader: what each variant
 * puts into the document model and the layout (下行文, 密级, several 签发人, a long 发文机关标志,
 * one 附件 or a listed one, single-sided printing), the problems found with the year's data and the
 * 附件 templates, and that an empty `公文:` changes no byte of any document.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveFonts } from '../../src/cli/fonts.js';
import { compileYear } from '../../src/cli/pipeline.js';
import { loadProject, UserError } from '../../src/cli/project.js';
import type { Doc } from '../../src/document/types.js';
import type { FontSet } from '../../src/fonts/types.js';
import { CHARS_PER_LINE, EM_BOX_ASCENT, LINE_PITCH_PT, TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { toDocx } from '../../src/render/docx/index.js';
import { layoutWith, toPdf } from '../../src/render/pdf/index.js';
import type { Layout, PlacedLine } from '../../src/render/pdf/layout.js';
import { toText } from '../../src/render/text.js';
import { REPO } from '../helpers/cli.js';
import { docxParts, paragraphs } from '../helpers/docx.js';
import { CELL, LEFT, RIGHT } from '../helpers/text-block.js';

const DATE = new Date('2025-01-20T00:00:00Z');

/** A project using the sample's data and template, with `gongwen` (YAML text) as its 公文 block. */
function project(gongwen: string, files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'report-gongwen-'));
  const yaml = [
    `template: ${JSON.stringify(path.relative(root, path.join(REPO, 'templates', 'annual-report.hbs')))}`,
    `data: ${JSON.stringify(path.relative(root, path.join(REPO, 'data')))}`,
    'previous: {enabled: false}',
    gongwen,
    // Last, so that the lines the tests point at stay where they are.
    `model: ${JSON.stringify(path.relative(root, path.join(REPO, 'model.yaml')))}`,
  ].join('\n');
  writeFileSync(path.join(root, 'report.yaml'), `${yaml}\n`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}
const compile = (gongwen: string, files: Record<string, string> = {}): Doc => compileYear(loadProject(project(gongwen, files)), 2024).doc;
/** The problems a project's 公文 block raises, as `file:line:column message`. */
function problems(gongwen: string, files: Record<string, string> = {}): string[] {
  try {
    compile(gongwen, files);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return e.diagnostics.map((d) => `${d.file}:${d.line ?? ''}:${d.column ?? ''} ${d.message}`);
  }
  return [];
}
const emTop = (l: PlacedLine) => l.baseline - EM_BOX_ASCENT * l.size;
const head = (layout: Layout) => layout.pages[0]!.lines.filter((l) => l.kind === 'letterhead');
/** A placed line's width: each character advances by its width plus the run's spacing. */
const lineWidth = (l: PlacedLine) => {
  const last = l.runs.at(-1)!;
  return last.x + last.width + last.spacing * [...last.text].length - l.runs[0]!.x;
};

let fonts: FontSet;
beforeAll(async () => {
  const r = await resolveFonts({}, REPO);
  if (!r.ok) throw new Error('fonts');
  fonts = r.value;
});

describe('an empty 公文 block', () => {
  it('changes no byte of the TXT, DOCX or PDF', async () => {
    const plain = compile('');
    const empty = compile('公文: {}');
    expect(empty).toEqual(plain);
    expect(toText(empty)).toBe(toText(plain));
    expect(await toDocx(empty, { modified: DATE })).toEqual(await toDocx(plain, { modified: DATE }));
    const pdf = async (d: Doc) => (await toPdf(d, fonts, { creationDate: DATE })).bytes;
    expect(await pdf(empty)).toEqual(await pdf(plain));
  }, 60_000);
});

describe('the 版头 variants', () => {
  it('centres the 发文字号 of a 下行文 and puts 密级★保密期限 under the 份号', () => {
    const doc = compile(['公文:', '  份号: 7', '  密级: 机密', '  保密期限: 1年', '  紧急程度: 特急', '  发文机关标志: 瓦房镇人民政府文件', '  发文字号: {机关代字: 瓦政发, 序号: 12}'].join('\n'));
    const lines = head(layoutWith(doc, fonts));
    const at = (text: string) => lines.find((l) => l.text === text)!;
    expect(at('000007').slot).toBe(0);
    expect(at('机密★1年').slot).toBe(1);
    expect(at('特急').slot).toBe(2);
    const number = at('瓦政发〔2025〕12号');
    expect(number.runs[0]!.x + lineWidth(number) / 2).toBeCloseTo((LEFT + RIGHT) / 2, 1);
    expect(toText(doc).split('\n').slice(0, 7)).toEqual(['000007', '机密★1年', '特急', '', '瓦房镇人民政府文件', '', '瓦政发〔2025〕12号']);
  });

  it('sets three 签发人 two a line, names aligned, the 发文字号 on the last line, and moves the rest down one line', () => {
    const one = layoutWith(compile(['公文:', '  行文方向: 上行文', '  发文机关标志: 瓦房镇人民政府文件', '  发文字号: {机关代字: 瓦政发, 序号: 3}', '  签发人: 张建国'].join('\n')), fonts);
    const layout = layoutWith(compile(['公文:', '  行文方向: 上行文', '  发文机关标志: 瓦房镇人民政府文件', '  发文字号: {机关代字: 瓦政发, 序号: 3}', '  签发人: [张建国, 李明, 王立春]'].join('\n')), fonts);
    const lines = head(layout);
    const first = lines.find((l) => l.text.startsWith('签发人：'))!;
    const second = lines.find((l) => l.text === '王立春')!;
    const number = lines.find((l) => l.text === '瓦政发〔2025〕3号')!;
    expect(first.text).toBe('签发人：张建国\u3000李明');
    expect(second.slot).toBe(first.slot + 1);
    expect(number.slot).toBe(second.slot);
    expect(number.runs[0]!.x).toBeCloseTo(LEFT + CELL, 3);
    // The names start at the same place on both lines; the longest line ends one 字 from the right.
    const nameX = (l: PlacedLine, name: string) => l.runs.find((r) => r.text.startsWith(name))!.x;
    expect(nameX(first, '张建国')).toBeCloseTo(nameX(second, '王立春'), 3);
    expect(first.runs[0]!.x + lineWidth(first)).toBeCloseTo(RIGHT - CELL, 1);
    const title = (l: Layout) => l.pages[0]!.lines.find((x) => x.kind === 'title')!;
    expect(title(layout).baseline - title(one).baseline).toBeCloseTo(LINE_PITCH_PT, 3);
    const rule = (l: Layout) => l.pages[0]!.rules![0]!.y;
    expect(rule(layout) - rule(one)).toBeCloseTo(LINE_PITCH_PT, 3);
  });

  it('condenses a 发文机关标志 wider than the 版心 to exactly its width, in the PDF and the DOCX', async () => {
    const mark = '中共瓦房镇委员会瓦房镇人民政府文件';
    const doc = compile(['公文:', `  发文机关标志: ${mark}`].join('\n'));
    const line = head(layoutWith(doc, fonts)).find((l) => l.text === mark)!;
    expect(line.scaleX).toBeLessThan(100);
    expect((lineWidth(line) * line.scaleX!) / 100).toBeCloseTo(TEXT_BLOCK_PT.width, 0);
    expect(line.runs[0]!.x).toBeCloseTo(LEFT, 0);
    expect(emTop(line) - TEXT_BLOCK_PT.top).toBeCloseTo((35 * 72) / 25.4, 2);
    const xml = paragraphs(docxParts(await toDocx(doc, { modified: DATE }))['word/document.xml']!).find((p) => p.text === mark)!.xml;
    const scale = Number(/<w:w w:val="(\d+)"\/>/.exec(xml)![1]);
    expect(scale).toBeLessThan(100);
    expect(scale).toBeCloseTo(line.scaleX!, -1);
  });
});

describe('附件 and 版记', () => {
  const attachment = '= 附加说明材料\n\n本附件列出{{单位.全称}}的补充材料。\n';

  it('writes a single 附件 without a number and lists a named-only one without a page', () => {
    const doc = compile(['公文:', '  附件:', '    - 模板: 附件.hbs'].join('\n'), { '附件.hbs': attachment });
    const text = toText(doc);
    expect(text).toContain('\u3000\u3000附件：附加说明材料\n');
    expect(doc.blocks.filter((b) => b.type === 'attachment')).toEqual([{ type: 'attachment', label: '附件', title: '附加说明材料' }]);
    const listed = compile(['公文:', '  附件: [另行报送的材料, 第二份材料]'].join('\n'));
    expect(toText(listed)).toContain('\u3000\u3000附件：1.另行报送的材料\n\u3000\u3000\u3000\u3000\u30002.第二份材料\n');
    expect(listed.blocks.some((b) => b.type === 'attachment')).toBe(false);
  });

  it('reports a 附件 name that differs from its template title at the name in report.yaml', () => {
    expect(problems(['公文:', '  附件:', '    - 名称: 补充材料', '      模板: 附件.hbs'].join('\n'), { '附件.hbs': attachment })).toEqual([
      'report.yaml:6:11 附件 1 的名称“补充材料”与其模板 附件.hbs 的标题“附加说明材料”不一致（附件说明与附件标题应当一致，GB/T 9704 §7.3.7）',
    ]);
  });

  it('reports a problem in a 附件 template at its line and column, and a missing one at report.yaml', () => {
    expect(problems(['公文:', '  附件:', '    - 模板: 附件.hbs'].join('\n'), { '附件.hbs': '= 材料\n\n共{{行政执法陪训.期数}}期。\n' })[0]).toMatch(/^附件\.hbs:3:\d+ 模板用到了数据里没有的字段 行政执法陪训\.期数/);
    expect(problems(['公文:', '  附件:', '    - 模板: 没有的.hbs'].join('\n'))[0]).toMatch(/^report\.yaml:6:11 附件 1 的模板：.*没有的\.hbs/);
  });

  it('puts the 版记 below the last line of text when it fits, else on the next page (an even one when printing on both sides), numbered unless a blank page precedes it', () => {
    const gongwen = (duplex: boolean) => ['公文:', '  抄送机关: 市司法局', '  印发机关: 瓦房镇党政办公室', `  双面印刷: ${duplex}`].join('\n');
    const plain = layoutWith(compile(''), fonts);
    // The plain document's last page: how many grid lines its text takes.
    const used = Math.max(...plain.pages.at(-1)!.lines.filter((l) => l.slot >= 0).map((l) => l.slot)) + 1;
    const fits = used + 1 + 2 <= 22;
    const n = plain.pages.length;
    for (const duplex of [false, true]) {
      const l = layoutWith(compile(gongwen(duplex)), fonts);
      const shared = fits && (!duplex || n % 2 === 0);
      const blank = !shared && duplex && (n + 1) % 2 === 1;
      expect(l.pages, `双面印刷: ${duplex}`).toHaveLength(shared ? n : blank ? n + 2 : n + 1);
      expect(l.imprint?.placement).toBe(shared ? 'shared' : blank ? 'afterBlank' : 'newPage');
      const last = l.pages.at(-1)!;
      expect(last.lines.some((x) => x.kind === 'pageNumber')).toBe(!blank);
      expect(last.lines.filter((x) => x.kind === 'imprint').map((x) => x.text)).toEqual(['抄送：市司法局。', '瓦房镇党政办公室2025年1月20日印发']);
      if (shared) expect(last.lines.filter((x) => x.kind !== 'imprint')).toEqual(plain.pages.at(-1)!.lines);
    }
  });
});

describe('the TXT of the 上行文 example', () => {
  it('writes the 版头, a rule for the red line, the 主送机关, the 附件说明, each 附件 and the 版记 plainly', async () => {
    const { gongwenDoc } = await import('../helpers/gongwen.js');
    const lines = toText(gongwenDoc()).split('\n');
    const rule = '─'.repeat(28);
    expect(lines.slice(0, 11)).toEqual([
      '000012',
      '加急',
      '',
      '瓦房镇人民政府文件',
      '',
      '瓦政发〔2025〕3号\u3000\u3000签发人：张建国',
      rule,
      '',
      '瓦房镇人民政府关于2024年度法治政府建设情况的报告',
      '',
      '市人民政府：',
    ]);
    const note = lines.indexOf('\u3000\u3000附件：1.瓦房镇人民政府2024年法治政府建设主要指标');
    expect(lines.slice(note - 1, note + 5)).toEqual([
      '',
      '\u3000\u3000附件：1.瓦房镇人民政府2024年法治政府建设主要指标',
      '\u3000\u3000\u3000\u3000\u30002.瓦房镇人民政府2024年度存在问题整改清单',
      '',
      '瓦房镇人民政府',
      '2025年1月20日',
    ]);
    const first = lines.indexOf('附件1');
    expect(lines.slice(first - 1, first + 4)).toEqual([rule, '附件1', '', '瓦房镇人民政府2024年法治政府建设主要指标', '']);
    expect(lines.slice(-7)).toEqual([
      '',
      rule,
      '抄送：市司法局，县委依法治县办。',
      rule,
      `瓦房镇党政办公室${' '.repeat(56 - 16 - 17)}2025年1月20日印发`,
      rule,
      '',
    ]);
  });
});

describe('any combination of the 公文 parts', () => {
  it('keeps every line in the 版心, the title under the red line, the 版记 on the last page (an even one when printing on both sides), unnumbered only after a blank page (40 seeded combinations)', async () => {
    const parts = [
      '  份号: 123',
      '  密级: 秘密\n  保密期限: 6个月',
      '  紧急程度: 特急',
      '  发文字号: {机关代字: 瓦政发, 序号: 101}',
      '  行文方向: 上行文\n  签发人: [张建国, 李明, 王立春, 赵四]',
      '  主送机关: [市人民政府, 县人民政府, 市司法局, 市委依法治市办, 县委依法治县办]',
      '  附件: [第一份材料, 第二份材料, 第三份材料的名称很长很长很长很长很长很长很长很长很长很长很长]',
      '  抄送机关: [市司法局, 县委依法治县办, 县人民政府办公室, 县司法局, 县财政局, 县审计局, 县统计局]',
      '  印发机关: 瓦房镇党政办公室',
      '  双面印刷: false',
    ];
    let seed = 20250120;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 40; k++) {
      await new Promise<void>((resolve) => setImmediate(resolve)); // let the worker answer the runner
      const chosen = parts.filter(() => random() < 0.5);
      const yaml = ['公文:', '  发文机关标志: 瓦房镇人民政府文件', ...chosen].join('\n');
      const layout = layoutWith(compile(yaml), fonts);
      const where = `with ${chosen.map((c) => c.trim().split(':')[0]).join('、')}`;
      for (const page of layout.pages) {
        for (const l of page.lines) {
          if (l.kind === 'pageNumber') continue;
          expect(l.runs[0]!.x, where).toBeGreaterThanOrEqual(LEFT - 0.01);
          // The last glyph's advance box, as poppler reports it (a 16 pt glyph in a 15.79 pt cell may
          // pass the cell by 0.2 pt; the glyph-box rule allows 0.5 pt).
          const last = l.runs.at(-1)!;
          const end = l.scaleX !== undefined ? l.runs[0]!.x + (lineWidth(l) * l.scaleX) / 100 : last.x + last.width + last.spacing * ([...last.text].length - 1);
          expect(end, where).toBeLessThanOrEqual(RIGHT + 0.5);
          expect(emTop(l), where).toBeGreaterThanOrEqual(TEXT_BLOCK_PT.top - 0.01);
          expect(emTop(l) + l.size, where).toBeLessThanOrEqual(TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height + 0.01);
        }
      }
      const rule = layout.pages[0]!.rules![0]!;
      const title = layout.pages[0]!.lines.find((l) => l.kind === 'title')!;
      expect(emTop(title) - rule.y, where).toBeGreaterThan(2 * LINE_PITCH_PT);
      const hasImprint = chosen.some((c) => c.includes('抄送机关') || c.includes('印发机关'));
      if (hasImprint) {
        const last = layout.pages.at(-1)!;
        const afterBlank = layout.imprint!.placement === 'afterBlank';
        expect(last.lines.some((l) => l.kind === 'pageNumber'), where).toBe(!afterBlank);
        if (afterBlank) expect(layout.pages.at(-2)!.lines, where).toEqual([]);
        if (!chosen.some((c) => c.includes('双面印刷'))) expect(layout.pages.length % 2, where).toBe(0);
        else expect(afterBlank, where).toBe(false);
        // Text and 版记 never meet: a whole empty grid line lies between the last text line and the first rule.
        const text = last.lines.filter((l) => l.kind !== 'imprint' && l.kind !== 'pageNumber');
        const firstRule = Math.min(...last.rules!.map((r) => r.y - r.thickness / 2));
        if (text.length > 0) expect(firstRule - (emTop(text.at(-1)!) + LINE_PITCH_PT), where).toBeGreaterThanOrEqual(LINE_PITCH_PT - 0.01);
        expect(Math.max(...last.rules!.map((r) => r.y + r.thickness / 2)), where).toBeCloseTo(TEXT_BLOCK_PT.top + TEXT_BLOCK_PT.height, 3);
      }
    }
  }, 120_000);
});
