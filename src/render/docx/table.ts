/**
 * Tables in the DOCX writer: a real Word table (w:tbl) as wide as the 版心 (156 mm, 8845 twips,
 * the column widths summing to it exactly), fixed layout with the widths of the shared column plan
 * (layout/table-columns.ts, the same the PDF uses), 0.5 pt single borders on every edge, the cell
 * margins and type of `TABLE` (layout/gbt9704.ts) at the table's size (小四, or 五号/小五 for a wide
 * table, as the PDF: tableType), text centred vertically.
 *
 * - merged cells: w:gridSpan across columns; w:vMerge restart / continue down rows (a continuation
 *   cell spans the same columns as the cell above it);
 * - header rows carry w:tblHeader, so Word and LibreOffice repeat them on every page;
 * - every row carries w:cantSplit unless its estimated height is more than a page (such a row has
 *   to break, and Word would otherwise push it off the page);
 * - notes (`*…*`) are set in the 楷体 font, the rest in 仿宋; the caption is a paragraph above.
 */
import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
} from 'docx';
import { cellText, tableGrid, type ColumnAlign, type Table as TableNode, type TableCell as CellNode } from '../../document/table.js';
import { mmToPt, ptToTwips, TABLE, TEXT_BLOCK_MM, TEXT_BLOCK_WIDTH_TWIPS, type FontRole } from '../../layout/gbt9704.js';
import { estimateCellExtent, planColumns, roundWidths, tableType, type TableType } from '../../layout/table-columns.js';
import { estimateWidth } from '../../layout/title-break.js';
import { escapeXml } from './styles.js';

/** Style ids of the table paragraphs (defined by {@link tableStylesXml}). */
export const TABLE_STYLE = { text: 'TableText', caption: 'TableCaption' } as const;

const MARGIN_Y = ptToTwips(mmToPt(TABLE.cellMarginMm.y));
const BORDER = { style: BorderStyle.SINGLE, size: TABLE.rulePt * 8, color: '000000', space: 0 };
const JC: Record<ColumnAlign, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
};

/** The type a table is set in (the PDF's: 小四, or smaller for a wide table). */
function typeOf(table: TableNode): TableType {
  return tableType(table, mmToPt(TEXT_BLOCK_MM.width));
}

/** Left and right cell margin of a table set in `type`, twips. */
const marginX = (type: TableType) => Math.round(ptToTwips(type.padXPt));

/** Column widths in twips, summing to the 版心's 8845. */
export function columnTwips(table: TableNode, type: TableType = typeOf(table)): number[] {
  const widths = planColumns(table, TEXT_BLOCK_WIDTH_TWIPS, marginX(type), (cell) => {
    const e = estimateCellExtent(cell, type.sizePt);
    return { min: e.min * 20, max: e.max * 20 };
  });
  return roundWidths(widths, TEXT_BLOCK_WIDTH_TWIPS);
}

/** The page's usable height in twips (the 版心, 225 mm). */
const PAGE_BODY_TWIPS = ptToTwips(mmToPt(TEXT_BLOCK_MM.height));

/** Estimated height of a cell's text in twips when set in `width` twips. */
function estimateCellTwips(cell: CellNode, width: number, type: TableType): number {
  const room = Math.max(1, width - 2 * marginX(type));
  const lines = Math.max(1, Math.ceil((estimateWidth(cellText(cell)) * type.sizePt * 20) / room));
  return lines * type.pitchPt * 20 + 2 * MARGIN_Y;
}

/**
 * The paragraph of a cell: its spans as runs, notes in the note font. The style sets 小四 and its
 * 16 pt lines; a table set smaller says its size and line pitch on each paragraph and run.
 */
function cellParagraph(cell: CellNode | null, align: ColumnAlign, type: TableType): Paragraph {
  const own = type.sizePt !== TABLE.sizePt;
  return new Paragraph({
    style: TABLE_STYLE.text,
    alignment: JC[align],
    ...(own ? { spacing: { line: Math.round(type.pitchPt * 20), lineRule: LineRuleType.EXACT } } : {}),
    children: (cell?.spans ?? []).map((s) => new TextRun({ text: s.text, ...(s.note ? { style: 'TableNote' } : {}), ...(own ? { size: type.sizePt * 2 } : {}) })),
  });
}

/** The table as DOCX blocks: the caption paragraph (if any) and the w:tbl. */
export function tableBlocks(node: TableNode): (Paragraph | Table)[] {
  const type = typeOf(node);
  const widths = columnTwips(node, type);
  const margin = marginX(type);
  const grid = tableGrid(node);
  const rowCount = node.head.length + node.body.length;
  const rows: TableRow[] = [];
  for (let r = 0; r < rowCount; r++) {
    const head = r < node.head.length;
    const children: TableCell[] = [];
    let tallest = 0;
    for (let c = 0; c < widths.length; ) {
      const slot = grid[r]![c]!;
      const cell = slot.cell;
      const width = widths.slice(cell.column, cell.column + cell.colSpan).reduce((s, w) => s + w, 0);
      const continues = !slot.origin;
      if (!continues && cell.rowSpan === 1) tallest = Math.max(tallest, estimateCellTwips(cell, width, type));
      children.push(
        new TableCell({
          children: [cellParagraph(continues ? null : cell, head ? 'center' : node.columns[cell.column]!, type)],
          width: { size: width, type: WidthType.DXA },
          ...(cell.colSpan > 1 ? { columnSpan: cell.colSpan } : {}),
          ...(cell.rowSpan > 1 ? { verticalMerge: continues ? VerticalMergeType.CONTINUE : VerticalMergeType.RESTART } : {}),
          verticalAlign: VerticalAlignTable.CENTER,
        }),
      );
      c = cell.column + cell.colSpan;
    }
    rows.push(
      new TableRow({
        children,
        ...(head ? { tableHeader: true } : {}),
        ...(tallest <= PAGE_BODY_TWIPS ? { cantSplit: true } : {}),
      }),
    );
  }
  const table = new Table({
    rows,
    width: { size: TEXT_BLOCK_WIDTH_TWIPS, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    indent: { size: 0, type: WidthType.DXA },
    margins: { top: MARGIN_Y, bottom: MARGIN_Y, left: margin, right: margin },
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER },
  });
  const caption = node.caption === null ? [] : [new Paragraph({ style: TABLE_STYLE.caption, children: [new TextRun(node.caption)] })];
  return [...caption, table];
}

/** The w:style elements of table text, notes and captions, for styles.xml. */
export function tableStylesXml(names: Readonly<Record<FontRole, string>>): string {
  const fonts = (name: string) => {
    const n = escapeXml(name);
    return `<w:rFonts w:ascii="${n}" w:eastAsia="${n}" w:hAnsi="${n}" w:cs="${n}" w:hint="eastAsia"/>`;
  };
  const size = (pt: number) => `<w:sz w:val="${pt * 2}"/><w:szCs w:val="${pt * 2}"/>`;
  return (
    // Cell text: off the body grid, exact 16 pt lines, no indent, no condensing.
    `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${TABLE_STYLE.text}"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
    `<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="${TABLE.linePitchPt * 20}" w:lineRule="exact"/><w:ind w:firstLine="0"/></w:pPr>` +
    `<w:rPr>${fonts(names.body)}<w:spacing w:val="0"/>${size(TABLE.sizePt)}</w:rPr></w:style>` +
    `<w:style w:type="character" w:customStyle="1" w:styleId="TableNote"><w:name w:val="Table Note"/>` +
    `<w:rPr>${fonts(names[TABLE.noteRole])}</w:rPr></w:style>` +
    // The caption: one body grid line, centred, kept with the table.
    `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${TABLE_STYLE.caption}"><w:name w:val="Table Caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
    `<w:pPr><w:keepNext/><w:ind w:firstLine="0"/><w:jc w:val="center"/></w:pPr>` +
    `<w:rPr>${fonts(names[TABLE.captionRole])}<w:b w:val="0"/></w:rPr></w:style>`
  );
}
