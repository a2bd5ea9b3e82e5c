/**
 * Documents and data as normalised plain text, for `report text` and git's `textconv`: a DOCX's
 * paragraphs, a data file's fields one per line (comments dropped, folded lines joined, figures
 * with their units). PDFs are read in pdf-text.ts (a heavy library, loaded only for them). Pure.
 */
import { strFromU8 } from 'fflate';
import { METRICS } from '../data/schema.js';
import { validateReportText } from '../data/validate.js';
import { metricValue } from './compare.js';
import { formatValue } from './wording.js';

/** What kind of file some bytes are, from their first bytes. */
export function sniff(bytes: Uint8Array): 'docx' | 'pdf' | 'text' {
  const head = String.fromCharCode(...bytes.subarray(0, 5));
  if (head.startsWith('PK\x03\x04')) return 'docx';
  if (head === '%PDF-') return 'pdf';
  return 'text';
}

const unescapeXml = (s: string) =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * The text of a DOCX's word/document.xml, one paragraph a line. One pass over the XML, in time and
 * memory linear in its size (the caller bounds the size).
 */
export function documentXmlToText(xml: Uint8Array): string {
  const source = strFromU8(xml);
  const paragraphs: string[] = [];
  const para = /<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g;
  const run = /<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\/>/g;
  for (let m = para.exec(source); m; m = para.exec(source)) {
    let text = '';
    run.lastIndex = 0;
    for (let t = run.exec(m[0]); t; t = run.exec(m[0])) text += t[1] !== undefined ? unescapeXml(t[1]) : t[2] === 'tab' ? '\t' : '\n';
    paragraphs.push(text);
  }
  return `${paragraphs.join('\n').replace(/\n+$/, '')}\n`;
}

const UNIT: ReadonlyMap<string, { unit: string; kind: string }> = new Map(
  METRICS.map((m) => [m.path.join('.'), { unit: m.kind === 'percent' ? '' : m.unit, kind: m.kind }]),
);

/**
 * A data file as normalised text: `path: value` lines in the schema's order, figures with their
 * qualifier and unit (行政执法培训.期数: 4期), list items indented. Data that does not validate is
 * returned as it is, so a work in progress still shows in `git diff`.
 */
export function dataToText(text: string, file = 'data.yaml'): string {
  const r = validateReportText(text, { file });
  if (!r.ok) return text.endsWith('\n') ? text : `${text}\n`;
  const lines: string[] = [];
  const walk = (v: unknown, path: string[]): void => {
    const key = path.join('.');
    const metric = METRICS.find((m) => m.path.join('.') === key);
    if (metric) {
      const value = metricValue(r.value, metric);
      lines.push(`${key}: ${value ? formatValue(value, metric.kind) : ''}${UNIT.get(key)?.unit ?? ''}`);
    } else if (Array.isArray(v)) {
      lines.push(`${key}:${v.length === 0 ? ' （无）' : ''}`);
      for (const item of v) {
        if (item && typeof item === 'object') {
          const entries = Object.entries(item as Record<string, unknown>);
          entries.forEach(([k, x], i) => lines.push(`${i === 0 ? '  - ' : '    '}${k}: ${String(x)}`));
        } else lines.push(`  - ${String(item)}`);
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, [...path, k]);
    } else {
      lines.push(`${key}: ${typeof v === 'boolean' ? (v ? '是' : '否') : String(v)}`);
    }
  };
  walk(r.value, []);
  return `${lines.join('\n')}\n`;
}
