import { PartitionKeyError } from './partition-key-error.js';

/** When a partitions definition is read: time-window keys end at the last period complete then. */
export interface PartitionKeysOptions {
  /** @default now */
  readonly currentTime?: Date;
}

/**
 * The set of partitions a job or asset is split into (Dagster's `PartitionsDefinition`):
 * {@link StaticPartitionsDefinition} or a time window (daily, hourly, weekly, monthly). A run
 * materializes one partition, named by its key.
 */
export abstract class PartitionsDefinition {
  /** Every key, in order. Time windows end at the last complete period (plus `endOffset`). */
  abstract getPartitionKeys(options?: PartitionKeysOptions): string[];

  /** Why `key` is not a key of this definition, or undefined when it is. */
  abstract problemWith(key: string, options?: PartitionKeysOptions): string | undefined;

  /** A short description for messages: `daily partitions from 2026-01-01 (UTC)`. */
  abstract describe(): string;

  /** Whether `key` is one of the keys (at `currentTime`). */
  hasPartitionKey(key: string, options?: PartitionKeysOptions): boolean {
    return this.problemWith(key, options) === undefined;
  }

  /** A key to show in messages: the last one, else the first one there will be. */
  exampleKey(options?: PartitionKeysOptions): string {
    return this.getPartitionKeys(options).at(-1) ?? this.firstKey();
  }

  /** The first key, even before its period is complete. */
  abstract firstKey(): string;

  /**
   * The keys from `from` to `to`, both included, in order.
   * @throws PartitionKeyError naming the end that is not a key, or when `to` comes before `from`
   * @example
   * new DailyPartitionsDefinition({ startDate: '2026-01-01' }).getPartitionKeysInRange('2026-01-01', '2026-01-03');
   * // → ['2026-01-01', '2026-01-02', '2026-01-03']
   */
  getPartitionKeysInRange(from: string, to: string, options?: PartitionKeysOptions): string[] {
    this.assertKey(from, 'from', options);
    this.assertKey(to, 'to', options);
    const keys = this.getPartitionKeys(options);
    const start = keys.indexOf(from);
    const end = keys.indexOf(to);
    if (end < start) {
      throw new PartitionKeyError(`partition range: "to" key "${to}" comes before "from" key "${from}". Swap them.`);
    }
    return keys.slice(start, end + 1);
  }

  /** Throws a {@link PartitionKeyError} naming `field` and a valid key when `key` is not one. */
  assertKey(key: string, field: string, options?: PartitionKeysOptions): void {
    const problem = this.problemWith(key, options);
    if (problem !== undefined) {
      throw new PartitionKeyError(`${field} "${key}": ${problem}; e.g. "${this.exampleKey(options)}"`);
    }
  }

  /** Two definitions are the same when they describe the same keys (instances may differ). */
  equals(other: PartitionsDefinition): boolean {
    return this === other || this.describe() === other.describe();
  }
}
