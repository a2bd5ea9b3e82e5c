/**
 * The DOCX writer's 公文 parts (GB/T 9704-2012 §7.2–§7.4) as WordprocessingML that survives
 * editing in Word, WPS and LibreOffice:
 * - the 版头: 份号/密级/紧急程度 and the 发文字号/签发人 as paragraphs on the 22-line grid; the red
 *   发文机关标志 as a paragraph of exact height off the grid whose spacing keeps the lines after it on
 *   the grid; the red separator line as a line shape anchored to the 版心 (margin) at its exact
 *   distance from the 版心's top, so text edits never move it;
 * - the 主送机关 and 附件说明 as paragraphs with hanging indents; each 附件 starting a new page;
 * - the 版记 as a table in a text box anchored to the bottom of the 版心 (its last rule on the
 *   版心's bottom edge), after the text on its last page, or on the next page, or — when a blank
 *   page must precede it — in a last section of its own that starts on an even page (Word and
 *   LibreOffice insert the blank page) and has no page numbers (layout/gongwen.ts placeImprint).
 * Every number comes from layout/gbt9704.ts; positions shared with the PDF from layout/gongwen.ts.
 */
import { ImportedXmlComponent, type Paragraph } from 'docx';
import type { BlockHandlers, GongwenBlock, Imprint } from '../../document/types.js';
import {
  ATTACHMENT_NOTE,
  GONGWEN_RED,
  IMPRINT,
  LETTERHEAD,
  LINE_PITCH_TWIPS,
  mmToPt,
  TEXT_BLOCK_MM,
  type FontRole,
} from '../../layout/gbt9704.js';
import { attachmentNoteEntries, copyToText, letterheadGeometry, printDateText, signerLines } from '../../layout/gongwen.js';
import { estimateWidth } from '../../layout/title-break.js';
import { BODY_CHAR_TWIPS, escapeXml } from './styles.js';

/** The 版心's width in twips (156 mm). */
const TEXT_WIDTH_TWIPS = Math.round(mmToPt(TEXT_BLOCK_MM.width) * 20);
/** The 版心's height in twips (225 mm). */
const TEXT_HEIGHT_TWIPS = Math.round(mmToPt(TEXT_BLOCK_MM.height) * 20);
const EMU_PER_TWIP = 635;
const twips = (pt: number) => Math.round(pt * 20);

/**
 * Where an office suite puts the text of a line of exact height: the font's descent at the bottom,
 * the rest above, so the em box's top lies (line height − size × this) below the line's top. The
 * value is that of the CJK fonts (ascent 0.88 em in the em box, descent 0.288 em in hhea, Noto CJK
 * and Source Han), measured with LibreOffice 7.4.
 */
const EXACT_LINE_TEXT_EM = 0.88 + 0.288;

/** Raw WordprocessingML as a body element (the `docx` library writes it as is). */
const raw = (xml: string): Paragraph => ImportedXmlComponent.fromXmlString(xml) as unknown as Paragraph;

/** A run: text with optional font, size (pt), colour, scale (%), character spacing (twips). */
function run(text: string, o: { font?: string; size?: number; color?: string; scale?: number; spacing?: number } = {}): string {
  const rPr =
    (o.font ? `<w:rFonts w:ascii="${escapeXml(o.font)}" w:eastAsia="${escapeXml(o.font)}" w:hAnsi="${escapeXml(o.font)}" w:cs="${escapeXml(o.font)}" w:hint="eastAsia"/>` : '') +
    (o.color ? `<w:color w:val="${o.color}"/>` : '') +
    (o.spacing !== undefined ? `<w:spacing w:val="${o.spacing}"/>` : '') +
    (o.scale !== undefined && o.scale !== 100 ? `<w:w w:val="${o.scale}"/>` : '') +
    (o.size ? `<w:sz w:val="${o.size * 2}"/><w:szCs w:val="${o.size * 2}"/>` : '');
  return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r>`;
}
const tab = '<w:r><w:tab/></w:r>';

/** A Normal paragraph with extra paragraph properties (in schema order) and runs. */
function para(runs: string, o: { pageBreakBefore?: boolean; tabs?: string; snap?: boolean; spacing?: string; ind?: string; jc?: string } = {}): string {
  const pPr =
    `<w:pStyle w:val="Normal"/>` +
    (o.pageBreakBefore ? '<w:pageBreakBefore/>' : '') +
    (o.tabs ? `<w:tabs>${o.tabs}</w:tabs>` : '') +
    (o.snap === false ? '<w:snapToGrid w:val="0"/>' : '') +
    (o.spacing ?? '') +
    `<w:ind ${o.ind ?? 'w:firstLine="0"'}/>` +
    (o.jc ? `<w:jc w:val="${o.jc}"/>` : '');
  return `<w:p><w:pPr>${pPr}</w:pPr>${runs}</w:p>`;
}

/** The red separator line (§7.2.7): a line shape anchored to the margin, `y` twips below the 版心's top. */
function redLine(y: number): string {
  const cx = TEXT_WIDTH_TWIPS * EMU_PER_TWIP;
  const w = Math.round(LETTERHEAD.ruleThicknessPt * 12700);
  return (
    `<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">` +
    `<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH>` +
    `<wp:positionV relativeFrom="margin"><wp:posOffset>${y * EMU_PER_TWIP}</wp:posOffset></wp:positionV>` +
    `<wp:extent cx="${cx}" cy="0"/><wp:effectExtent l="0" t="${w / 2}" r="0" b="${w / 2}"/><wp:wrapNone/>` +
    `<wp:docPr id="1" name="版头分隔线"/><wp:cNvGraphicFramePr/>` +
    `<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">` +
    `<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="0"/></a:xfrm><a:prstGeom prst="line"><a:avLst/></a:prstGeom>` +
    `<a:ln w="${w}"><a:solidFill><a:srgbClr val="${GONGWEN_RED}"/></a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp>` +
    `</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`
  );
}

/** The DOCX handlers of the 公文 blocks, writing the given font names. */
export function gongwenDocx(
  names: Readonly<Record<FontRole, string>>,
  /** The document title's paragraphs (and the blank line after), for a 附件's title. */
  title: (text: string) => Paragraph[],
): { [K in GongwenBlock['type']]: BlockHandlers<Paragraph[]>[K] } {
  return {
    letterhead: (node) => {
      const out: string[] = [];
      const corner: [string, string | undefined][] = [];
      if (node.copyNumber !== undefined) corner.push([node.copyNumber, undefined]);
      if (node.secrecy !== undefined) corner.push([node.secrecy, names.heading1]);
      if (node.urgency !== undefined) corner.push([node.urgency, names.heading1]);
      for (const [text, font] of corner) out.push(para(run(text, font ? { font } : {})));

      const groups = signerLines(node.signers);
      const g = letterheadGeometry(groups.length);
      // The mark: a paragraph of exact height (two grid lines), its em box 35 mm below the 版心's top.
      const size = LETTERHEAD.markSizePt;
      const line = 2 * LINE_PITCH_TWIPS;
      const above = line - twips(size * EXACT_LINE_TEXT_EM);
      const before = twips(g.markTop) - corner.length * LINE_PITCH_TWIPS - above;
      const after = g.firstSignerLine * LINE_PITCH_TWIPS - corner.length * LINE_PITCH_TWIPS - before - line;
      const width = estimateWidth(node.mark) * size;
      const scale = width * 20 > TEXT_WIDTH_TWIPS ? Math.floor((TEXT_WIDTH_TWIPS / (width * 20)) * 100) : 100;
      out.push(
        para(run(node.mark, { font: names.title, size, color: GONGWEN_RED, scale, spacing: 0 }), {
          snap: false,
          spacing: `<w:spacing w:before="${before}" w:after="${after}" w:line="${line}" w:lineRule="exact"/>`,
          jc: 'center',
        }),
      );

      // 发文字号 and 签发人 on grid lines; the red line anchored in the first of them.
      const rule = redLine(twips(g.ruleY));
      const inset = LETTERHEAD.signerInsetChars * BODY_CHAR_TWIPS;
      if (node.upward && groups.length > 0) {
        const label = estimateWidth(LETTERHEAD.signerLabel) * BODY_CHAR_TWIPS;
        const widest = Math.max(...groups.map((n) => estimateWidth(n.join('\u3000')) * BODY_CHAR_TWIPS));
        const namesAt = Math.round(TEXT_WIDTH_TWIPS - inset - widest);
        const numberInd = `w:left="${LETTERHEAD.docNumberInsetChars * BODY_CHAR_TWIPS}" w:firstLine="0"`;
        groups.forEach((names_, i) => {
          const last = i === groups.length - 1;
          const names2 = run(names_.join('\u3000'), { font: names.heading2 });
          const lead = i === 0 ? `${tab}${run(LETTERHEAD.signerLabel)}${names2}` : `${tab}${names2}`;
          const number = last && node.docNumber !== undefined ? run(node.docNumber) : '';
          const stop = i === 0 ? namesAt - Math.round(label) : namesAt;
          out.push(
            para(`${i === 0 ? rule : ''}${number}${lead}`, {
              tabs: `<w:tab w:val="left" w:pos="${stop}"/>`,
              ind: numberInd,
            }),
          );
        });
      } else {
        out.push(para(`${rule}${node.docNumber !== undefined ? run(node.docNumber) : ''}`, { jc: 'center' }));
      }
      // The title starts after two empty grid lines under the rule (§7.3.1).
      const gap = g.firstBodyLine - g.docNumberLine - 1;
      for (let i = 0; i < gap; i++) out.push(para(''));
      return out.map(raw);
    },
    addressee: (node) => [raw(para(run(node.text)))],
    attachmentNote: (node) => {
      const out: string[] = [];
      for (let i = 0; i < ATTACHMENT_NOTE.blankLinesBefore; i++) out.push(para(''));
      const start = ATTACHMENT_NOTE.indentChars * BODY_CHAR_TWIPS;
      const labelW = estimateWidth(ATTACHMENT_NOTE.label) * BODY_CHAR_TWIPS;
      for (const e of attachmentNoteEntries(node.names)) {
        const numberW = estimateWidth(e.number) * BODY_CHAR_TWIPS;
        const nameAt = Math.round(start + labelW + numberW);
        const hanging = e.label ? nameAt - start : Math.round(numberW);
        out.push(para(run(`${e.label}${e.number}${e.name}`), { ind: `w:left="${nameAt}" w:hanging="${hanging}"` }));
      }
      return out.map(raw);
    },
    attachment: (node) => [raw(para(run(node.label, { font: names.heading1 }), { pageBreakBefore: true })), raw(para('')), ...title(node.title)],
    // The 版记 after the text, or (imprintOwnSection) in a last section of its own.
    imprint: (node) => (imprintOwnSection(node) ? [] : imprintChildren(node, names)),
  };
}

/**
 * The 版记 (§7.4) as a table in a text box anchored to the bottom of the 版心: one row per line
 * (rows of exact height, one grid line per text line), 4号 仿宋, 0.35 mm rules above and below,
 * 0.25 mm between the 抄送 and the 印发 line. Returns the paragraph the box is anchored in.
 *
 * Why a text box: it is the construct Word itself writes for "a block at the foot of the page", it
 * keeps its place at the 版心's bottom while the clerk edits the text above (the text wraps above it
 * and carries it to the next page only when the page is full), and LibreOffice (7.4) lays it out
 * where Word does. A floating table (`w:tblpPr` with `w:tblpYSpec="bottom"`) and paragraphs in a
 * frame (`w:framePr` with `w:yAlign="bottom"`) were tried: LibreOffice 7.4 sets the full-width
 * floating table inline where it stands, and drops the frame (and its borders), leaving plain
 * paragraphs.
 */
export function imprintChildren(node: Imprint, names: Readonly<Record<FontRole, string>>): Paragraph[] {
  const size = IMPRINT.sizePt;
  const inset = twips(IMPRINT.insetChars * size);
  const eighths = (mm: number) => Math.round(mmToPt(mm) * 8);
  const outer = `w:val="single" w:sz="${eighths(IMPRINT.outerRuleMm)}" w:space="0" w:color="000000"`;
  const inner = `w:val="single" w:sz="${eighths(IMPRINT.innerRuleMm)}" w:space="0" w:color="000000"`;
  const r = (text: string) => run(text, { font: names.body, size, spacing: 0 });
  const cellPara = (runs: string, ind: string, tabs = '') =>
    `<w:p><w:pPr><w:pStyle w:val="Normal"/>${tabs ? `<w:tabs>${tabs}</w:tabs>` : ''}<w:snapToGrid w:val="0"/>` +
    `<w:spacing w:before="0" w:after="0" w:line="${LINE_PITCH_TWIPS}" w:lineRule="exact"/><w:ind ${ind}/><w:jc w:val="left"/></w:pPr>${runs}</w:p>`;
  const row = (content: string, lines: number) =>
    `<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="${lines * LINE_PITCH_TWIPS}" w:hRule="exact"/></w:trPr>` +
    `<w:tc><w:tcPr><w:tcW w:w="${TEXT_WIDTH_TWIPS}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>${content}</w:tc></w:tr>`;
  const rows: string[] = [];
  let lines = 0;
  if (node.copyTo.length > 0) {
    const { label, text } = copyToText(node.copyTo);
    const labelW = twips([...label].length * size);
    // The row is as high as its lines (4号 characters, the label's width hanging).
    const perLine = (TEXT_WIDTH_TWIPS - 2 * inset - labelW) / twips(size);
    const n = Math.max(1, Math.ceil(estimateWidth(text) / perLine - 1e-9));
    lines += n;
    rows.push(row(cellPara(r(`${label}${text}`), `w:left="${inset + labelW}" w:right="${inset}" w:hanging="${labelW}"`), n));
  }
  if (node.printer !== undefined && node.printDate !== undefined) {
    lines += 1;
    rows.push(
      row(
        cellPara(`${r(node.printer)}${tab}${r(printDateText(node.printDate))}`, `w:left="${inset}" w:right="${inset}" w:firstLine="0"`, `<w:tab w:val="right" w:pos="${TEXT_WIDTH_TWIPS - inset}"/>`),
        1,
      ),
    );
  }
  const table =
    `<w:tbl><w:tblPr><w:tblW w:w="${TEXT_WIDTH_TWIPS}" w:type="dxa"/><w:jc w:val="center"/>` +
    `<w:tblBorders><w:top ${outer}/><w:left w:val="nil"/><w:bottom ${outer}/><w:right w:val="nil"/><w:insideH ${inner}/><w:insideV w:val="nil"/></w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>` +
    `<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>` +
    `<w:tblGrid><w:gridCol w:w="${TEXT_WIDTH_TWIPS}"/></w:tblGrid>${rows.join('')}</w:tbl>`;
  // The table sits in a text box anchored to the 版心 (the page margins) with its bottom on the
  // 版心's bottom edge: the box is as tall as the rows plus half the outer rule, which is drawn centred on the last
  // row's edge, so that the rule's lower edge is the 版心's bottom edge (as in the PDF). Wrapped
  // top and bottom with one grid line of distance above, so text never comes closer than one
  // empty line to the first rule, however the clerk edits the text above it.
  const height = lines * LINE_PITCH_TWIPS + Math.round((eighths(IMPRINT.outerRuleMm) * 20) / 8 / 2);
  // Anchored in an empty paragraph one twip high after the text, which starts a new page when the
  // 版记 takes a page of its own in the same section (`newPage`).
  const box = imprintBox(table + tiny(false), height);
  const newPage = node.placement === 'newPage' || (node.placement === undefined && !node.duplex);
  return [raw(tiny(newPage, box))];
}

/**
 * Whether the 版记 goes in a last section of its own that starts on an even page, with empty
 * footers: when a blank page precedes it (`afterBlank`, §7.5: neither page numbered; Word and
 * LibreOffice insert the blank page). Without a placement measured by the build, a document printed
 * on both sides takes this too (an even page, unnumbered) and one printed on one side a new page.
 */
export function imprintOwnSection(node: Imprint): boolean {
  return node.placement === 'afterBlank' || (node.placement === undefined && node.duplex);
}

/** An empty paragraph one twip high (a table cannot end a text box; the box needs an anchor). */
function tiny(pageBreakBefore: boolean, runs = ''): string {
  return para(runs, { pageBreakBefore, snap: false, spacing: '<w:spacing w:before="0" w:after="0" w:line="1" w:lineRule="exact"/>' });
}

/**
 * A DrawingML text box holding `content`, 156 mm wide and `height` twips tall, anchored to the
 * margin (the 版心): horizontally centred, its top (225 mm − height) below the 版心's top so that its
 * bottom is the 版心's bottom edge; wrapped top and bottom with {@link IMPRINT}.blankLinesBefore
 * grid lines of distance above it. (Vertical alignment "bottom" relative to the margin says the
 * same, but LibreOffice 7.4 puts such a box 9 pt too low in a section of its own; an offset from
 * the 版心's top, like the 版头's red line, it places exactly.)
 */
function imprintBox(content: string, height: number): string {
  const cx = TEXT_WIDTH_TWIPS * EMU_PER_TWIP;
  const cy = height * EMU_PER_TWIP;
  const distT = IMPRINT.blankLinesBefore * LINE_PITCH_TWIPS * EMU_PER_TWIP;
  return (
    `<w:r><w:drawing><wp:anchor distT="${distT}" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="251660288" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0">` +
    `<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>` +
    `<wp:positionV relativeFrom="margin"><wp:posOffset>${(TEXT_HEIGHT_TWIPS - height) * EMU_PER_TWIP}</wp:posOffset></wp:positionV>` +
    `<wp:extent cx="${cx}" cy="${cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>` +
    `<wp:docPr id="2" name="版记"/><wp:cNvGraphicFramePr/>` +
    `<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">` +
    `<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>` +
    `<wps:txbx><w:txbxContent>${content}</w:txbxContent></wps:txbx>` +
    `<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr></wps:wsp>` +
    `</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`
  );
}
