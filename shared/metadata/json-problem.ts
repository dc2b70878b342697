import { describeValue } from '../errors/describe-value.js';

/** Why a value cannot be stored as JSON, and where inside it. */
export type JsonProblem = {
  /** Path from the value's root to the culprit; empty when the root itself is the problem. */
  readonly path: readonly (string | number)[];
  /** The culprit described, e.g. `a function`, `NaN`, `a Date`, `a circular reference`. */
  readonly description: string;
  /** A specific fix for this kind of value, when there is one. */
  readonly hint: string | undefined;
};

/**
 * Finds the first part of `value` that JSON cannot store faithfully, or `undefined` when
 * `JSON.stringify` would round-trip it. Allowed: strings, finite numbers, booleans, null,
 * arrays and plain objects of those. `undefined` object properties are allowed (JSON
 * drops them, as an absent key); `undefined` elsewhere (the root, array slots, holes) is not.
 *
 * @example
 * findJsonProblem({ a: [1, () => 2] }) // → { path: ['a', 1], description: 'a function', hint: undefined }
 */
export function findJsonProblem(value: unknown): JsonProblem | undefined {
  return walk(value, [], new Set());
}

function walk(value: unknown, path: (string | number)[], ancestors: Set<object>): JsonProblem | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? undefined
      : problem(path, describeValue(value), 'Use null, or a string such as String(x), for a non-finite number.');
  }
  if (typeof value !== 'object') return problem(path, describeValue(value), hintFor(value));
  if (ancestors.has(value)) return problem(path, 'a circular reference', 'Remove the cycle.');
  if (Array.isArray(value)) {
    ancestors.add(value);
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return problem([...path, i], 'an empty array slot', 'Fill the hole, e.g. with null.');
      const found = walk(value[i], [...path, i], ancestors);
      if (found) return found;
    }
    ancestors.delete(value);
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) return problem(path, describeValue(value), hintFor(value));
  ancestors.add(value);
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    const found = walk(child, [...path, key], ancestors);
    if (found) return found;
  }
  ancestors.delete(value);
  return undefined;
}

function problem(path: (string | number)[], description: string, hint: string | undefined): JsonProblem {
  return { path, description, hint };
}

function hintFor(value: unknown): string | undefined {
  if (value === undefined) return 'Use null, or leave the key out.';
  if (typeof value === 'bigint') return 'Convert it with Number(x) if it is a safe integer, or with String(x).';
  if (value instanceof Date) return 'Convert a Date with date.toISOString(), or use MetadataValue.timestamp(date).';
  if (value instanceof Map) return 'Convert a Map with Object.fromEntries(map).';
  if (value instanceof Set) return 'Convert a Set with [...set].';
  if (typeof value === 'object' && value !== null) return 'Convert it to a plain object, e.g. { ...x } or x.toJSON().';
  return undefined;
}
