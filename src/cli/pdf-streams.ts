/**
 * How many bytes a PDF's streams decode to, counted before the PDF is handed to a reader (pdfjs, or
 * poppler's pdftotext): a small PDF can decode to gigabytes, and not only through Flate. Every
 * stream is found the way a reader finds it (an indirect object `n g obj <<…>> stream`), its
 * `/Filter` (`/F`) read as the reader reads it (names with `#xx` escapes, arrays, indirect
 * references), its data bounded by `/Length` when that is right and by `endstream` otherwise
 * (as pdfjs's Parser.makeStream does), and its filters applied in order with a cap on each one's
 * output (ISO 32000-1 §7.4):
 *
 * - FlateDecode, LZWDecode (with `EarlyChange`, decoded exactly as pdfjs's LZWStream does),
 *   RunLengthDecode, ASCIIHexDecode and ASCII85Decode are decoded, each stage's output counted;
 * - a filter this module does not decode (the image filters DCT, JPX, CCITTFax, JBIG2, or an
 *   unknown name) ends the chain and its input is counted as it is: image data is not decoded to
 *   read text, and a reader passes an unknown filter's data through unchanged;
 * - predictors (`/DecodeParms`) never make data larger and are ignored;
 * - a stream counts as often as it is referenced (`n g R`, in the file or in an object stream): a
 *   reader decodes it each time it is used, so one content stream shared by 5,000 pages costs
 *   5,000 times its size.
 *
 * What cannot be checked is refused rather than passed on: an encrypted PDF (its streams are
 * decoded only after decryption), nesting deeper than {@link MAX_DEPTH}, and a structure that
 * takes more than a few tokens per byte to read (objects written inside each other to make the
 * scan quadratic). Time and memory are linear in the file and in the limit.
 */
import { inflateSync } from 'node:zlib';

/** Why a PDF cannot be checked, or that it decodes to too much. */
export type PdfStreamVerdict =
  | { readonly ok: true; readonly decoded: number }
  | { readonly ok: false; readonly reason: 'too-large' | 'encrypted' | 'structure'; readonly detail: string };

/** Objects nested deeper than this are not read (a reader's recursion would fail on them too). */
export const MAX_DEPTH = 100;

type PdfValue = number | boolean | null | PdfName | PdfRef | PdfString | PdfKeyword | PdfValue[] | PdfDict;
interface PdfName {
  readonly name: string;
}
interface PdfRef {
  readonly ref: string;
}
interface PdfString {
  readonly string: true;
}
interface PdfKeyword {
  readonly keyword: string;
}
type PdfDict = Map<string, PdfValue>;

/** Thrown inside the scan when the PDF cannot be checked. */
class Refusal extends Error {
  constructor(
    readonly reason: 'too-large' | 'encrypted' | 'structure',
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Character classes of ISO 32000-1 §7.2.2: 1 white-space, 2 delimiter, 0 regular. */
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[c] = 2;
const WHITE = { has: (c: number | undefined) => c !== undefined && CLASS[c] === 1 };
const isRegular = (c: number | undefined) => c !== undefined && CLASS[c] === 0;

/** A reader of PDF objects over the file's bytes, with a budget of tokens for the whole scan. */
class ObjectReader {
  pos = 0;
  constructor(
    private readonly buf: Buffer,
    private budget: { tokens: number },
  ) {}

  private spend(): void {
    if (--this.budget.tokens < 0) throw new Refusal('structure', 'PDF 的结构异常（对象层层嵌套或重叠），无法检查其中压缩内容的大小');
  }

  skipSpace(): void {
    const b = this.buf;
    for (;;) {
      while (this.pos < b.length && WHITE.has(b[this.pos]!)) this.pos++;
      if (b[this.pos] !== 0x25) return; // %
      while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
    }
  }

  /** The object at the current position, or undefined when there is none (end, stray delimiter). */
  value(depth = 0): PdfValue | undefined {
    if (depth > MAX_DEPTH) throw new Refusal('structure', `PDF 的对象嵌套超过 ${MAX_DEPTH} 层，无法检查其中压缩内容的大小`);
    this.spend();
    this.skipSpace();
    const b = this.buf;
    const c = b[this.pos];
    if (c === undefined) return undefined;
    if (c === 0x3c && b[this.pos + 1] === 0x3c) {
      this.pos += 2;
      const dict: PdfDict = new Map();
      for (;;) {
        this.skipSpace();
        if (this.pos >= b.length) return dict;
        if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return dict;
        }
        const key = this.value(depth + 1);
        if (key === undefined) return dict;
        if (!isName(key)) continue; // a reader skips what is not a key
        const v = this.value(depth + 1);
        if (v === undefined) return dict;
        dict.set(key.name, v);
      }
    }
    if (c === 0x3c) {
      const end = b.indexOf(0x3e, this.pos + 1);
      this.pos = end < 0 ? b.length : end + 1;
      return { string: true };
    }
    if (c === 0x5b) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (this.pos >= b.length) return items;
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return items;
        }
        const v = this.value(depth + 1);
        if (v === undefined) return items;
        items.push(v);
      }
    }
    if (c === 0x28) {
      let nest = 0;
      for (this.pos++; this.pos < b.length; this.pos++) {
        const x = b[this.pos];
        if (x === 0x5c) this.pos++;
        else if (x === 0x28) nest++;
        else if (x === 0x29 && nest-- === 0) {
          this.pos++;
          break;
        }
      }
      return { string: true };
    }
    if (c === 0x2f) {
      let end = this.pos + 1;
      while (isRegular(b[end])) end++;
      const raw = b.toString('latin1', this.pos + 1, end);
      this.pos = end;
      return { name: raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) };
    }
    if (!isRegular(c)) {
      this.pos++; // a stray ) ] > { } is skipped, as a reader's lexer does
      return undefined;
    }
    // A plain integer (most tokens of long arrays) is read without making a string; `n g R` is a reference.
    let end = this.pos;
    let int = 0;
    while (end < b.length && b[end]! >= 0x30 && b[end]! <= 0x39) int = int * 10 + (b[end++]! - 0x30);
    if (end > this.pos && !isRegular(b[end])) {
      this.pos = end;
      let p = end;
      while (WHITE.has(b[p])) p++;
      const g = p;
      let gen = 0;
      while (p < b.length && b[p]! >= 0x30 && b[p]! <= 0x39) gen = gen * 10 + (b[p++]! - 0x30);
      const afterGen = p;
      while (WHITE.has(b[p])) p++;
      if (g > end && afterGen > g && p > afterGen && b[p] === 0x52 && !isRegular(b[p + 1])) {
        this.pos = p + 1;
        return { ref: `${int} ${gen}` };
      }
      return int;
    }
    while (isRegular(b[end])) end++;
    const word = b.toString('latin1', this.pos, end);
    this.pos = end;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) return Number(word);
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    return { keyword: word };
  }
}

const isName = (v: PdfValue | undefined): v is PdfName => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && 'name' in v;
const isRef = (v: PdfValue | undefined): v is PdfRef => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && 'ref' in v;

/**
 * Counts the decoded bytes of every stream of `bytes` (a PDF) against `limit`; stops as soon as
 * the count passes it.
 */
export function measurePdfStreams(bytes: Uint8Array, limit: number): PdfStreamVerdict {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buf.toString('latin1');
  // A few tokens per byte are enough for any PDF; more means objects read over and over.
  const budget = { tokens: 4 * buf.length + 10_000 };
  const objects = new Map<string, number>(); // "n g" → offset after `obj` (the last one wins, as in an update)
  const starts: { at: number; key: string }[] = [];
  for (const m of text.matchAll(/(\d+)\s+(\d+)\s+obj(?![^\s/<>[\]()%{}])/g)) {
    const key = `${Number(m[1])} ${Number(m[2])}`;
    objects.set(key, m.index + m[0].length);
    starts.push({ at: m.index + m[0].length, key });
  }
  // How often each object is referenced (`n g R`), in the file and in its object streams: a
  // reader decodes a stream each time it is used (a content stream shared by 5,000 pages is read
  // 5,000 times), so each stream counts as often as it is referenced.
  const refs = new Map<string, number>();
  const countRefs = (s: string) => {
    for (const m of s.matchAll(/(\d+)\s+(\d+)\s+R(?![^\s/<>[\]()%{}])/g)) {
      const key = `${Number(m[1])} ${Number(m[2])}`;
      refs.set(key, (refs.get(key) ?? 0) + 1);
    }
  };
  countRefs(text);
  const sizes: { key: string; size: number }[] = [];
  const resolving = new Set<string>();
  const resolve = (v: PdfValue | undefined, depth = 0): PdfValue | undefined => {
    if (!isRef(v)) return v;
    const at = objects.get(v.ref);
    if (at === undefined || resolving.has(v.ref) || depth > 8) return undefined;
    resolving.add(v.ref);
    try {
      const r = new ObjectReader(buf, budget);
      r.pos = at;
      return resolve(r.value(), depth + 1);
    } finally {
      resolving.delete(v.ref);
    }
  };
  let total = 0;
  try {
    // The trailer (and a cross-reference stream's dictionary, below) says whether the file is encrypted.
    for (const m of text.matchAll(/trailer(?![^\s/<>[\]()%{}])/g)) {
      const r = new ObjectReader(buf, budget);
      r.pos = m.index + m[0].length;
      const v = r.value();
      if (v instanceof Map && v.has('Encrypt')) throw new Refusal('encrypted', 'PDF 已加密');
    }
    for (const { at: start, key } of starts) {
      const r = new ObjectReader(buf, budget);
      r.pos = start;
      const dict = r.value();
      if (!(dict instanceof Map)) continue;
      if (dict.has('Encrypt') && isName(dict.get('Type')) && (dict.get('Type') as PdfName).name === 'XRef') throw new Refusal('encrypted', 'PDF 已加密');
      r.skipSpace();
      if (text.startsWith('stream', r.pos) === false) continue;
      // The data starts after the end of the line that holds `stream`.
      let data = r.pos + 6;
      while (data < buf.length && buf[data] !== 0x0a && buf[data] !== 0x0d) data++;
      if (buf[data] === 0x0d && buf[data + 1] === 0x0a) data += 2;
      else if (data < buf.length) data++;
      const length = resolve(dict.get('Length'));
      let end = -1;
      if (typeof length === 'number' && Number.isInteger(length) && length >= 0 && data + length <= buf.length) {
        const after = /^\s*endstream/.exec(text.slice(data + length, data + length + 64));
        if (after) end = data + length;
      }
      if (end < 0) {
        end = text.indexOf('endstream', data);
        if (end < 0) end = buf.length;
      }
      const decoded = decodedSize(buf.subarray(data, end), dict, resolve, limit - total);
      total += decoded.size;
      if (total > limit) throw new Refusal('too-large', '');
      sizes.push({ key, size: decoded.size });
      const type = dict.get('Type');
      if (decoded.data && isName(type) && type.name === 'ObjStm') countRefs(decoded.data.toString('latin1'));
    }
    // Each stream as often as it is used.
    let used = 0;
    for (const { key, size } of sizes) {
      used += size * Math.max(1, refs.get(key) ?? 0);
      if (used > limit) throw new Refusal('too-large', '');
    }
    total = used;
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, reason: e.reason, detail: e.detail };
    throw e;
  }
  return { ok: true, decoded: total };
}

/**
 * The decoded size of one stream's data (more than `room` once it passes it), and the decoded
 * bytes when every filter was decoded within `room`.
 */
function decodedSize(data: Buffer, dict: PdfDict, resolve: (v: PdfValue | undefined) => PdfValue | undefined, room: number): { size: number; data: Buffer | null } {
  // As pdfjs reads them: the short key first.
  const filterValue = resolve(dict.get('F') ?? dict.get('Filter'));
  const paramsValue = resolve(dict.get('DP') ?? dict.get('DecodeParms'));
  const filters: (string | null)[] = isName(filterValue)
    ? [filterValue.name]
    : Array.isArray(filterValue)
      ? filterValue.map((f) => {
          const v = resolve(f);
          return isName(v) ? v.name : null;
        })
      : [];
  let current = data;
  for (let i = 0; i < filters.length; i++) {
    const params = Array.isArray(paramsValue) ? resolve(paramsValue[i]) : i === 0 ? paramsValue : undefined;
    const next = decode(filters[i] ?? '', current, room, params instanceof Map ? params : undefined, resolve);
    if (next === null) return { size: current.length, data: null }; // not decoded here: counted as it is
    if (next === TOO_MUCH) return { size: room + 1, data: null };
    if (next.length > room) return { size: next.length, data: null };
    current = next;
  }
  return { size: current.length, data: current };
}

/**
 * One filter's output, at most `room` + 1 bytes (or {@link TOO_MUCH}); null for a filter this
 * module does not decode.
 */
function decode(name: string, input: Buffer, room: number, params: PdfDict | undefined, resolve: (v: PdfValue | undefined) => PdfValue | undefined): Buffer | null | typeof TOO_MUCH {
  switch (name) {
    case 'FlateDecode':
    case 'Fl':
      return inflate(input, room);
    case 'LZWDecode':
    case 'LZW': {
      const early = resolve(params?.get('EarlyChange'));
      return lzw(input, room, typeof early === 'number' ? early : 1);
    }
    case 'RunLengthDecode':
    case 'RL':
      return runLength(input, room);
    case 'ASCIIHexDecode':
    case 'AHx':
      return asciiHex(input);
    case 'ASCII85Decode':
    case 'A85':
      return ascii85(input, room);
    default:
      return null;
  }
}

/** A filter's output passed the room left. */
const TOO_MUCH = 'too much';

function inflate(input: Buffer, room: number): Buffer | typeof TOO_MUCH {
  try {
    return inflateSync(input, { maxOutputLength: room + 1, finishFlush: 2 /* Z_SYNC_FLUSH: a truncated stream gives what it has */ });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return TOO_MUCH;
    return input; // not inflatable: a reader gets nothing more than the bytes themselves
  }
}

/** A growing output with a cap: `push` returns false once more than `room` bytes were written. */
class CappedOutput {
  private buf: Buffer;
  length = 0;
  constructor(private readonly room: number, initial: number) {
    this.buf = Buffer.allocUnsafe(Math.max(16, Math.min(initial, room + 1)));
  }
  push(byte: number): boolean {
    if (this.length === this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.min(this.room + 1, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.buf[this.length++] = byte;
    return this.length <= this.room;
  }
  result(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/** LZWDecode exactly as pdfjs's LZWStream decodes it (ISO 32000-1 §7.4.4). */
function lzw(input: Buffer, room: number, earlyChange: number): Buffer {
  const out = new CappedOutput(room, input.length * 4);
  const values = new Uint8Array(4096);
  const lengths = new Uint16Array(4096);
  const prevCodes = new Uint16Array(4096);
  const sequence = new Uint8Array(4096);
  for (let i = 0; i < 256; i++) {
    values[i] = i;
    lengths[i] = 1;
  }
  let codeLength = 9;
  let nextCode = 258;
  let prevCode = 0;
  let seqLength = 0;
  let cached = 0;
  let bits = 0;
  let at = 0;
  for (;;) {
    while (bits < codeLength) {
      if (at >= input.length) return out.result();
      cached = ((cached << 8) | input[at++]!) >>> 0;
      bits += 8;
    }
    bits -= codeLength;
    const code = (cached >>> bits) & ((1 << codeLength) - 1);
    cached &= (1 << bits) - 1;
    const hasPrev = seqLength > 0;
    if (code < 256) {
      sequence[0] = code;
      seqLength = 1;
    } else if (code >= 258) {
      if (code < nextCode) {
        seqLength = lengths[code]!;
        for (let j = seqLength - 1, q = code; j >= 0; j--) {
          sequence[j] = values[q]!;
          q = prevCodes[q]!;
        }
      } else {
        sequence[seqLength++] = sequence[0]!;
      }
    } else if (code === 256) {
      codeLength = 9;
      nextCode = 258;
      seqLength = 0;
      continue;
    } else {
      return out.result();
    }
    if (hasPrev) {
      prevCodes[nextCode] = prevCode;
      lengths[nextCode] = lengths[prevCode]! + 1;
      values[nextCode] = sequence[0]!;
      nextCode++;
      codeLength = (nextCode + earlyChange) & (nextCode + earlyChange - 1) ? codeLength : Math.min(Math.log(nextCode + earlyChange) / 0.6931471805599453 + 1, 12) | 0;
    }
    prevCode = code;
    for (let j = 0; j < seqLength; j++) if (!out.push(sequence[j]!)) return out.result();
  }
}

/** RunLengthDecode (ISO 32000-1 §7.4.5). */
function runLength(input: Buffer, room: number): Buffer {
  const out = new CappedOutput(room, input.length * 2);
  for (let i = 0; i < input.length; ) {
    const n = input[i++]!;
    if (n === 128) break;
    if (n < 128) {
      for (let k = 0; k <= n && i < input.length; k++) if (!out.push(input[i++]!)) return out.result();
    } else {
      if (i >= input.length) break;
      const byte = input[i++]!;
      for (let k = 0; k < 257 - n; k++) if (!out.push(byte)) return out.result();
    }
  }
  return out.result();
}

/** ASCIIHexDecode (§7.4.2): never larger than its input. */
function asciiHex(input: Buffer): Buffer {
  const digits = input.toString('latin1').split('>')[0]!.replace(/[^0-9A-Fa-f]/g, '');
  return Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex');
}

/** ASCII85Decode (§7.4.3): `z` stands for four zero bytes. */
function ascii85(input: Buffer, room: number): Buffer {
  const out = new CappedOutput(room, input.length * 4);
  let group = 0;
  let n = 0;
  let i = input[0] === 0x3c && input[1] === 0x7e ? 2 : 0; // <~
  for (; i < input.length; i++) {
    const c = input[i]!;
    if (c === 0x7e) break; // ~>
    if (WHITE.has(c)) continue;
    if (c === 0x7a && n === 0) {
      for (let k = 0; k < 4; k++) if (!out.push(0)) return out.result();
      continue;
    }
    if (c < 0x21 || c > 0x75) continue;
    group = group * 85 + (c - 0x21);
    if (++n === 5) {
      for (let k = 3; k >= 0; k--) if (!out.push((group >>> (8 * k)) & 0xff)) return out.result();
      group = 0;
      n = 0;
    }
  }
  if (n > 1) {
    for (let k = n; k < 5; k++) group = group * 85 + 84;
    for (let k = 3; k >= 5 - n; k--) if (!out.push((group >>> (8 * k)) & 0xff)) return out.result();
  }
  return out.result();
}
