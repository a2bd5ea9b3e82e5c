/**
 * Documents and data as normalised plain text, for `report text` and git's `textconv`: a DOCX's
 * paragraphs, a data file's fields one per line (comments dropped, folded lines joined, figures
 * with their units). PDFs are read in pdf-text.ts (a heavy library, loaded only for them). Pure.
 */
import type { Model } from '../data/model.js';
import { validateReportText } from '../data/validate.js';
import { definitionsOf, metricValue } from './compare.js';
import { formatValue } from './wording.js';

/** UTF-8 to text (not fatal: a broken sequence reads as U+FFFD; a leading BOM is dropped). */
const utf8 = new TextDecoder();

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
  const source = utf8.decode(xml);
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

/**
 * A data file as normalised text: `path: value` lines in the data's order, figures with their
 * qualifier and unit as the project's model declares them (培训.场次: 6场), list items indented.
 * Data that does not validate (or, with no model, any data) is returned as it is, so a work in
 * progress still shows in `git diff`.
 */
export function dataToText(text: string, model: Model | null, file = 'data.yaml'): string {
  const r = model ? validateReportText(model, text, { file }) : null;
  if (!r?.ok) return text.endsWith('\n') ? text : `${text}\n`;
  const metrics = new Map(definitionsOf(model!).metrics.map((m) => [m.path.join('.'), m]));
  const lines: string[] = [];
  const walk = (v: unknown, path: string[]): void => {
    const key = path.join('.');
    const metric = metrics.get(key);
    if (metric) {
      const value = metricValue(r.value, metric);
      lines.push(`${key}: ${value ? formatValue(value, metric.kind, metric.decimals) : ''}${metric.kind === 'percent' ? '' : metric.unit}`);
    } else if (Array.isArray(v)) {
      lines.push(`${key}:${v.length === 0 ? ' （无）' : ''}`);
      for (const item of v) {
        if (item && typeof item === 'object') {
          const entries = Object.entries(item as Record<string, unknown>);
          entries.forEach(([k, x], i) => lines.push(`${i === 0 ? '  - ' : '    '}${k}: ${scalar(x)}`));
        } else lines.push(`  - ${String(item)}`);
      }
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, [...path, k]);
    } else if (v !== null) {
      lines.push(`${key}: ${scalar(v)}`);
    }
  };
  walk(r.value, []);
  return `${lines.join('\n')}\n`;
}

function scalar(v: unknown): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v && typeof v === 'object' && typeof (v as { 数值?: unknown }).数值 === 'number') return formatValue({ value: (v as { 数值: number }).数值, qualifier: (v as { 修饰?: never }).修饰 ?? null }, 'count');
  return String(v);
}
