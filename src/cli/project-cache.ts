/**
 * The compile cache (compile-cache.ts) of the installed program, in its cache folder.
 */
import type { FontSet } from '../fonts/types.js';
import type { FontProgramStore } from '../render/pdf/index.js';
import { compileCacheIn, NO_COMPILE_CACHE, type CompileCache } from './compile-cache.js';
import { cacheFolder, fingerprintOf } from './fonts.js';
import { toolIdentity } from './manifest.js';

/** Set by the bundler: the CLI runs from dist/report.cjs. */
declare const __REPORT_BUNDLE__: boolean | undefined;

/**
 * The compile cache for a project's files: in the cache folder (REPORT_CACHE_DIR, else
 * node_modules/.cache/report, else the temp folder), for this program's identity (its version and
 * the hash of its bundles). Running from source (the tests) there is none: the identity of a
 * program that is not bundled does not change when its code does.
 */
export function projectCompileCache(env: NodeJS.ProcessEnv): CompileCache {
  if (typeof __REPORT_BUNDLE__ === 'undefined' || !__REPORT_BUNDLE__) return NO_COMPILE_CACHE;
  return compileCacheIn(cacheFolder(env), toolIdentity());
}

/**
 * The PDF writer's store of compressed font programs (render/pdf/paint.ts: FontProgramStore) in
 * the compile cache: one slot per document (`document`: the project folder and the year) and font
 * file, named by the file, its face, size and modification time (`fingerprint`, fonts.ts:
 * fontFingerprint), holding the program of the glyphs that document used last. Two projects using
 * the same fonts keep theirs apart. The programs are kept as bytes.
 */
export function fontProgramStore(cache: CompileCache, fonts: FontSet, fingerprint: readonly string[], document: string): FontProgramStore {
  const slotOf = (key: string): string | undefined => {
    const file = Object.values(fonts)
      .flatMap((role) => [role.primary, ...role.fallbacks])
      .find((f) => f.key === key);
    const [entry] = file ? fingerprintOf(fingerprint, [file]) : [];
    return entry === undefined ? undefined : `font-program:${document}:${entry}`;
  };
  return {
    get(font, glyphs) {
      const slot = slotOf(font);
      return slot === undefined ? undefined : cache.getBytes(slot, glyphs);
    },
    set(font, glyphs, compressed) {
      const slot = slotOf(font);
      if (slot !== undefined) cache.setBytes(slot, glyphs, compressed);
    },
  };
}
