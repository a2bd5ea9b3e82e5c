/**
 * The DOCX style sheet, written whole so that it carries only our styles (the `docx` library would
 * otherwise add its blue Calibri headings). Style names are Word's built-in ones, which Word and
 * WPS show localised: Normal → 正文, heading 1 → 标题 1, Title → 标题, footer → 页脚.
 *
 * Every number comes from layout/gbt9704.ts.
 */
import {
  BODY_CHAR_SPACING_TWIPS,
  FIRST_LINE_INDENT_CHARS,
  LINE_PITCH_TWIPS,
  ROLE_SIZE_PT,
  type FontRole,
} from '../../layout/gbt9704.js';
import { tableStylesXml } from './table.js';

/** The width of one body 字 in twips once condensed (16 pt − 0.25 pt). */
export const BODY_CHAR_TWIPS = ROLE_SIZE_PT.body * 20 + BODY_CHAR_SPACING_TWIPS;

/** Escapes text for XML content and attribute values. */
export const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** All four font slots set to the role's font, with the East Asian hint (format notes §3.4). */
function fonts(name: string): string {
  const n = escapeXml(name);
  return `<w:rFonts w:ascii="${n}" w:eastAsia="${n}" w:hAnsi="${n}" w:cs="${n}" w:hint="eastAsia"/>`;
}

const size = (pt: number) => `<w:sz w:val="${pt * 2}"/><w:szCs w:val="${pt * 2}"/>`;

function paragraphStyle(
  id: string,
  name: string,
  opts: { pPr?: string; rPr?: string; next?: string; basedOn?: string; isDefault?: boolean; outline?: number },
): string {
  return (
    `<w:style w:type="paragraph"${opts.isDefault ? ' w:default="1"' : ''} w:styleId="${id}">` +
    `<w:name w:val="${name}"/>` +
    (opts.basedOn ? `<w:basedOn w:val="${opts.basedOn}"/>` : '') +
    (opts.next ? `<w:next w:val="${opts.next}"/>` : '') +
    `<w:qFormat/>` +
    `<w:pPr>${opts.pPr ?? ''}${opts.outline !== undefined ? `<w:outlineLvl w:val="${opts.outline}"/>` : ''}</w:pPr>` +
    `<w:rPr>${opts.rPr ?? ''}</w:rPr>` +
    `</w:style>`
  );
}

/** The styles.xml text for the given font names. */
export function stylesXml(names: Readonly<Record<FontRole, string>>): string {
  const indent = FIRST_LINE_INDENT_CHARS * BODY_CHAR_TWIPS;
  // Paragraph defaults, for every paragraph:
  // - exact line spacing on the 579-twip grid (§5.2.3), nothing before or after;
  // - widow/orphan control off, or Word and LibreOffice end pages early (22 lines a page, §5.2.3);
  // - overflowPunct ("允许标点溢出边界", hanging punctuation) is the one setting the suites read
  //   differently, and we write w:val="1". What each does with it:
  //     Word, WPS: val="1" or no element → a ，。 that would start a line hangs past the right edge
  //       (ECMA-376 §17.3.1.21: omitting it means true); val="0" → the mark and the character
  //       before it go down to the next line, as in our PDF.
  //     LibreOffice (7.4 and current sources): the DOCX import inverts it — writerfilter's
  //       DomainMapper sets ParaIsHangingPunctuation to (val == 0), while its export writes the
  //       value as is. So val="1" → no hanging; val="0" or no element → hanging, and a hanging
  //       mark at the end of a justified line is then not drawn at all (measured: "效率，" comes
  //       out as "效率" in the PDF; tests/docx/libreoffice.test.ts checks no character is lost).
  //   No value gives the same lines everywhere: Word's "no hanging" (0) makes LibreOffice hang and
  //   drop commas; the one value all three read alike (no element = hang) drops commas too. The only
  //   structure LibreOffice never hangs in is a table cell (SwTextGuess disables hanging IsInTab),
  //   which would wreck the document for editing. val="1" is therefore the choice that loses
  //   nothing anywhere: LibreOffice keeps every line inside the 版心 like our PDF; Word and WPS
  //   behave exactly as on every document they create themselves (hanging is their default), so
  //   a line there differs only when a ，。、；：？！ falls on the 29th place — it then hangs
  //   instead of taking a character down with it.
  const pPrDefault =
    `<w:widowControl w:val="0"/><w:overflowPunct w:val="1"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>` +
    `<w:spacing w:before="0" w:after="0" w:line="${LINE_PITCH_TWIPS}" w:lineRule="exact"/><w:jc w:val="both"/>`;
  const rPrDefault =
    `${fonts(names.body)}<w:kern w:val="0"/>${size(ROLE_SIZE_PT.body)}` +
    `<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>`;
  // Body text is condensed by 0.25 pt a character so 28 fit a line (§5.2.3).
  const body = `<w:spacing w:val="${BODY_CHAR_SPACING_TWIPS}"/>`;
  const styles = [
    paragraphStyle('Normal', 'Normal', {
      isDefault: true,
      // No extra space between 汉字 and digits: the PDF sets none, and a line holds 28 字 (§5.2.3).
      pPr: `<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:ind w:firstLine="${indent}"/>`,
      rPr: `${fonts(names.body)}${body}${size(ROLE_SIZE_PT.body)}`,
    }),
    paragraphStyle('Title', 'Title', {
      basedOn: 'Normal',
      next: 'Normal',
      // A 22 pt title on the line grid would take two grid lines in LibreOffice: no snapping.
      pPr: `<w:snapToGrid w:val="0"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>`,
      rPr: `${fonts(names.title)}<w:b w:val="0"/><w:spacing w:val="0"/>${size(ROLE_SIZE_PT.title)}`,
    }),
    ...([1, 2, 3, 4] as const).map((level) =>
      paragraphStyle(`Heading${level}`, `heading ${level}`, {
        basedOn: 'Normal',
        next: 'Normal',
        outline: level - 1,
        pPr: `<w:keepNext/>`,
        rPr: `${fonts(level === 1 ? names.heading1 : level === 2 ? names.heading2 : names.body)}<w:b w:val="0"/>${size(ROLE_SIZE_PT.body)}`,
      }),
    ),
    paragraphStyle('Signature', 'Signature', {
      basedOn: 'Normal',
      pPr: `<w:ind w:firstLine="0"/><w:jc w:val="right"/>`,
    }),
    paragraphStyle('Footer', 'footer', {
      basedOn: 'Normal',
      pPr: `<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>`,
      rPr: `${fonts(names.pageNumber)}<w:spacing w:val="0"/>${size(ROLE_SIZE_PT.pageNumber)}`,
    }),
  ];
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
    `<w:docDefaults><w:rPrDefault><w:rPr>${rPrDefault}</w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr>${pPrDefault}</w:pPr></w:pPrDefault></w:docDefaults>` +
    styles.join('') +
    tableStylesXml(names) +
    `<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
    `</w:styles>`
  );
}
