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
  /** The issuing office (发文机关), e.g. 瓦房镇人民政府. */
  readonly issuer: string;
  /** The year the report is about. */
  readonly year: number;
  /** 成文日期 as an ISO date, `YYYY-MM-DD`. */
  readonly date: string;
}

/** Every kind of block a document can hold. */
export type Block = Title | Heading | Paragraph | Table | Signature;

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

/** The `type` tags of all blocks. */
export type BlockType = Block['type'];

/** A table of one handler per block type; a missing handler fails to compile. */
export type BlockHandlers<R, C = void> = {
  readonly [K in BlockType]: (node: Extract<Block, { type: K }>, ctx: C) => R;
};
