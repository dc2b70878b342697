/**
 * Reads a value that may throw (a getter on a foreign error, a `toJSON`), `undefined` if it does.
 * Failure paths use it: describing a failure must never fail itself.
 *
 * @example
 * safeRead(() => error.message) // → the message, or undefined when the getter throws
 */
export function safeRead(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}
