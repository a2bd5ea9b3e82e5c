/**
 * The text of a PDF as paragraphs, with pdfjs-dist (Mozilla's PDF reader, pure JavaScript, so it
 * works wherever Node does, Windows included). Loaded only when a PDF is read.
 *
 * Text items are grouped by baseline into lines. Lines are then joined back into paragraphs, so a
 * word changed early in a paragraph does not show as every following line changed: a line that
 * starts indented begins a paragraph, a line that stops short of the right edge ends one, and
 * page-number lines (— 1 —) are dropped. Paragraphs continue across pages.
 */

interface Line {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly size: number;
}

/**
 * Reads the text of every page of a PDF, one paragraph a line. With `maxPages`, a PDF of more
 * pages is refused before any page is read: an Error named `TooManyPages` carrying `pages`.
 */
export async function pdfToText(bytes: Uint8Array, opts: { maxPages?: number } = {}): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
  const pdf = await task.promise;
  const lines: Line[] = [];
  try {
    if (opts.maxPages !== undefined && pdf.numPages > opts.maxPages) {
      throw Object.assign(new Error(`${pdf.numPages} pages`), { name: 'TooManyPages', pages: pdf.numPages });
    }
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const byBaseline = new Map<number, { str: string; x: number; w: number; size: number }[]>();
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const t = item.transform as number[];
        const y = Math.round(t[5]! * 10) / 10;
        const list = byBaseline.get(y) ?? [];
        list.push({ str: item.str, x: t[4]!, w: item.width, size: Math.abs(t[3] || t[0]!) });
        byBaseline.set(y, list);
      }
      for (const [, items] of [...byBaseline.entries()].sort((p, q) => q[0] - p[0])) {
        items.sort((p, q) => p.x - q.x);
        const text = items.map((i) => i.str).join('').trim();
        if (text === '' || /^[—-]\s*\d+\s*[—-]$/.test(text)) continue;
        lines.push({ text, x0: items[0]!.x, x1: Math.max(...items.map((i) => i.x + i.w)), size: Math.max(...items.map((i) => i.size)) });
      }
    }
  } finally {
    await pdf.destroy();
  }
  return `${paragraphs(lines).join('\n')}\n`;
}

/** Joins lines into paragraphs by indentation and short last lines (see the module comment). */
export function paragraphs(lines: readonly Line[]): string[] {
  if (lines.length === 0) return [];
  const left = Math.min(...lines.map((l) => l.x0));
  const right = Math.max(...lines.map((l) => l.x1));
  const out: string[] = [];
  let open = false;
  for (const l of lines) {
    const indented = l.x0 > left + l.size * 0.5;
    const full = l.x1 >= right - l.size * 1.5;
    if (open && !indented) out[out.length - 1] += l.text;
    else out.push(l.text);
    open = full && !indented ? true : full;
  }
  return out;
}
