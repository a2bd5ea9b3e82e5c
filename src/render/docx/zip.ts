/**
 * Makes the DOCX package reproducible: the `docx` library stamps the current time into
 * docProps/core.xml and into every zip entry. This re-packs the same entries, in the same order,
 * with the given date in both places, so the same input always gives the same bytes. It also puts
 * our own style sheet in place of the library's, which always adds its default styles (blue
 * Calibri headings, toc, footnotes …) even to an external one. fflate is the zip library docx
 * itself uses.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/** The DOS date range zip entries can hold: 1980 to 2107. */
const MIN_ZIP_TIME = Date.UTC(1980, 0, 1, 12);

/**
 * Re-packs `bytes` with every timestamp set to `date`, and with the parts in `replace` (path →
 * text) put in place of the library's own.
 */
export function normaliseZip(bytes: Uint8Array, date: Date, replace: Readonly<Record<string, string>> = {}): Uint8Array {
  const entries = unzipSync(bytes);
  for (const [name, text] of Object.entries(replace)) {
    if (!(name in entries)) throw new Error(`no part ${name} to replace`);
    entries[name] = strToU8(text);
  }
  const iso = new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const core = entries['docProps/core.xml'];
  if (core) {
    entries['docProps/core.xml'] = strToU8(
      strFromU8(core)
        .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${iso}$2`)
        .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${iso}$2`),
    );
  }
  // Zip entry times are local DOS times; fflate converts from a Date in the local zone, so give
  // it the UTC wall time shifted by the zone offset to get the same bytes in every time zone.
  const time = Math.max(date.getTime(), MIN_ZIP_TIME);
  const shifted = new Date(time + new Date(time).getTimezoneOffset() * 60_000);
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(entries)) zippable[name] = [data, { mtime: shifted, level: 6 }];
  return zipSync(zippable);
}
