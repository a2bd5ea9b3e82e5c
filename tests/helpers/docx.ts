/** Reading a DOCX back in tests: its XML parts, and the text of its paragraphs. */
import { strFromU8, unzipSync } from 'fflate';

/** The package's parts as strings, by path. */
export function docxParts(bytes: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) out[name] = strFromU8(data);
  return out;
}

const unescapeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Each `<w:p>` of a part: its XML and its text (w:t contents, w:br as a newline). */
export function paragraphs(xml: string): { xml: string; text: string }[] {
  return [...xml.matchAll(/<w:p[ >].*?<\/w:p>|<w:p\/>/gs)].map((m) => ({
    xml: m[0],
    text: unescapeXml(
      [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((t) => (t[1] === undefined ? '\n' : t[1])).join(''),
    ),
  }));
}

/** The document's body text, one paragraph a line. */
export function docxText(bytes: Uint8Array): string {
  return paragraphs(docxParts(bytes)['word/document.xml']!).map((p) => p.text).join('\n');
}

/** The `<w:style>` element with the given id. */
export function style(stylesXml: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>.*?</w:style>`, 's').exec(stylesXml);
  if (!m) throw new Error(`no style ${id}`);
  return m[0];
}
