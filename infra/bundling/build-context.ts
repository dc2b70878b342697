import type { BundleCache } from './bundle-cache.js';
import type { DefinitionCallSite } from './definition-call-sites.js';
import type { ImportedNames } from './module-names.js';
import type { AfterInputRead } from './recorded-inputs.js';

/** What every bundle and the layer of one `buildFunctionBundles` call are built with. */
export interface BuildContext {
  readonly projectRoot: string;
  /** The Definitions module (absolute). */
  readonly definitionsFile: string;
  /** Where the bundles, the layer and their manifests go. */
  readonly outDir: string;
  readonly cache: BundleCache;
  readonly minify: boolean;
  readonly englishZodOnly: boolean;
  /** Definition call sites per user file, found once per text and shared by every bundle's build. */
  readonly sites: Map<string, { text: string; sites: DefinitionCallSite[] }>;
  /** What each project file imports (names by specifier), parsed once per text and shared by every bundle's build. */
  readonly imports: Map<string, { text: string; bySpecifier: Map<string, ImportedNames> }>;
  /** The bundler's own fingerprint (see `bundlerFingerprint`), part of every spec hash. */
  readonly toolHash: string;
  /** Called once esbuild has been given a source file's bytes (a seam for tests). */
  readonly afterInputRead?: AfterInputRead | undefined;
}
