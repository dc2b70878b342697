import type { TypedMetadataValue } from './typed-metadata.js';

/**
 * One metadata value built by a `MetadataValue.*` factory: a typed value that
 * `normalizeMetadata` stores as is. Immutable (the value is deep-frozen).
 *
 * @example
 * const entry = MetadataValue.int(3);
 * entry instanceof MetadataEntry // → true
 * entry.type // → 'int'
 * entry.toTyped() // → { type: 'int', value: 3 }
 */
export class MetadataEntry<V extends TypedMetadataValue = TypedMetadataValue> {
  readonly type: V['type'];
  readonly value: V['value'];
  readonly #typed: V;

  /** Prefer the `MetadataValue.*` factories, which validate the value. */
  constructor(typed: V) {
    deepFreeze(typed.value);
    this.#typed = Object.freeze({ type: typed.type, value: typed.value } as V);
    this.type = typed.type;
    this.value = typed.value;
    Object.freeze(this);
  }

  /** The stored form, `{ type, value }`, a plain object. */
  toTyped(): V {
    return this.#typed;
  }

  /** `JSON.stringify(entry)` gives the stored form. */
  toJSON(): V {
    return this.#typed;
  }
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
