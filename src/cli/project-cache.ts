/**
 * The compile cache (compile-cache.ts) of the installed program, in its cache folder.
 */
import { compileCacheIn, NO_COMPILE_CACHE, type CompileCache } from './compile-cache.js';
import { cacheFolder } from './fonts.js';
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
