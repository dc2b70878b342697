import { EventType } from '../events/event-type.js';
import { assetKeyToUserString } from '../metadata/asset-key.js';
import { metadataToPlain } from '../metadata/metadata-to-plain.js';
import type { TypedMetadata } from '../metadata/typed-metadata.js';
import type { EventLogInstance } from './event-log-instance.js';

/** One materialization of a run, as {@link collectRunMetadata} returns it. */
export interface RunAssetMetadata {
  /** The asset key as users write it (`a/b` for a path). */
  readonly assetKey: string;
  /** Metadata values, plain (`{ rowCount: 3 }`). */
  readonly metadata: Record<string, unknown>;
}

/**
 * The asset materializations of a run with their metadata, in the order they happened:
 * the helper seed 001 asks for, for run-status sensors that email a report.
 *
 * @example
 * const assets = await collectRunMetadata(context.instance, context.dagsterRun.runId);
 * // [{ assetKey: 'sales_output', metadata: { rowCount: 3 } }]
 */
export async function collectRunMetadata(
  instance: Pick<EventLogInstance, 'getRecordsForRun'>,
  runId: string,
): Promise<RunAssetMetadata[]> {
  const { records } = await instance.getRecordsForRun(runId, { ofType: EventType.ASSET_MATERIALIZATION });
  const results: RunAssetMetadata[] = [];
  for (const record of records) {
    const assetKey = assetKeyToUserString(record.data?.assetKey);
    if (assetKey === undefined) continue;
    // The op executor stores metadata normalised to typed values (DESIGN section 4).
    const metadata = (record.data?.metadata ?? {}) as TypedMetadata;
    results.push({ assetKey, metadata: metadataToPlain(metadata) });
  }
  return results;
}
