/** What a bundle holds: one op's function, a job's run-level functions, or the lifecycle function. */
export type BundleSpec =
  | { readonly kind: 'op'; readonly opName: string }
  | { readonly kind: 'control' }
  | { readonly kind: 'lifecycle' };

/** The Lambda entry point each kind of bundle is built from, relative to the project root. */
export const BUNDLE_ENTRY: Readonly<Record<BundleSpec['kind'], string>> = {
  op: 'functions/op-task.ts',
  control: 'functions/run-control.ts',
  lifecycle: 'functions/run-lifecycle.ts',
};

/**
 * The key (directory name) of a bundle spec.
 *
 * @example
 * bundleKey({ kind: 'op', opName: 'fetch_sales' }); // 'op-fetch_sales'
 */
export function bundleKey(spec: BundleSpec): string {
  return spec.kind === 'op' ? `op-${spec.opName}` : spec.kind;
}
