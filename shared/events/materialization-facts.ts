/** Where an asset's value is stored: the output item of one step of one run. */
export interface StoredOutputRef {
  readonly runId: string;
  readonly stepKey: string;
  readonly outputName: string;
}

/**
 * What an asset step's ASSET_MATERIALIZATION records besides its metadata (DESIGN section 8):
 * the partition, the data version, the versions of its inputs (provenance), and where its
 * value is stored, so a later run can load it without recomputing it.
 */
export interface MaterializationFacts {
  /** The run's partition key, or null for an unpartitioned run. */
  readonly partition: string | null;
  readonly dataVersion: string;
  /** Upstream asset key (`ins` and `deps`) → the data version this materialization was computed from. */
  readonly inputDataVersions: Readonly<Record<string, string>>;
  readonly storedOutput: StoredOutputRef;
}
