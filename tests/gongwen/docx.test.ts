/**
 * The 公文 example's DOCX read back as XML: the red 发文机关标志 and separator line, the 发文字号 and
 * 签发人, the 主送机关, the 附件说明 and 附件 pages, and the 版记 in a last section of its own — each as
 * a real WordprocessingML construct with the numbers of GB/T 9704-2012 §7.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Doc } from '../../src/document/types.js';
import { LINE_PITCH_TWIPS, mmToPt, TEXT_BLOCK_PT } from '../../src/layout/gbt9704.js';
import { letterheadGeometry } from '../../src/layout/gongwen.js';
import { toDocx } from '../../src/render/docx/index.js';
import { docxParts, paragraphs } from '../helpers/docx.js';
import { gongwenDoc } from '../helpers/gongwen.js';
import { REPO } from '../helpers/cli.js';
import { resolveFonts } from '../../src/cli/fonts.js';
import { decideImprint } from '../../src/cli/commands/build.js';

const attr = (xml: string, el: string, name: string) => new RegExp(`<${el}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml)?.[1];

describe('the 公文 DOCX', () => {
  let doc: Doc;
  let parts: Record<string, string>;
  let body: string;
  let paras: { xml: string; text: string }[];
  const para = (re: RegExp) => {
    const p = paras.find((x) => re.test(x.text));
    if (!p) throw new Error(`no paragraph matching ${re}`);
    return p;
  };

  beforeAll(async () => {
    // Placed as the build places it: the example's text ends on a full even page, so the 版记
    // follows a blank page, in a section of its own.
    const fonts = await resolveFonts({}, REPO);
    if (!fonts.ok) throw new Error('fonts');
    doc = await decideImprint(gongwenDoc(), fonts.value);
    parts = docxParts(await toDocx(doc, { modified: new Date('2025-01-20T00:00:00Z') }));
    body = parts['word/document.xml']!;
    paras = paragraphs(body);
  });

  it('writes 份号 and 紧急程度 顶格 as the first paragraphs, 紧急程度 in 黑体', () => {
    expect(paras[0]!.text).toBe('000012');
    expect(paras[1]!.text).toBe('加急');
    expect(paras[1]!.xml).toContain('w:eastAsia="黑体"');
    expect(paras[0]!.xml).toContain('w:firstLine="0"');
  });

  it('writes the 发文机关标志 centred in red 小标宋, off the grid, 35 mm below the 版心 (§7.2.4)', () => {
    const mark = para(/^瓦房镇人民政府文件$/);
    expect(mark.xml).toContain('<w:color w:val="FF0000"/>');
    expect(mark.xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(mark.xml).toContain('<w:jc w:val="center"/>');
    expect(mark.xml).toContain('<w:snapToGrid w:val="0"/>');
    expect(mark.xml).toMatch(/<w:sz w:val="84"\/>/);
    // The paragraphs before the 发文字号 take exactly the grid lines the PDF gives them, so the
    // 发文字号 and everything after stay on the 22-line grid.
    const g = letterheadGeometry(1);
    const before = Number(attr(mark.xml, 'w:spacing', 'w:before'));
    const after = Number(attr(mark.xml, 'w:spacing', 'w:after'));
    const line = Number(attr(mark.xml, 'w:spacing', 'w:line'));
    expect(attr(mark.xml, 'w:spacing', 'w:lineRule')).toBe('exact');
    expect(2 * LINE_PITCH_TWIPS + before + line + after).toBe(g.firstSignerLine * LINE_PITCH_TWIPS);
  });

  it('writes the 发文字号 居左空一字 and the 签发人 in 楷体 on one line, with the red line anchored 4 mm under it (§7.2.5–§7.2.7)', () => {
    const number = para(/^瓦政发〔2025〕3号/);
    expect(number.text).toBe('瓦政发〔2025〕3号签发人：张建国');
    expect(number.xml).toMatch(/<w:ind w:left="315"/);
    expect(number.xml).toContain('<w:tab w:val="left"');
    expect(number.xml).toMatch(/w:eastAsia="楷体_GB2312"[^>]*\/>(?:(?!<\/w:r>).)*<w:t[^>]*>张建国/s);
    // The red line: a line shape anchored to the 版心 (margin), 156 mm long, red, at the PDF's position.
    const anchor = /<wp:anchor\b.*?<\/wp:anchor>/s.exec(number.xml)![0];
    expect(anchor).toContain('<wp:positionV relativeFrom="margin">');
    expect(anchor).toContain('<wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset>');
    const y = Number(/<wp:positionV relativeFrom="margin"><wp:posOffset>(\d+)</.exec(anchor)![1]) / 12700;
    expect(y).toBeCloseTo(letterheadGeometry(1).ruleY, 1);
    const cx = Number(attr(anchor, 'wp:extent', 'cx')) / 12700;
    expect(cx).toBeCloseTo(TEXT_BLOCK_PT.width, 0);
    expect(anchor).toContain('<a:prstGeom prst="line">');
    expect(anchor).toContain('<a:srgbClr val="FF0000"/>');
  });

  it('writes the title two empty lines under the 版头 and the 主送机关 flush left with its colon (§7.3.1, §7.3.2)', () => {
    const number = paras.indexOf(para(/^瓦政发/));
    expect(paras[number + 1]!.text).toBe('');
    expect(paras[number + 2]!.text).toBe('');
    expect(paras[number + 3]!.xml).toContain('<w:pStyle w:val="Title"/>');
    const to = para(/^市人民政府：$/);
    expect(to.xml).toContain('w:firstLine="0"');
    expect(paras[paras.indexOf(to) - 1]!.text).toBe('');
  });

  it('writes the 附件说明 with hanging indents so names align (§7.3.4)', () => {
    const first = para(/^附件：1\./);
    const second = para(/^2\./);
    expect(paras[paras.indexOf(first) - 1]!.text).toBe('');
    expect(paras[paras.indexOf(first) + 1]).toBe(second);
    const left1 = Number(attr(first.xml, 'w:ind', 'w:left'));
    const hang1 = Number(attr(first.xml, 'w:ind', 'w:hanging'));
    const left2 = Number(attr(second.xml, 'w:ind', 'w:left'));
    const hang2 = Number(attr(second.xml, 'w:ind', 'w:hanging'));
    // 附件： starts two 字 in; both names start at the same place; 2. sits under 1.
    expect(left1 - hang1).toBe(2 * 315);
    expect(left1).toBe(left2);
    expect(left2 - hang2).toBe(5 * 315);
  });

  it('starts each 附件 on a new page with 附件N in 黑体, then its title on the third line (§7.3.7)', () => {
    for (const n of [1, 2]) {
      const label = para(new RegExp(`^附件${n}$`));
      expect(label.xml).toContain('<w:pageBreakBefore/>');
      expect(label.xml).toContain('w:eastAsia="黑体"');
      const i = paras.indexOf(label);
      expect(paras[i + 1]!.text).toBe('');
      expect(paras[i + 2]!.xml).toContain('<w:pStyle w:val="Title"/>');
    }
  });

  it('puts the 版记 after a blank page in a last section that starts on an even page and has no page numbers (§7.4, §7.5)', () => {
    expect(doc.blocks.at(-1)).toMatchObject({ type: 'imprint', placement: 'afterBlank' });
    const sections = [...body.matchAll(/<w:sectPr\b.*?<\/w:sectPr>/gs)].map((m) => m[0]);
    expect(sections).toHaveLength(2);
    expect(sections[0]).not.toContain('<w:type ');
    expect(sections[1]).toContain('<w:type w:val="evenPage"/>');
    const footers = [...sections[1]!.matchAll(/<w:footerReference [^>]*r:id="([^"]+)"/g)].map((m) => m[1]!);
    expect(footers).toHaveLength(2);
    const rels = parts['word/_rels/document.xml.rels']!;
    for (const id of footers) {
      const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1]!;
      expect(parts[`word/${target}`]).not.toContain('PAGE');
    }
    // The first section keeps its numbered footers.
    const first = [...sections[0]!.matchAll(/<w:footerReference [^>]*r:id="([^"]+)"/g)].map((m) => m[1]!);
    expect(first).toHaveLength(2);
  });

  it('writes the 版记 as a table in a text box anchored to the 版心, its bottom on the 版心 bottom edge: rules 0.35/0.25/0.35 mm, one grid line a row, 4号 (§7.4)', () => {
    const last = body.slice(body.indexOf('</w:sectPr>'));
    const anchor = /<wp:anchor\b.*?<\/wp:anchor>/s.exec(last)![0];
    expect(anchor).toContain('<wp:wrapTopAndBottom/>');
    expect(anchor).toContain('<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>');
    // One empty grid line kept between the text above and the box.
    expect(Number(attr(anchor, 'wp:anchor', 'distT')) / 635).toBe(LINE_PITCH_TWIPS);
    const table = /<w:tbl>.*?<\/w:tbl>/s.exec(anchor)![0];
    expect(attr(table, 'w:top', 'w:sz')).toBe('8'); // eighths of a point: 1 pt ≈ 0.35 mm
    expect(attr(table, 'w:bottom', 'w:sz')).toBe('8');
    expect(attr(table, 'w:insideH', 'w:sz')).toBe('6'); // 0.75 pt ≈ 0.26 mm
    const rows = [...table.matchAll(/<w:trHeight w:val="(\d+)" w:hRule="exact"\/>/g)].map((m) => Number(m[1]));
    expect(rows).toEqual([LINE_PITCH_TWIPS, LINE_PITCH_TWIPS]);
    const cells = paragraphs(table);
    expect(cells.map((c) => c.text)).toEqual(['抄送：市司法局，县委依法治县办。', '瓦房镇党政办公室2025年1月20日印发']);
    expect(cells[0]!.xml).toContain('<w:sz w:val="28"/>');
    expect(cells[0]!.xml).toMatch(/<w:ind w:left="1120" w:right="280" w:hanging="840"\/>/);
    expect(cells[1]!.xml).toContain('<w:tab w:val="right"');
    // The box: the rows plus half the outer rule (drawn centred on the last row's edge), its top
    // that much above the 版心's bottom edge, so the last rule's lower edge is the 版心's bottom.
    const height = Number(attr(anchor, 'wp:extent', 'cy')) / 635;
    expect(height - rows.reduce((a, b) => a + b, 0)).toBe(10);
    const y = Number(/<wp:positionV relativeFrom="margin"><wp:posOffset>(\d+)</.exec(anchor)![1]) / 635;
    expect((y + height) / 20).toBeCloseTo(mmToPt(225), 1);
  });

  it('anchors the 版记 after the text on its last page (shared) or on a new page in the same section (numbered), as the build decided', async () => {
    const placed = (placement: 'shared' | 'newPage') => ({
      ...doc,
      blocks: doc.blocks.map((b) => (b.type === 'imprint' ? { ...b, placement } : b)),
    });
    for (const placement of ['shared', 'newPage'] as const) {
      const xml = docxParts(await toDocx(placed(placement), { modified: new Date('2025-01-20T00:00:00Z') }))['word/document.xml']!;
      expect([...xml.matchAll(/<w:sectPr\b/g)], placement).toHaveLength(1);
      // The paragraph the box is anchored in: after the last paragraph of text, one twip high.
      const found = [...xml.matchAll(/<w:p><w:pPr>((?:(?!<\/w:pPr>).)*)<\/w:pPr><w:r><w:drawing><wp:anchor [^>]*>(?:(?!<\/wp:anchor>).)*?name="版记"/gs)];
      expect(found, placement).toHaveLength(1);
      const pPr = found[0]![1]!;
      expect(pPr.includes('<w:pageBreakBefore/>'), placement).toBe(placement === 'newPage');
      expect(pPr).toContain('w:line="1" w:lineRule="exact"');
      expect(xml.slice(0, found[0]!.index)).toMatch(/对决策实施过程中的风险预判和应对措施不足。<\/w:t><\/w:r><\/w:p>$/);
    }
  });
});
