/**
 * The table part of the markup reader (called only by `markup.ts`, the one reader). A table is a
 * fenced block of rows, one markup line per row, every row with the same number of cells:
 *
 *     ::: 表格 表1 收到和处理申请情况        opening fence; the caption is optional (`::: 表格`)
 *     | 类别 | 数量 | 备注 |                 header rows: every row above the separator
 *     |:--- | ---:|:---:|                    separator: alignment of each column (left, right, centre)
 *     | 甲 | 12 | *注文* |                    body rows
 *     | 乙 | < | ^ |                          `<` joins the cell on the left, `^` the cell above
 *     :::                                   closing fence
 *
 * A cell that is exactly `<` becomes part of the cell to its left, one that is exactly `^` part of
 * the cell above, so a merged cell is written where it appears in the grid (rows keep their
 * length, which suits templates that fill a grid from data). Merged areas must be rectangles and
 * may not cross the separator. Text between `*` and `*` is a note (楷体 on paper). Without a
 * separator the table has no header rows and every column is left-aligned. Blank lines inside the
 * fence are ignored, so `{{#each}}` may leave them.
 *
 * Data never becomes table syntax: `escapeMarkup` escapes `| < ^ * - :` in data text, and every
 * marker here is recognised only unescaped.
 */
import { ProblemList, type Diagnostic } from '../diagnostics.js';
import type { ColumnAlign, Table, TableCell, TableRow, TableSpan } from '../document/table.js';
import { TABLE } from '../layout/gbt9704.js';

/** The opening fence: `:::` then the word 表格, then the optional caption. */
export const TABLE_OPEN = /^:::\s*表格(?:\s+(.*))?$/u;
/** The closing fence. */
export const TABLE_CLOSE = /^:::\s*$/;

const SEPARATOR_CELL = /^:?-{3,}:?$/;

/** Removes backslash escapes. */
const unescape = (text: string): string => text.replace(/\\(.)/gu, '$1');

/** Splits a row line into its raw cells at unescaped `|`; the leading `|` is required, the trailing optional. */
function splitCells(line: string): string[] {
  const cells: string[] = [];
  let current = '';
  for (let i = 1; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      current += c + line[i + 1]!;
      i++;
    } else if (c === '|') {
      cells.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current.trim() !== '' || cells.length === 0) cells.push(current);
  return cells.map((c) => c.trim());
}

/** A cell's text as spans: `*…*` (unescaped) marks a note. Returns null when a `*` is left open. */
function readSpans(raw: string): TableSpan[] | null {
  const spans: TableSpan[] = [];
  let current = '';
  let note = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      current += c + raw[i + 1]!;
      i++;
    } else if (c === '*') {
      if (current !== '') spans.push(note ? { text: unescape(current), note: true } : { text: unescape(current) });
      current = '';
      note = !note;
    } else {
      current += c;
    }
  }
  if (note) return null;
  if (current !== '') spans.push({ text: unescape(current) });
  return spans;
}

/** A table row as written: its markup line and raw cells. */
interface RowLine {
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * Reads the lines between the fences into a table. `open` is the fence's markup line number and
 * caption; `rows` are the non-blank lines inside with their line numbers. Problems are reported at
 * markup lines (the caller maps them to the template).
 */
export function readTable(
  file: string,
  open: { readonly line: number; readonly caption: string },
  lines: readonly { readonly line: number; readonly text: string }[],
): { table: Table | null; problems: Diagnostic[] } {
  const problems = new ProblemList(); // capped: the first 20 listed, the rest counted
  const problem = (line: number, message: string, code: string, hint?: string) =>
    problems.push({ severity: 'error', file, line, message, code, ...(hint ? { hint } : {}) });

  const rows: RowLine[] = [];
  let separator: RowLine | null = null;
  let separatorAt = -1;
  for (const l of lines) {
    if (!l.text.startsWith('|')) {
      problem(l.line, `表格里的每一行都要以“|”开头，这一行是“${short(unescape(l.text))}”`, 'markup.table-row', '表格写在“::: 表格”和单独一行的“:::”之间，每行写成 | 格 | 格 |');
      continue;
    }
    const cells = splitCells(l.text);
    if (cells.every((c) => SEPARATOR_CELL.test(c))) {
      if (separator) {
        problem(l.line, '表格里只能有一行分隔行（|---|），它分开表头和表身', 'markup.table-separator');
        continue;
      }
      separator = { line: l.line, cells };
      separatorAt = rows.length;
      continue;
    }
    rows.push({ line: l.line, cells });
  }
  if (rows.length === 0) {
    problem(open.line, '表格是空的：“::: 表格”和“:::”之间没有行', 'markup.table-empty');
    return { table: null, problems: problems.list() };
  }
  const width = rows[0]!.cells.length;
  if (width > TABLE.maxColumns) {
    problem(rows[0]!.line, `表格有 ${width} 列，版心宽 156 毫米最多排得下 ${TABLE.maxColumns} 列`, 'markup.table-too-wide', '把表格拆成两个，或把几列合成一列');
    return { table: null, problems: problems.list() };
  }
  for (const r of [...rows, ...(separator ? [separator] : [])]) {
    if (r.cells.length !== width) {
      problem(
        r.line,
        `表格的这一行有 ${r.cells.length} 格，第一行有 ${width} 格（每行的格数要相同，合并的格子写 < 或 ^ 占位）`,
        'markup.table-width',
        '合并左边的格子写 <，合并上面的格子写 ^；文字里的 | 会被当作分格，数据里的 | 会自动转义',
      );
    }
  }
  if (separator && separatorAt === 0) problem(separator.line, '分隔行（|---|）前面没有表头行', 'markup.table-separator', '表头写在分隔行上面；没有表头的表格不写分隔行');
  if (separator && separatorAt === rows.length) problem(separator.line, '分隔行（|---|）后面没有表身的行', 'markup.table-empty');
  if (problems.length > 0) return { table: null, problems: problems.list() };

  const columns: ColumnAlign[] = (separator?.cells ?? rows[0]!.cells.map(() => '---')).map((c) =>
    c.startsWith(':') && c.endsWith(':') ? 'center' : c.endsWith(':') ? 'right' : 'left',
  );
  const headCount = separator ? separatorAt : 0;

  // Owners: every grid position belongs to the cell that starts it or that it joins.
  interface Owner {
    readonly row: number;
    readonly column: number;
    spans: TableSpan[];
    readonly positions: [number, number][];
  }
  const owners: Owner[][] = [];
  rows.forEach((r, i) => {
    const line: Owner[] = [];
    r.cells.forEach((raw, c) => {
      const section = i < headCount ? 'head' : 'body';
      let owner: Owner | undefined;
      if (raw === '<') {
        owner = line[c - 1];
        if (!owner) problem(r.line, `第 ${c + 1} 格写了 <（与左边的格合并），但它左边没有格`, 'markup.table-merge');
      } else if (raw === '^') {
        const firstOfSection = i === 0 || i === headCount;
        owner = firstOfSection ? undefined : owners[i - 1]?.[c];
        if (!owner) {
          problem(
            r.line,
            i === headCount && i > 0
              ? `第 ${c + 1} 格写了 ^（与上面的格合并），但表头的格不能跨到表身`
              : `第 ${c + 1} 格写了 ^（与上面的格合并），但它上面没有格`,
            'markup.table-merge',
          );
        }
      } else {
        const spans = readSpans(raw);
        if (spans === null) problem(r.line, `第 ${c + 1} 格里的 * 没有成对（注文写在两个 * 之间）`, 'markup.table-note', '文字里要用星号本身时写 \\*');
        owner = { row: i, column: c, spans: spans ?? [], positions: [] };
      }
      if (!owner) owner = { row: i, column: c, spans: [], positions: [] };
      void section;
      owner.positions.push([i, c]);
      line.push(owner);
    });
    owners.push(line);
  });
  if (problems.length > 0) return { table: null, problems: problems.list() };

  const starts = new Map<Owner, TableCell>();
  for (const owner of new Set(owners.flat())) {
    const rs = owner.positions.map(([r]) => r);
    const cs = owner.positions.map(([, c]) => c);
    const rowSpan = Math.max(...rs) - owner.row + 1;
    const colSpan = Math.max(...cs) - owner.column + 1;
    if (Math.min(...rs) !== owner.row || Math.min(...cs) !== owner.column || rowSpan * colSpan !== owner.positions.length) {
      const last = Math.max(...rs);
      problem(rows[last]!.line, `合并的格子（从第 ${owner.row + 1} 行第 ${owner.column + 1} 格起）不成矩形`, 'markup.table-merge', '合并的区域要是整齐的长方形：同一行里连续写 <，下面的行在同样几格写 ^');
      continue;
    }
    starts.set(owner, { column: owner.column, colSpan, rowSpan, spans: owner.spans });
  }
  if (problems.length > 0) return { table: null, problems: problems.list() };
  const tableRows: TableRow[] = owners.map((line, i) => ({
    cells: line.filter((o, c) => o.row === i && o.column === c).map((o) => starts.get(o)!),
  }));
  const caption = unescape(open.caption.trim());
  return {
    table: {
      type: 'table',
      caption: caption === '' ? null : caption,
      columns,
      head: tableRows.slice(0, headCount),
      body: tableRows.slice(headCount),
    },
    problems: problems.list(),
  };
}

const short = (s: string) => ([...s].length > 20 ? `${[...s].slice(0, 20).join('')}…` : s);
