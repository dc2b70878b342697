/**
 * Heavy npm packages every function uses, deployed once in the shared layer instead of in
 * each bundle (zod is about two thirds of stepster's runtime). Only the bare specifier: a
 * subpath (`zod/mini`) is bundled where it is used.
 */
export const LAYER_PACKAGES = ['zod'] as const;
