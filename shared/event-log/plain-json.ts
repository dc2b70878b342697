/**
 * Whether `JSON.parse(JSON.stringify(value))` gives `value` back exactly: null, booleans,
 * strings, finite numbers other than -0, arrays without holes, and objects whose prototype is
 * `Object.prototype`, without symbol keys, nested as a tree (a value reached twice, a cycle
 * included, is not: JSON would copy it or throw). Anything else needs a tagged encoding.
 *
 * @example
 * isPlainJson({ rows: [{ id: 1, region: 'north' }] }); // true
 * isPlainJson({ at: new Date() }); // false
 * isPlainJson([Number.NaN]); // false
 */
export function isPlainJson(value: unknown): boolean {
  return isPlainJsonNode(value, new Set());
}

function isPlainJsonNode(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      // A hole would come back as null.
      if (!(index in value) || !isPlainJsonNode(value[index], seen)) return false;
    }
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  for (const key of Object.keys(value)) {
    if (!isPlainJsonNode((value as Record<string, unknown>)[key], seen)) return false;
  }
  return true;
}
