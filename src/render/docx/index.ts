/**
 * The DOCX writer: the document model as a WordprocessingML file laid out per GB/T 9704-2012,
 * with the official font names, for clerks to edit in Word or WPS. Pure: the date to stamp is
 * passed in, and the same input always gives the same bytes.
 */
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  SectionType,
  type Table,
  TextRun,
} from 'docx';
import type { Block, BlockHandlers, Doc, GongwenBlock } from '../../document/types.js';
import {
  FOOTER_DISTANCE_TWIPS,
  HEADER_DISTANCE_TWIPS,
  formatChineseDate,
  LINE_PITCH_TWIPS,
  MARGIN_TWIPS,
  OFFICIAL_FONT_NAMES,
  PAGE_NUMBER,
  PAGE_TWIPS,
  ROLE_SIZE_PT,
  SIGNATURE,
  BLANK_LINES_AFTER_TITLE,
  CHARS_PER_LINE,
  type FontRole,
} from '../../layout/gbt9704.js';
import { layoutSignature, type SignatureLine } from '../../layout/signature.js';
import { estimateTitleWidth, estimateWidth, titleLines } from '../../layout/title-break.js';
import { gongwenDocx, imprintChildren, imprintOwnSection } from './gongwen.js';
import { settingsXml } from './settings.js';
import { BODY_CHAR_TWIPS, stylesXml } from './styles.js';
import { tableBlocks } from './table.js';
import { coreXml, zipPackage } from './zip.js';

/** Options of the DOCX writer. */
export interface DocxOptions {
  /** Font names to write per role; the official names by default. */
  readonly fontNames?: Partial<Record<FontRole, string>>;
  /** The date stamped in the document properties and zip entries. */
  readonly modified: Date;
}

const HEADING_STYLE = { 1: 'Heading1', 2: 'Heading2', 3: 'Heading3', 4: 'Heading4' } as const;

/**
 * Characters whose Unicode width is ambiguous (“”‘’—…·): Word and WPS draw them with the run's
 * ascii/hAnsi font unless the run says they are East Asian, which makes quotes half-width (format
 * notes §3.4). The styles name the CJK font in every slot and carry the hint already; a run that
 * holds such a character carries it too, as Word itself writes it, so the marks stay full-width
 * even after a clerk sets a Latin font such as Times New Roman for digits.
 */
const AMBIGUOUS = /[\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u00b7\u2013\u2025]/;

/** A run of text, with the East Asian hint when it holds an ambiguous-width character. */
const textRun = (text: string, options: { break?: number } = {}) =>
  new TextRun({ text, ...options, ...(AMBIGUOUS.test(text) ? { font: { hint: 'eastAsia' } } : {}) });

/** An empty body line (one grid line). */
const blankLine = () => new Paragraph({ style: 'Normal', children: [] });

const handlers: Omit<BlockHandlers<(Paragraph | Table)[]>, GongwenBlock['type']> = {
  title: (node) => {
    // The build decides the lines once with the title font's widths (Title.breaks), so the PDF and
    // the DOCX break alike; without them, the GB 2312 widths of the official title font.
    const lines = titleLines(node, estimateTitleWidth);
    const children = lines.flatMap((line, i) => (i === 0 ? [textRun(line)] : [textRun(line, { break: 1 })]));
    return [
      new Paragraph({ style: 'Title', children }),
      ...Array.from({ length: BLANK_LINES_AFTER_TITLE }, blankLine),
    ];
  },
  heading: (node) =>
    node.runIn === undefined
      ? [new Paragraph({ style: HEADING_STYLE[node.level], children: [textRun(`${node.number}${node.text}`)] })]
      : // A run-in heading (levels 3–4, set in the body's 仿宋 like the body) is a body paragraph: it
        // does not keep with the next one, and its text runs on after the heading's words.
        [new Paragraph({ style: 'Normal', children: [textRun(`${node.number}${node.text}`), textRun(node.runIn)] })],
  paragraph: (node) => [new Paragraph({ style: 'Normal', children: [textRun(node.text)] })],
  table: (node) => tableBlocks(node),
  signature: (node) => {
    const date = formatChineseDate(node.date);
    // Wrapped or moved to stay inside the 版心 when the 署名 is long (layout/signature.ts).
    const place = layoutSignature(node.issuer, date, node.sealed, (s) => estimateWidth(s), CHARS_PER_LINE);
    const line = ({ text, right }: SignatureLine) =>
      new Paragraph({ style: 'Signature', indent: { right: Math.round(right * BODY_CHAR_TWIPS) }, children: [textRun(text)] });
    return [...Array.from({ length: SIGNATURE.blankLinesBefore }, blankLine), ...place.issuer.map(line), line(place.date)];
  },
};

/** The page-number footer "— n —": odd pages right, even pages left, one 字 in (§7.5). */
function pageFooter(side: 'odd' | 'even'): Footer {
  const inset = PAGE_NUMBER.insetChars * ROLE_SIZE_PT.pageNumber * 20;
  return new Footer({
    children: [
      new Paragraph({
        style: 'Footer',
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: inset, firstLine: 0 } : { left: inset, firstLine: 0 },
        children: [
          textRun(`${PAGE_NUMBER.dash} `),
          new TextRun({ children: [PageNumber.CURRENT] }),
          textRun(` ${PAGE_NUMBER.dash}`),
        ],
      }),
    ],
  });
}

/** Writes a document as DOCX. */
export async function toDocx(doc: Doc, options: DocxOptions): Promise<Uint8Array> {
  const names = { ...OFFICIAL_FONT_NAMES, ...options.fontNames };
  const all: BlockHandlers<(Paragraph | Table)[]> = { ...handlers, ...gongwenDocx(names, (text) => handlers.title({ type: 'title', text }, undefined) as Paragraph[]) };
  const children = doc.blocks.flatMap((block: Block) => {
    const handler = all[block.type] as (b: Block, c: void) => (Paragraph | Table)[];
    return handler(block, undefined);
  });
  const page = {
    size: { width: PAGE_TWIPS.width, height: PAGE_TWIPS.height },
    margin: { ...MARGIN_TWIPS, header: HEADER_DISTANCE_TWIPS, footer: FOOTER_DISTANCE_TWIPS, gutter: 0 },
  };
  const grid = { type: DocumentGridType.LINES, linePitch: LINE_PITCH_TWIPS };
  // The 版记 (公文 only) in a last section of its own when a blank page precedes it: on an even
  // page (the office suite inserts the blank page), without page numbers (§7.4, §7.5).
  const found = doc.blocks.find((b) => b.type === 'imprint');
  const imprint = found && imprintOwnSection(found) ? found : undefined;
  const blankFooter = () => new Footer({ children: [new Paragraph({ style: 'Footer', children: [] })] });
  const imprintSection = imprint
    ? [
        {
          // No line grid on the 版记 page: LibreOffice would move the table by its grid offset.
          properties: { type: SectionType.EVEN_PAGE, page },
          footers: { default: blankFooter(), even: blankFooter() },
          children: imprintChildren(imprint, names),
        },
      ]
    : [];
  const document = new Document({
    creator: doc.meta.issuer,
    lastModifiedBy: doc.meta.issuer,
    title: doc.meta.title,
    revision: 1,
    evenAndOddHeaderAndFooters: true,
    sections: [
      {
        properties: { page, grid },
        footers: { default: pageFooter('odd'), even: pageFooter('even') },
        children,
      },
      ...imprintSection,
    ],
  });
  // Our own style sheet replaces the library's (which always adds its default styles: blue
  // Calibri headings, toc, footnotes …), our settings carry the East Asian typography, and the
  // core properties carry the given date.
  const parts = packageCompiler().compile(document, undefined, [
    { path: 'word/styles.xml', data: stylesXml(names) },
    { path: 'word/settings.xml', data: settingsXml() },
    { path: 'docProps/core.xml', data: coreXml({ title: doc.meta.title, creator: doc.meta.issuer }, options.modified) },
  ]);
  return zipPackage(parts, options.modified);
}

/**
 * The `docx` library's compiler, which turns a Document into the package's parts (path → XML or
 * bytes, in the order they are zipped); `Packer` zips what it returns. It is the packer's own
 * (docx 9: `Packer.compiler`, not in the typings), so the parts are exactly those Packer writes.
 */
function packageCompiler(): {
  compile(file: Document, prettify: undefined, overrides: readonly { path: string; data: string }[]): Map<string, string | Uint8Array>;
} {
  const compiler = (Packer as unknown as { compiler?: ReturnType<typeof packageCompiler> }).compiler;
  if (typeof compiler?.compile !== 'function') throw new Error('docx: Packer.compiler.compile is missing (library version changed?)');
  return compiler;
}
