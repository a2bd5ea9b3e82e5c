/**
 * The plain-text writer: the document as UTF-8 text, one block per line, for reviews, golden
 * files and git diffs. Paragraphs and headings are indented two full-width spaces as on paper.
 */
import type { BlockHandlers, Doc } from '../document/types.js';
import { FIRST_LINE_INDENT_CHARS, formatChineseDate } from '../layout/gbt9704.js';
import { tableToText } from './text-table.js';
import { gongwenText } from './text-gongwen.js';

const INDENT = '\u3000'.repeat(FIRST_LINE_INDENT_CHARS);

const handlers: BlockHandlers<string[]> = {
  title: (node) => [node.text, ''],
  heading: (node) => [`${INDENT}${node.number}${node.text}`],
  paragraph: (node) => [`${INDENT}${node.text}`],
  table: (node) => tableToText(node),
  signature: (node) => ['', node.issuer, formatChineseDate(node.date)],
  ...gongwenText,
};

/** Writes a document as plain text ending in one newline. */
export function toText(doc: Doc): string {
  const lines: string[] = [];
  for (const block of doc.blocks) {
    const handler = handlers[block.type] as (b: typeof block, c: void) => string[];
    lines.push(...handler(block, undefined));
  }
  return `${lines.join('\n')}\n`;
}
