/**
 * JSON text of `value` that never throws: bigints become strings, `Error`s keep name, message and stack,
 * and circular references become `"[Circular]"`. Log calls must not fail because of what an op attached.
 *
 * @example
 * ```ts
 * toJsonLine({ error: new Error('boom'), big: 1n }); // '{"error":{"name":"Error","message":"boom",...},"big":"1"}'
 * ```
 */
export function toJsonLine(value: unknown): string {
  try {
    return JSON.stringify(value, plainReplacer) ?? 'null';
  } catch {
    // Only reached for circular structures (or throwing toJSON); tracking visited objects is slower, so it is the fallback.
    try {
      return JSON.stringify(value, circularSafeReplacer()) ?? 'null';
    } catch (error) {
      return JSON.stringify({ unserializable: String(error) });
    }
  }
}

function plainReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return errorFields(value);
  return value;
}

function circularSafeReplacer(): (key: string, value: unknown) => unknown {
  const ancestors: object[] = [];
  return function (this: unknown, _key: string, value: unknown): unknown {
    const replaced = plainReplacer(_key, value);
    if (typeof replaced !== 'object' || replaced === null) return replaced;
    // `this` is the object holding the key: drop ancestors that are no longer on the path to it.
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(replaced)) return '[Circular]';
    ancestors.push(replaced);
    return replaced;
  };
}

function errorFields(error: Error): Record<string, unknown> {
  const fields: Record<string, unknown> = { name: error.name, message: error.message };
  if (error.stack !== undefined) fields['stack'] = error.stack;
  if (error.cause !== undefined) fields['cause'] = error.cause;
  return fields;
}
