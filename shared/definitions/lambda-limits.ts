// Lambda's own bounds on a function's memory and timeout. The op definition, the compiler and
// the CDK constructs all check against these, so a value one accepts is never refused by
// another (or by Lambda at deploy time). Code that ships in Lambda bundles imports the single
// constants: esbuild inlines those, not the properties of an object.

/** Smallest memory size, in MB. */
export const MIN_MEMORY_MB = 128;
/** Largest memory size, in MB. */
export const MAX_MEMORY_MB = 10_240;
/** Shortest timeout, in seconds. */
export const MIN_TIMEOUT_SECONDS = 1;
/** Longest timeout, in seconds (15 minutes). */
export const MAX_TIMEOUT_SECONDS = 900;

/**
 * Lambda's memory (MB) and timeout (seconds) bounds, together.
 *
 * @example
 * const fits = memorySize >= LambdaLimits.MIN_MEMORY_MB && memorySize <= LambdaLimits.MAX_MEMORY_MB;
 */
export const LambdaLimits = { MIN_MEMORY_MB, MAX_MEMORY_MB, MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } as const;
