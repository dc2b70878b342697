import { maskSecrets, maskSecretsDeep } from '../errors/secret-mask.js';
import { StepsterError, type StepsterErrorOptions } from '../errors/stepster-error.js';
import type { Definitions } from '../definitions/definitions.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { RunConfig } from '../definitions/run-config.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import type { EventRecord } from '../event-log/event-record.js';
import { EventType } from '../events/event-type.js';
import { ioManagerOf } from '../resources/io-manager.js';
import { runLocally } from './local-run.js';
import { sharedInMemoryInstance } from './local-instance.js';

/** What executeInProcess returns (Dagster's ExecuteInProcessResult). */
export interface ExecuteInProcessResult {
  readonly success: boolean;
  readonly runId: string;
  /** Every event of the run, in order. */
  readonly events: readonly EventRecord[];
  /** State transitions the run took in the state machine. */
  readonly stateTransitions: number;
  /** The value an op produced; throws naming the known outputs when there is none. */
  outputFor(opName: string, outputName?: string): unknown;
  /** The events of one op, in order. */
  eventsForNode(opName: string): EventRecord[];
  /** The store the run was recorded in (query API: getRecordsForRun, getRuns, getAssetEvents). */
  readonly instance: EventLogStore;
}

/** Raised by executeInProcess when the run failed and raiseOnError is true. */
export class RunFailedError extends StepsterError {
  override readonly name = 'RunFailedError' as const;

  constructor(
    message: string,
    readonly result: ExecuteInProcessResult,
    options?: StepsterErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Runs a whole job locally through its compiled state machine, as `npm start` does, and
 * returns its events and outputs. As in Dagster, a failed run throws unless
 * `raiseOnError: false`.
 *
 * @example
 * const result = await executeInProcess(salesJob, {
 *   runConfig: { ops: { fetch_sales: { config: { date: '2026-11-01' } } } },
 * });
 * expect(result.outputFor('summary_report')).toMatchObject({ regions: 4 });
 */
export async function executeInProcess(
  job: JobDefinition,
  options: ExecuteInProcessOptions = {},
): Promise<ExecuteInProcessResult> {
  return executeLocally(job, options);
}

/** Options of {@link executeInProcess}. */
export interface ExecuteInProcessOptions {
  runConfig?: RunConfig;
  tags?: Record<string, string>;
  /** @default true */
  raiseOnError?: boolean;
  /** @default a process-wide in-memory instance */
  instance?: EventLogStore;
  definitions?: Definitions;
  resources?: Record<string, unknown>;
  runId?: string;
  /**
   * The partition to run, for a partitioned job (run tag `stepster/partition`, `context.partitionKey`,
   * recorded on its materializations). Checked before any op runs. @default none (unpartitioned job)
   */
  partitionKey?: string;
  /**
   * Dagster op selection queries: only the selected steps run (`['fetch_sales*']`, `['+report']`,
   * `['a', 'b++']`). The others run no body and write no event. A query that names no step fails
   * the run before any op runs; so does a selected step reading an unselected op's output.
   * @default every step
   * @example
   * await executeInProcess(salesJob, { opSelection: ['transform*'], raiseOnError: false });
   */
  opSelection?: readonly string[];
}

/**
 * executeInProcess with the system tags an in-process launcher sets (a re-execution's lineage,
 * a backfill's id), sent in the input and vouched for: for stepster's own launchers
 * (`reexecute`, `backfill`), not the public API.
 */
export async function executeLocally(
  job: JobDefinition,
  options: ExecuteInProcessOptions & { systemTags?: Readonly<Record<string, string>> },
): Promise<ExecuteInProcessResult> {
  const store = options.instance ?? (await sharedInMemoryInstance()).store;
  const run = await runLocally({
    job,
    store,
    input: {
      ...(options.runConfig ? { runConfig: options.runConfig } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
      ...(options.opSelection ? { selection: options.opSelection } : {}),
      ...(options.partitionKey !== undefined ? { partitionKey: options.partitionKey } : {}),
    },
    ...(options.definitions ? { definitions: options.definitions } : {}),
    ...(options.resources ? { resources: options.resources } : {}),
    ...(options.runId ? { runId: options.runId } : {}),
    ...(options.systemTags ? { systemTags: options.systemTags } : {}),
  });
  const events = await readAllEvents(store, run.runId);
  const outputs = await readRunOutputs(
    job,
    store,
    run.runId,
    options.resources ?? options.definitions?.resources ?? {},
  );
  const result: ExecuteInProcessResult = {
    success: run.status === 'SUCCESS',
    runId: run.runId,
    events,
    stateTransitions: run.stateTransitions,
    instance: store,
    outputFor(opName, outputName) {
      const node = job.node(opName);
      const name = outputName ?? (Object.keys(node.op.outs).length === 1 ? Object.keys(node.op.outs)[0] : undefined);
      if (name === undefined) {
        throw new Error(
          `op "${opName}" has several outputs (${Object.keys(node.op.outs).join(', ')}): name one, e.g. outputFor("${opName}", "${Object.keys(node.op.outs)[0]}").`,
        );
      }
      const key = `${opName}.${name}`;
      if (!outputs.has(key)) {
        throw new Error(
          `op "${opName}" produced no output "${name}" in run ${run.runId} (it failed, was skipped, or did not yield it).`,
        );
      }
      return outputs.get(key);
    },
    eventsForNode: (opName) => events.filter((e) => e.stepKey === opName),
  };
  if (!result.success && (options.raiseOnError ?? true)) {
    const failure = events.find((e) => e.eventType === EventType.STEP_FAILURE || e.eventType === EventType.RUN_FAILURE);
    // The events come masked from the store; the execution's own error does not, so mask both.
    const cause: unknown = maskSecretsDeep(failure?.data?.error);
    throw new RunFailedError(
      maskSecrets(
        `Run ${run.runId} of job "${job.name}" failed: ${failure?.message ?? run.error?.message ?? 'unknown error'}`,
      ),
      result,
      cause ? { cause } : undefined,
    );
  }
  return result;
}

/**
 * Every output of the run's steps, keyed `"<node>.<output>"`: a step a re-execution reused
 * answers with the outputs of the run that produced them (read there, by reference). A value
 * another IO manager (S3) holds is loaded from it, as the steps downstream loaded it.
 */
async function readRunOutputs(
  job: JobDefinition,
  store: EventLogStore,
  runId: string,
  resources: Readonly<Record<string, unknown>>,
): Promise<Map<string, unknown>> {
  const outputs = new Map<string, unknown>();
  const states = await store.getStepStates(runId);
  const bySource = new Map<string, { node: string; output: string }[]>();
  for (const node of job.nodes) {
    const source = states[node.name]?.reusedFrom ?? runId;
    const refs = Object.keys(node.op.outs).map((output) => ({ node: node.name, output }));
    bySource.set(source, [...(bySource.get(source) ?? []), ...refs]);
  }
  for (const [source, refs] of bySource) {
    for (const [key, v] of await store.readOutputs(source, refs)) {
      if (!v.found) continue;
      const { reference } = v;
      outputs.set(
        key,
        reference === undefined
          ? v.value
          : await ioManagerOf(reference.manager, resources[reference.manager], `output ${key}`).loadInput(
              reference.uri,
            ),
      );
    }
  }
  return outputs;
}

async function readAllEvents(store: EventLogStore, runId: string): Promise<EventRecord[]> {
  const all: EventRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.getRecordsForRun(runId, { limit: 1000, ...(cursor ? { cursor } : {}) });
    all.push(...page.records);
    cursor = page.hasMore ? page.cursor : undefined;
  } while (cursor);
  return all;
}
