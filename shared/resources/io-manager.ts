import type { OutputReference } from '../event-log/output-reference.js';
import { IoManagerError } from './io-manager-error.js';

/** The resource key of the IO manager every output uses unless its `Out({ ioManagerKey })` names another. */
export const DEFAULT_IO_MANAGER_KEY = 'io_manager';

/** Which output a manager stores: the run, the step that produced it, and its name. */
export interface OutputAddress {
  readonly runId: string;
  readonly step: string;
  readonly output: string;
}

/**
 * Where op outputs live between steps, as Dagster's IO managers: the event log itself (the
 * default), S3 ({@link s3IoManager}), or a resource of your own with these two methods. A
 * manager that stores the value elsewhere returns its URI; the event log then keeps only
 * `{ manager, uri }`, written in the step's one atomic commit, and the reading step hands
 * that URI back to `loadInput` of the manager with the same resource key.
 *
 * @example
 * const io: IoManager = {
 *   handleOutput: async ({ runId, step, output }, value) => writeSomewhere(`${runId}/${step}/${output}`, value),
 *   loadInput: async (uri) => readFrom(uri),
 * };
 */
export interface IoManager {
  /** Stores `value`; returns its URI, or undefined when the event log's commit should keep the value itself. */
  handleOutput(address: OutputAddress, value: unknown): Promise<string | undefined>;
  /** The value stored at `uri` by `handleOutput`, exactly as it was. */
  loadInput(uri: string): Promise<unknown>;
}

/** Whether a resource value is an IO manager (has `handleOutput` and `loadInput`). */
export function isIoManager(value: unknown): value is IoManager {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof IoManager, unknown>>;
  return typeof candidate.handleOutput === 'function' && typeof candidate.loadInput === 'function';
}

/**
 * The default manager: the value goes into the step's output items in the event log (inline,
 * gzipped or chunked, see output-item.ts), written by the same commit as the step's state.
 */
export const eventLogIoManager: IoManager = Object.freeze({
  handleOutput: async () => undefined,
  loadInput: async (uri: string): Promise<unknown> => {
    // Unreachable through stepster: an event-log output item carries its value, never a URI.
    throw new IoManagerError(`the event log IO manager keeps values in the event log, not at "${uri}"`);
  },
});

/**
 * The IO manager under resource `key`: the resource itself, or the event log for the default
 * key when no resource takes it. Anything else is an error naming the key and the fix.
 */
export function ioManagerOf(key: string, resource: unknown, where: string): IoManager {
  if (isIoManager(resource)) return resource;
  if (resource === undefined && key === DEFAULT_IO_MANAGER_KEY) return eventLogIoManager;
  const problem = resource === undefined ? 'there is no such resource' : 'that resource has no handleOutput/loadInput';
  throw new IoManagerError(
    `${where} uses IO manager "${key}", but ${problem}: add resources: { ${key}: s3IoManager({ bucket }) } to Definitions (or executeInProcess), or fix Out({ ioManagerKey })`,
  );
}

/** The reference the event log keeps for a value a manager stored elsewhere. */
export function outputReference(manager: string, uri: string | undefined): OutputReference | undefined {
  return uri === undefined ? undefined : { manager, uri };
}
