import { describeValue } from '../errors/describe-value.js';

/**
 * The version of an asset's data, as Dagster's `DataVersion`: an opaque string that changes
 * when the data changes. An asset may set it on its output (`new Output(value, { dataVersion })`);
 * an observable source asset returns one from its observation; without one, an asset's
 * version is a hash of its stored output.
 *
 * @example
 * const source = observableSourceAsset({ name: 'foo_source_asset' }, async () => new DataVersion(sha256(file)));
 * @example
 * return new Output(rows, { dataVersion: new DataVersion(`rows-${rows.length}`) });
 */
export class DataVersion {
  readonly value: string;

  constructor(value: string) {
    if (typeof value !== 'string' || value.length === 0) {
      throw new TypeError(
        `DataVersion needs a non-empty string (a hash, a timestamp, a revision), got ${describeValue(value)}`,
      );
    }
    this.value = value;
  }

  toString(): string {
    return this.value;
  }
}
