const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats a property path the way a TypeScript reader would write it:
 * identifiers with `.`, array indices and other keys in brackets.
 *
 * @example
 * formatPropertyPath('runConfig.ops', ['fetch_sales', 'config', 'rows', 0, 'unit price'])
 * // → 'runConfig.ops.fetch_sales.config.rows[0]["unit price"]'
 */
export function formatPropertyPath(root: string, segments: readonly PropertyKey[]): string {
  let path = root;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (typeof segment === 'symbol') path += `[${segment.toString()}]`;
    else if (IDENTIFIER.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}
