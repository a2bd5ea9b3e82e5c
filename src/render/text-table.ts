/**
 * Tables in the plain-text writer: aligned columns between `|`, a `+---+` rule above and below the
 * table and `+===+` under the header rows, one text line per table row (so `git diff` shows a
 * changed row as one changed line). A merged cell is written once: across the columns it spans,
 * in the first of the rows it spans, with the rows below left blank in its place.
 *
 * Widths are counted in terminal columns: full-width characters (汉字, full-width punctuation, and
 * the ambiguous “”…— as Chinese text uses them) take two, per Unicode UAX #11 (East Asian Width),
 * looked up with the `get-east-asian-width` library.
 */
import { eastAsianWidth } from 'get-east-asian-width';
import { cellText, tableGrid, type ColumnAlign, type Table } from '../document/table.js';

/** Display width of text in terminal columns (UAX #11, ambiguous characters wide). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += eastAsianWidth(ch.codePointAt(0)!, { ambiguousAsWide: true });
  return w;
}

/** Pads `text` to `width` columns with the given alignment. */
function pad(text: string, width: number, align: ColumnAlign): string {
  const room = Math.max(0, width - displayWidth(text));
  if (align === 'right') return ' '.repeat(room) + text;
  if (align === 'center') return ' '.repeat(Math.floor(room / 2)) + text + ' '.repeat(room - Math.floor(room / 2));
  return text + ' '.repeat(room);
}

/** The table as text lines (caption first when there is one). */
export function tableToText(table: Table): string[] {
  const n = table.columns.length;
  const rows = [...table.head, ...table.body];
  const grid = tableGrid(table);
  const widths = new Array<number>(n).fill(1);
  const cells = rows.flatMap((row) => row.cells);
  for (const cell of cells.filter((c) => c.colSpan === 1)) {
    widths[cell.column] = Math.max(widths[cell.column]!, displayWidth(cellText(cell)));
  }
  // A spanning cell has its columns plus the " | " between them; widen them evenly when short.
  for (const cell of cells.filter((c) => c.colSpan > 1).sort((a, b) => a.colSpan - b.colSpan)) {
    const have = widths.slice(cell.column, cell.column + cell.colSpan).reduce((s, w) => s + w, 0) + 3 * (cell.colSpan - 1);
    const need = displayWidth(cellText(cell));
    for (let i = 0; need > have && i < cell.colSpan; i++) {
      widths[cell.column + i]! += Math.floor((need - have) / cell.colSpan) + (i < (need - have) % cell.colSpan ? 1 : 0);
    }
  }
  const rule = (ch: string) => `+${widths.map((w) => ch.repeat(w + 2)).join('+')}+`;
  const lines: string[] = [];
  if (table.caption !== null) lines.push(table.caption);
  lines.push(rule('-'));
  rows.forEach((_, r) => {
    const head = r < table.head.length;
    let line = '|';
    for (let c = 0; c < n; ) {
      const slot = grid[r]![c]!;
      const span = slot.cell.colSpan - (c - slot.cell.column);
      const width = widths.slice(c, c + span).reduce((s, w) => s + w, 0) + 3 * (span - 1);
      const text = slot.origin ? cellText(slot.cell) : '';
      line += ` ${pad(text, width, head ? 'center' : table.columns[slot.cell.column]!)} |`;
      c += span;
    }
    lines.push(line.trimEnd());
    if (head && r === table.head.length - 1) lines.push(rule('='));
  });
  lines.push(rule('-'));
  return lines;
}
