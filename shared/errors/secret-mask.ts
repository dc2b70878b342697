// The one rule for secret values in text: every value fetched through `secret(...)` is
// registered here, and every writer of text (event items, logger records, the error that
// crosses the Lambda boundary, RunFailedError, sensor logs) passes its text through
// `maskSecrets` / `maskSecretsDeep` first, so the value shows as `***` wherever stepster
// writes. It sits on the ground floor (errors/) because the event log (floor 3) and the
// loggers need it as much as `secret()` (floor 4) does; the registry is process-wide because a
// fetched value may surface in any later text of the process (a Lambda container, a CLI run).
//
// Invariants: values only ever join the registry (a value once fetched stays masked for the
// life of the process); masking runs before any shortening, so a cut never leaves half a secret
// unmasked; with nothing registered every function returns its input itself (no copy).

/** What a secret value is replaced with. */
export const SECRET_MASK = '***';

/**
 * Values shorter than this are not registered: masking every `a` or `42` in every text would
 * garble messages, counts and keys without hiding anything worth hiding (a 3-character secret is
 * guessed faster than read).
 */
export const MIN_MASKED_SECRET_LENGTH = 4;

const registered = new Set<string>();
/** The registered values, longest first, so a value containing another is masked whole. */
let ordered: readonly string[] = [];

/**
 * Registers a fetched secret value so that {@link maskSecrets} replaces it everywhere from now on.
 * Values shorter than {@link MIN_MASKED_SECRET_LENGTH} are ignored (see there why).
 *
 * @example
 * registerSecretValue('s3cret-password');
 * maskSecrets('login failed for s3cret-password'); // 'login failed for ***'
 */
export function registerSecretValue(value: string): void {
  if (typeof value !== 'string' || value.length < MIN_MASKED_SECRET_LENGTH || registered.has(value)) return;
  registered.add(value);
  ordered = [...registered].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every registered secret value replaced by {@link SECRET_MASK}.
 *
 * @example
 * maskSecrets(`bad password ${password}`); // 'bad password ***'
 */
export function maskSecrets(text: string): string {
  if (ordered.length === 0) return text;
  let masked = text;
  for (const value of ordered) if (masked.includes(value)) masked = masked.split(value).join(SECRET_MASK);
  return masked;
}

/**
 * `value` with every string inside it masked by {@link maskSecrets}: plain objects and arrays are
 * copied (keys too), an `Error` becomes a copy of the same class with its message, stack, cause
 * and own fields masked; other objects (Date, Map, class instances) are returned as they are.
 * Returns `value` itself when nothing in it changed.
 *
 * @example
 * maskSecretsDeep({ error: { message: `bad password ${password}` } }); // { error: { message: 'bad password ***' } }
 */
export function maskSecretsDeep<T>(value: T): T {
  if (ordered.length === 0) return value;
  return maskValue(value, new Map()) as T;
}

function maskValue(value: unknown, seen: Map<object, unknown>): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    let changed = false;
    for (const item of value) {
      const masked = maskValue(item, seen);
      changed ||= masked !== item;
      copy.push(masked);
    }
    return changed ? copy : keep(value, seen);
  }
  if (value instanceof Error) return maskError(value, seen);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  let changed = false;
  for (const [key, field] of Object.entries(value)) {
    const maskedKey = maskSecrets(key);
    const masked = maskValue(field, seen);
    changed ||= masked !== field || maskedKey !== key;
    copy[maskedKey] = masked;
  }
  return changed ? copy : keep(value, seen);
}

/** An unchanged container stands for itself in later visits (cycles, shared children). */
function keep(value: object, seen: Map<object, unknown>): object {
  seen.set(value, value);
  return value;
}

function maskError(error: Error, seen: Map<object, unknown>): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  seen.set(error, copy);
  let changed = false;
  // message, stack and cause are own properties of an Error but not enumerable: list them by name.
  const names = new Set<string>(['name', 'message', 'stack', 'cause', ...Object.keys(error)]);
  for (const name of names) {
    if (!(name in error)) continue;
    const field: unknown = (error as unknown as Record<string, unknown>)[name];
    const masked = maskValue(field, seen);
    changed ||= masked !== field;
    const own = Object.getOwnPropertyDescriptor(error, name);
    // An inherited field (a class's `name`) is copied only when masking changed it.
    if (own === undefined && masked === field) continue;
    Object.defineProperty(copy, name, {
      value: masked,
      writable: true,
      configurable: true,
      enumerable: own?.enumerable ?? false,
    });
  }
  if (changed) return copy;
  seen.set(error, error);
  return error;
}
