/**
 * The plain-text writer's handlers for the 公文 parts (GB/T 9704 §7): the 版头 as its lines with a
 * rule of ─ for the red line, the 主送机关, the 附件说明, each 附件 after a rule, and the 版记
 * between rules. Plain: no colour, no positions beyond indents.
 */
import type { BlockHandlers, GongwenBlock } from '../document/types.js';
import { ATTACHMENT_NOTE, FIRST_LINE_INDENT_CHARS, LETTERHEAD } from '../layout/gbt9704.js';
import { attachmentNoteEntries, copyToText, printDateText, signerLines } from '../layout/gongwen.js';

const INDENT = '\u3000'.repeat(FIRST_LINE_INDENT_CHARS);
/** A rule as wide as a 28-字 line. */
const RULE = '─'.repeat(28);
const width = (s: string) => [...s].reduce((w, c) => w + (/[\x20-\x7e]/.test(c) ? 1 : 2), 0);

type Handlers = { [K in GongwenBlock['type']]: BlockHandlers<string[]>[K] };

/** Text lines of the 公文 blocks. */
export const gongwenText: Handlers = {
  letterhead: (node) => {
    const lines = [node.copyNumber, node.secrecy, node.urgency].filter((s): s is string => s !== undefined);
    lines.push('', node.mark, '');
    const signers = signerLines(node.signers).map((l) => l.join('\u3000'));
    signers.forEach((s, i) => {
      const label = i === 0 ? LETTERHEAD.signerLabel : '\u3000'.repeat([...LETTERHEAD.signerLabel].length);
      const left = i === signers.length - 1 ? (node.docNumber ?? '') : '';
      lines.push(`${left}${left ? '\u3000\u3000' : ''}${label}${s}`);
    });
    if (signers.length === 0 && node.docNumber) lines.push(node.docNumber);
    lines.push(RULE, '');
    return lines;
  },
  addressee: (node) => [node.text],
  attachmentNote: (node) => {
    const entries = attachmentNoteEntries(node.names);
    const pad = '\u3000'.repeat(ATTACHMENT_NOTE.indentChars + [...ATTACHMENT_NOTE.label].length);
    return ['', ...entries.map((e, i) => `${i === 0 ? `${INDENT}${e.label}` : pad}${e.number}${e.name}`)];
  },
  attachment: (node) => ['', RULE, node.label, '', node.title, ''],
  imprint: (node) => {
    const lines = ['', RULE];
    if (node.copyTo.length > 0) {
      const { label, text } = copyToText(node.copyTo);
      lines.push(`${label}${text}`, RULE);
    }
    if (node.printer !== undefined && node.printDate !== undefined) {
      const date = printDateText(node.printDate);
      const gap = Math.max(2, 56 - width(node.printer) - width(date));
      lines.push(`${node.printer}${' '.repeat(gap)}${date}`, RULE);
    }
    return lines;
  },
};
