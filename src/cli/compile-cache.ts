/**
 * What a project's own files compile to, kept between runs in the cache folder: report.yaml's
 * checked config, model.yaml's declared fields and rules, the template's parsed tree and its
 * compiled code; for a one-document build also its PDF's compressed font programs and its title's
 * lines (project-cache.ts, commands/build.ts). A clerk edits the year's data far more often than
 * the project's files; a build whose project files have not changed reads them back instead of
 * parsing, checking and compiling them again (some 20 ms of the sample build's start).
 *
 * - An entry is used only when the same program (its identity, as in the build manifest) stored
 *   it from exactly the same input: the key is the whole text, compared in full, not a hash of it.
 * - Each slot (a kind and a file) is one file per program, rewritten when its input changes,
 *   so the folder does not grow with edits; beyond {@link MAX_ENTRIES} the least recently written
 *   are removed (many projects, or projects in temporary folders).
 * - Each value carries its CRC-32. Anything wrong with an entry (missing, unreadable, damaged,
 *   another program's, not JSON) is a miss; a folder that cannot be written keeps nothing. The
 *   cache never changes what a build does or says, only how long it takes.
 * - Values are stored only when JSON carries them exactly (no undefined members, dates, maps or
 *   functions); others are computed each time.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

/** A store of compiled values, by slot (what and which file) and key (everything they came from). */
export interface CompileCache {
  /** The value stored in `slot` with exactly `key`, or undefined (a miss). Never throws. */
  get(slot: string, key: string): unknown;
  /**
   * Stores `value` in `slot` with `key` (when JSON carries it exactly). Never throws. With
   * `dropUndefined`, object members whose value is undefined are left out (for a value whose
   * readers cannot tell a member set to undefined from a missing one: Handlebars' syntax tree).
   */
  set(slot: string, key: string, value: unknown, options?: { readonly dropUndefined?: boolean }): void;
  /** The bytes stored in `slot` with exactly `key` by {@link setBytes}, or undefined. Never throws. */
  getBytes(slot: string, key: string): Uint8Array | undefined;
  /** Stores bytes as they are (a compressed font program): no text encoding either way. Never throws. */
  setBytes(slot: string, key: string, bytes: Uint8Array): void;
}

/**
 * How many slots the folder keeps (a project has four: config, model, template, its code; a
 * one-document build adds its title's lines and one per PDF font).
 */
export const MAX_ENTRIES = 64;

/** No cache: every value is computed (running from source, or no cache folder). */
export const NO_COMPILE_CACHE: CompileCache = { get: () => undefined, set: () => {}, getBytes: () => undefined, setBytes: () => {} };

/**
 * The cache in `<folder>/compiled/`, valid for the program `identity` (toolIdentity() of
 * manifest.ts: its version and the hash of its bundles). An entry's file is one line of JSON
 * (program, slot, key, the payload's kind and CRC-32), a line feed, then the payload: the value
 * as JSON text, or the bytes.
 */
export function compileCacheIn(folder: string, identity: string): CompileCache {
  const dir = path.join(folder, 'compiled');
  // Named by program and slot: two installed versions sharing the folder do not take turns at it.
  const fileOf = (slot: string) => path.join(dir, `${slotName(`${identity}\0${slot}`)}.entry`);
  const read = (slot: string, key: string, kind: 'json' | 'bytes'): Buffer | undefined => {
    try {
      const file = readFileSync(fileOf(slot));
      const end = file.indexOf(0x0a);
      if (end < 0) return undefined;
      const head = JSON.parse(file.toString('utf8', 0, end)) as { program?: unknown; slot?: unknown; key?: unknown; kind?: unknown; crc?: unknown };
      if (head.program !== identity || head.slot !== slot || head.key !== key || head.kind !== kind) return undefined;
      const payload = file.subarray(end + 1);
      // The payload's own check: a byte changed on disk is a miss, never a wrong document.
      return head.crc === crc32(payload) ? payload : undefined;
    } catch {
      return undefined;
    }
  };
  const write = (slot: string, key: string, kind: 'json' | 'bytes', payload: Uint8Array): void => {
    const file = fileOf(slot);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(dir, { recursive: true });
      const head = Buffer.from(`${JSON.stringify({ program: identity, slot, key, kind, crc: crc32(payload) })}\n`);
      writeFileSync(tmp, Buffer.concat([head, payload]));
      renameSync(tmp, file);
      prune(dir);
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // Not even that (no such folder): nothing was written.
      }
    }
  };
  return {
    get(slot, key) {
      const payload = read(slot, key, 'json');
      if (!payload) return undefined;
      try {
        return JSON.parse(payload.toString('utf8'));
      } catch {
        return undefined;
      }
    },
    set(slot, key, value, options = {}) {
      if (isJson(value, !!options.dropUndefined)) write(slot, key, 'json', Buffer.from(JSON.stringify(value)));
    },
    getBytes(slot, key) {
      const payload = read(slot, key, 'bytes');
      return payload ? new Uint8Array(payload) : undefined;
    },
    setBytes(slot, key, bytes) {
      write(slot, key, 'bytes', bytes);
    },
  };
}

/**
 * Removes the least recently written entries beyond {@link MAX_ENTRIES}, and entries of an earlier
 * format (`.json`), best effort.
 */
function prune(dir: string): void {
  const all = readdirSync(dir);
  for (const n of all) if (n.endsWith('.json')) rmSync(path.join(dir, n), { force: true });
  const names = all.filter((n) => n.endsWith('.entry'));
  if (names.length <= MAX_ENTRIES) return;
  const written = names.map((n) => {
    try {
      return { n, t: statSync(path.join(dir, n)).mtimeMs };
    } catch {
      return { n, t: 0 };
    }
  });
  written.sort((a, b) => b.t - a.t || (a.n < b.n ? -1 : 1));
  for (const { n } of written.slice(MAX_ENTRIES)) rmSync(path.join(dir, n), { force: true });
}

/** A file name for a slot: 64-bit FNV-1a of its UTF-16 code units, in hex (16 characters). */
function slotName(slot: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < slot.length; i++) h = BigInt.asUintN(64, (h ^ BigInt(slot.charCodeAt(i))) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}

/**
 * Whether JSON carries `v` exactly: null, booleans, strings, finite numbers, arrays and objects of
 * them (objects of any class, read back as plain objects), no holes in arrays, and no undefined
 * object members unless `dropUndefined` (JSON leaves them out).
 */
function isJson(v: unknown, dropUndefined: boolean, depth = 0): boolean {
  if (depth > 200) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object') return false;
  if (v instanceof Date || v instanceof Map || v instanceof Set || ArrayBuffer.isView(v)) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !isJson(v[i], dropUndefined, depth + 1)) return false;
    return true;
  }
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  for (const k of Object.keys(v)) {
    const member = (v as Record<string, unknown>)[k];
    if (member === undefined ? !dropUndefined : !isJson(member, dropUndefined, depth + 1)) return false;
  }
  return true;
}
