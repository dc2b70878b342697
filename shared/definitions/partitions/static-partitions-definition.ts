import { DefinitionError } from '../../errors/definition-error.js';
import { PartitionsDefinition } from './partitions-definition.js';

const MAX_KEY_LENGTH = 256;

/**
 * A fixed list of partitions (Dagster's `StaticPartitionsDefinition`): regions, customers,
 * tables. Keys keep the order given.
 *
 * @example
 * const regions = new StaticPartitionsDefinition(['eu', 'us', 'apac']);
 * const sales = asset({ name: 'sales', partitionsDef: regions }, async (context) => load(context.partitionKey));
 */
export class StaticPartitionsDefinition extends PartitionsDefinition {
  readonly partitionKeys: readonly string[];

  constructor(partitionKeys: readonly string[]) {
    super();
    if (!Array.isArray(partitionKeys) || partitionKeys.length === 0) {
      throw new DefinitionError(
        `StaticPartitionsDefinition needs a non-empty list of keys, e.g. new StaticPartitionsDefinition(['eu', 'us']); got ${JSON.stringify(partitionKeys)}.`,
        { subject: 'StaticPartitionsDefinition' },
      );
    }
    const seen = new Set<string>();
    for (const key of partitionKeys) {
      // Keys travel in tags, execution names and event attributes: keep them printable and short.
      if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH || /[\p{Cc}]/u.test(key)) {
        throw new DefinitionError(
          `StaticPartitionsDefinition key ${JSON.stringify(key)} must be a non-empty string of at most ${MAX_KEY_LENGTH} printable characters.`,
          { subject: 'StaticPartitionsDefinition' },
        );
      }
      if (seen.has(key)) {
        throw new DefinitionError(`StaticPartitionsDefinition lists key "${key}" twice. Keep each key once.`, {
          subject: 'StaticPartitionsDefinition',
        });
      }
      seen.add(key);
    }
    this.partitionKeys = Object.freeze([...partitionKeys]);
  }

  getPartitionKeys(): string[] {
    return [...this.partitionKeys];
  }

  problemWith(key: string): string | undefined {
    if (this.partitionKeys.includes(key)) return undefined;
    const shown = this.partitionKeys.slice(0, 10).join(', ');
    return `not a partition; the keys are ${shown}${this.partitionKeys.length > 10 ? ', ...' : ''}`;
  }

  firstKey(): string {
    return this.partitionKeys[0] ?? '';
  }

  describe(): string {
    return `static partitions [${this.partitionKeys.map((k) => JSON.stringify(k)).join(', ')}]`;
  }
}
