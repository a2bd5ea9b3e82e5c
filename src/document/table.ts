/**
 * The table node of the document model: a grid of columns, header rows and body rows, cells that
 * span rows and columns, an alignment per column and an optional caption. Like the rest of the
 * model it is purely semantic — widths, fonts, sizes and page breaks are decided by each writer
 * (with the numbers in `layout/gbt9704.ts`).
 */

/** How the text of a column sits in its cells. Header cells are always centred. */
export type ColumnAlign = 'left' | 'center' | 'right';

/**
 * A piece of a cell's text. `note` marks explanatory text set apart from the rest, as the 2021
 * 政府信息公开 format sets its 勾稽关系 note and the 部分公开 parenthetical (in 楷体 on paper).
 */
export interface TableSpan {
  readonly text: string;
  readonly note?: boolean;
}

/**
 * A cell where it starts: grid column `column` (0-based) of its row, covering `colSpan` columns
 * and `rowSpan` rows (1 each for an ordinary cell). Covered grid positions have no cell of their
 * own. A cell's rows never cross from the header into the body.
 */
export interface TableCell {
  readonly column: number;
  readonly colSpan: number;
  readonly rowSpan: number;
  readonly spans: readonly TableSpan[];
}

/** A row: the cells that start in it, left to right. */
export interface TableRow {
  readonly cells: readonly TableCell[];
}

/** A table (表格). */
export interface Table {
  readonly type: 'table';
  /** The caption (表题) shown above the table, or null for none. */
  readonly caption: string | null;
  /** One alignment per grid column; its length is the number of columns. */
  readonly columns: readonly ColumnAlign[];
  /** Header rows (表头): repeated at the top of each page the table runs onto. May be empty. */
  readonly head: readonly TableRow[];
  /** Body rows; at least one. */
  readonly body: readonly TableRow[];
}

/** A cell's whole text. */
export const cellText = (cell: TableCell): string => cell.spans.map((s) => s.text).join('');

/** Where a grid position is: the cell covering it and whether it is that cell's top-left corner. */
export interface GridSlot {
  readonly cell: TableCell;
  /** Row index (in head + body order) where the cell starts. */
  readonly row: number;
  readonly origin: boolean;
}

/**
 * The table as a full grid, rows (head then body) × columns: for every position, the cell that
 * covers it. Writers use it for merged-cell continuations (DOCX vMerge), ruling lines (PDF) and
 * merged labels shown once (TXT).
 */
export function tableGrid(table: Table): GridSlot[][] {
  const rows = [...table.head, ...table.body];
  const grid: (GridSlot | undefined)[][] = rows.map(() => new Array<GridSlot | undefined>(table.columns.length).fill(undefined));
  rows.forEach((row, r) => {
    for (const cell of row.cells) {
      for (let dr = 0; dr < cell.rowSpan; dr++) {
        for (let dc = 0; dc < cell.colSpan; dc++) {
          const line = grid[r + dr];
          if (line) line[cell.column + dc] = { cell, row: r, origin: dr === 0 && dc === 0 };
        }
      }
    }
  });
  return grid.map((line) => line.map((slot) => slot!));
}
