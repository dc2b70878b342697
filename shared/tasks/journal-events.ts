import { serializeError } from '../errors/serialized-error.js';
import { UnstorableOutputError } from '../errors/unstorable-output-error.js';
import type { OutputReference } from '../event-log/output-reference.js';
import { findUnstorableValue } from '../event-log/output-value-codec.js';
import type { LogLevelName } from '../events/log-level-name.js';
import { StepEvents } from '../events/step-events.js';
import { type AssetProvenance, materializationFacts } from './asset-provenance.js';
import type { JournalEntry } from './op-journal.js';
import type { StepEventWriter } from './step-event-writer.js';

/** An output the attempt produced, ready to store. */
export interface ProducedOutput {
  readonly name: string;
  readonly value: unknown;
  /** The asset this output materializes, and its data version. */
  readonly asset?: { readonly key: string; readonly dataVersion: string };
  /** Where an IO manager other than the event log stored it (the output item keeps only this). */
  readonly reference?: OutputReference;
}

/**
 * Phase 4 of an op attempt: turns the journal (what the body logged, yielded and returned,
 * in the order it happened) into events, each stamped with the time it happened. Log records
 * and user events are kept even when the attempt failed; outputs only count on success,
 * because a failed attempt stores nothing downstream could read. Logger delivery failures
 * become ERROR engine events: never silent, never the step's failure. An asset's step also
 * records ASSET_MATERIALIZATION for its output, with the output's metadata.
 *
 * @returns the outputs to store (empty when the attempt failed)
 */
export function journalToEvents(
  writer: StepEventWriter,
  journal: readonly JournalEntry[],
  options: {
    readonly failed: boolean;
    readonly deliveryErrors: readonly Error[];
    readonly where: string;
    /** Output name → asset key when the step is an asset's: each such output records its materialization. */
    readonly assetKeys?: Readonly<Record<string, string>>;
    /** The asset step's partition and input versions, recorded on each materialization. */
    readonly provenance?: AssetProvenance;
    /** Output name → where its IO manager stored it, for outputs not kept in the event log. */
    readonly references?: ReadonlyMap<string, OutputReference>;
  },
): ProducedOutput[] {
  const outputs: ProducedOutput[] = [];
  for (const entry of journal) {
    if (entry.kind === 'log') {
      writer.add(StepEvents.logMessage(entry.level as LogLevelName, entry.message, entry.extra), entry.at);
    } else if (entry.kind === 'event') {
      writer.add(StepEvents.userEvent(entry.event.eventType, entry.event.toEventData(options.where)), entry.at);
    } else if (!options.failed && entry.silent) {
      outputs.push({ name: entry.name, value: entry.value });
    } else if (!options.failed) {
      writer.add(StepEvents.output(entry.name, entry.metadata), entry.at);
      // Dagster's order: the asset layer records the materialization while the output is
      // stored, before the IO manager reports it handled. An output the log cannot store
      // fails the step (findUnstorable), so it materializes nothing.
      const assetKey = options.assetKeys?.[entry.name];
      const facts =
        assetKey !== undefined && options.provenance !== undefined
          ? materializationFacts(options.provenance, entry)
          : undefined;
      if (assetKey !== undefined && findUnstorableValue(entry.value) === undefined) {
        writer.add(StepEvents.assetMaterialization(assetKey, entry.metadata, facts), entry.at);
      }
      const reference = options.references?.get(entry.name);
      writer.add(StepEvents.handledOutput(entry.name, reference), entry.at);
      outputs.push({
        name: entry.name,
        value: entry.value,
        ...(reference ? { reference } : {}),
        ...(assetKey !== undefined && facts !== undefined
          ? { asset: { key: assetKey, dataVersion: facts.dataVersion } }
          : {}),
      });
    }
  }
  for (const error of options.deliveryErrors) writer.add(StepEvents.logDeliveryFailed(serializeError(error)));
  return outputs;
}

/**
 * An output the event log cannot store exactly (a function, a symbol, a class instance…) fails
 * the step naming the output, the path inside it and the fix, instead of being changed
 * silently or failing the commit with a storage error the user cannot act on.
 */
export function findUnstorable(outputs: readonly ProducedOutput[]): Error | undefined {
  for (const output of outputs) {
    const unstorable = findUnstorableValue(output.value);
    if (unstorable !== undefined) return new UnstorableOutputError(output.name, unstorable);
  }
  return undefined;
}
