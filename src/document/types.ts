/**
 * The format-neutral document model: what the one markup reader produces and what every writer
 * (text, DOCX, PDF) consumes. It is plain, JSON-serialisable data and purely semantic: no font
 * names, no sizes, no page breaks. How each node looks on paper is decided by `layout/gbt9704.ts`.
 */
import type { Table } from './table.js';

export type { Table } from './table.js';

/** A whole document: its metadata and its blocks in reading order. */
export interface Doc {
  readonly meta: DocMeta;
  readonly blocks: readonly Block[];
}

/** Facts about the document that writers need but that are not body text. */
export interface DocMeta {
  /** The document title as one string (used for file names and document properties). */
  readonly title: string;
  /** The issuing office (发文机关), e.g. 某某镇人民政府. */
  readonly issuer: string;
  /** The year the report is about. */
  readonly year: number;
  /** 成文日期 as an ISO date, `YYYY-MM-DD`. */
  readonly date: string;
}

/** Every kind of block a document can hold. */
export type Block = Title | Heading | Paragraph | Table | Signature | GongwenBlock;

/** The parts of a complete 公文 (GB/T 9704-2012 §7) beyond the plain document; see `gongwen.ts`. */
export type GongwenBlock = Letterhead | Addressee | AttachmentNote | AttachmentStart | Imprint;

/** The document title (标题). Line breaks are decided by the layout, not stored here. */
export interface Title {
  readonly type: 'title';
  readonly text: string;
  /**
   * Optional break points chosen by the template author (character offsets into `text`),
   * used instead of the automatic title breaking when present.
   */
  readonly breaks?: readonly number[];
}

/** A numbered structural heading: level 1 一、 level 2 （一） level 3 1. level 4 （1）. */
export interface Heading {
  readonly type: 'heading';
  readonly level: HeadingLevel;
  /** The heading's own words, without its number. */
  readonly text: string;
  /** The generated number, e.g. `一、`, `（二）`, `3.`, `（4）`; filled by `numberHeadings`. */
  readonly number: string;
  /**
   * A run-in heading (接排标题, levels 3 and 4): the body text that follows the heading in the same
   * paragraph, as in `1.优化组织架构。调整……`. The writers set the number and
   * the heading's words in the heading's font, then this text in the body font, as one paragraph.
   */
  readonly runIn?: string;
}

/** Heading depth allowed by GB/T 9704-2012 §7.3.3. */
export type HeadingLevel = 1 | 2 | 3 | 4;

/** A body paragraph (正文自然段). */
export interface Paragraph {
  readonly type: 'paragraph';
  readonly text: string;
}

/** 发文机关署名 and 成文日期 (GB/T 9704-2012 §7.3.5). */
export interface Signature {
  readonly type: 'signature';
  readonly issuer: string;
  /** ISO date `YYYY-MM-DD`; written out as `2025年1月20日` by `formatChineseDate`. */
  readonly date: string;
  /** Whether the document carries a seal (§7.3.5.1) or not (§7.3.5.2). */
  readonly sealed: boolean;
}

/**
 * The 版头 (GB/T 9704-2012 §7.2), first block of a 公文: each part as it is printed. The red
 * separator line under it is implied.
 */
export interface Letterhead {
  readonly type: 'letterhead';
  /** 份号, six digits (§7.2.1). */
  readonly copyNumber?: string;
  /** 密级和保密期限, e.g. `机密★1年` (§7.2.2). */
  readonly secrecy?: string;
  /** 紧急程度, 特急 or 加急 (§7.2.3). */
  readonly urgency?: string;
  /** 发文机关标志, e.g. `瓦房镇人民政府文件` (§7.2.4), printed in red. */
  readonly mark: string;
  /** 发文字号, e.g. `瓦政发〔2025〕3号` (§7.2.5). */
  readonly docNumber?: string;
  /** 签发人 names, for a 上行文 (§7.2.6); empty otherwise. */
  readonly signers: readonly string[];
  /** 上行文: the 发文字号 goes left with the 签发人 right; otherwise it is centred. */
  readonly upward: boolean;
}

/** 主送机关 (§7.3.2), e.g. `市人民政府：` (its full-width colon included). */
export interface Addressee {
  readonly type: 'addressee';
  readonly text: string;
}

/** 附件说明 (§7.3.4): the names of the 附件, in order; numbered 1. 2. … when there are several. */
export interface AttachmentNote {
  readonly type: 'attachmentNote';
  readonly names: readonly string[];
}

/**
 * The start of one 附件 (§7.3.7) on a new page: its label (`附件1`, or `附件` when there is one)
 * and its title. The blocks that follow, up to the next attachment or the 版记, are its content.
 */
export interface AttachmentStart {
  readonly type: 'attachment';
  readonly label: string;
  readonly title: string;
}

/** The 版记 (§7.4), last block: at the foot of the last page between its rules. */
export interface Imprint {
  readonly type: 'imprint';
  /** 抄送机关 names (§7.4.2); empty when there are none. */
  readonly copyTo: readonly string[];
  /** 印发机关 (§7.4.3). */
  readonly printer?: string;
  /** 印发日期 as an ISO date (§7.4.3). */
  readonly printDate?: string;
  /** Printed on both sides (§6): the 版记 page is then an even page. */
  readonly duplex: boolean;
  /**
   * Where the 版记 goes, once the build has measured the pages (layout/gongwen.ts placeImprint):
   * `shared` at the foot of the last page of text, `newPage` on the next page (numbered),
   * `afterBlank` on an even page after a blank page (neither numbered). Writers that measure pages
   * themselves (the PDF) decide it again the same way; the DOCX follows it.
   */
  readonly placement?: 'shared' | 'newPage' | 'afterBlank';
}

/** The `type` tags of all blocks. */
export type BlockType = Block['type'];

/** A table of one handler per block type; a missing handler fails to compile. */
export type BlockHandlers<R, C = void> = {
  readonly [K in BlockType]: (node: Extract<Block, { type: K }>, ctx: C) => R;
};
