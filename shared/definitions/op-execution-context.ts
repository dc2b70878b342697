import type { Output } from '../events/output.js';
import type { UserEvent } from '../events/user-event.js';
import type { RawMetadata } from '../metadata/normalize-metadata.js';
import type { OpLog } from './op-log.js';
import { PartitionKeyError } from './partitions/partition-key-error.js';
import { SystemTag } from './run-tags.js';

/** What an op body sees about its run. */
export interface RunInfo {
  readonly runId: string;
  readonly jobName: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** An event the op logged or yielded, in order. */
export type LoggedEvent = UserEvent | Output<unknown>;

/**
 * The `context` every op body receives (Dagster's OpExecutionContext).
 */
export class OpExecutionContext<Config = unknown> {
  readonly runId: string;
  readonly jobName: string;
  readonly opName: string;
  readonly opConfig: Config;
  readonly run: RunInfo;
  /** 0 on the first attempt, 1 on the first retry, ... */
  readonly retryNumber: number;
  readonly resources: Readonly<Record<string, unknown>>;
  readonly log: OpLog;
  /** @internal events logged with logEvent, in order; drained by the executor. */
  readonly loggedEvents: LoggedEvent[] = [];
  /** @internal metadata added with addOutputMetadata, by output name. */
  readonly addedOutputMetadata = new Map<string, RawMetadata>();

  constructor(init: {
    runId: string;
    jobName: string;
    opName: string;
    opConfig: Config;
    tags?: Record<string, string>;
    retryNumber?: number;
    resources?: Record<string, unknown>;
    log: OpLog;
  }) {
    this.runId = init.runId;
    this.jobName = init.jobName;
    this.opName = init.opName;
    this.opConfig = init.opConfig;
    this.run = Object.freeze({
      runId: init.runId,
      jobName: init.jobName,
      tags: Object.freeze({ ...(init.tags ?? {}) }),
    });
    this.retryNumber = init.retryNumber ?? 0;
    this.resources = Object.freeze({ ...(init.resources ?? {}) });
    this.log = init.log;
  }

  /** Whether the run is of one partition (a partitioned job or asset). */
  get hasPartitionKey(): boolean {
    return this.run.tags[SystemTag.PARTITION] !== undefined;
  }

  /**
   * The partition this run materializes (Dagster's `context.partition_key`), e.g. `'2026-11-01'`.
   * @throws PartitionKeyError when the run has no partition (check `hasPartitionKey` first)
   * @example
   * const daily = asset({ name: 'daily_sales', partitionsDef: daily }, async (context) => load(context.partitionKey));
   */
  get partitionKey(): string {
    const key = this.run.tags[SystemTag.PARTITION];
    if (key === undefined) {
      throw new PartitionKeyError(
        `op "${this.opName}" read context.partitionKey, but run ${this.runId} of job "${this.jobName}" has no partition. Give the job (or its assets) a partitionsDef and run it with a partitionKey, or check context.hasPartitionKey first.`,
      );
    }
    return key;
  }

  /**
   * Records an event (materialization, observation, expectation or check result) now,
   * in the order it was logged.
   */
  logEvent(event: UserEvent): void {
    this.loggedEvents.push(event);
  }

  /**
   * Adds metadata to an output's STEP_OUTPUT event (Dagster's add_output_metadata).
   * @param outputName - which output; @default the op's only output
   */
  addOutputMetadata(metadata: RawMetadata, outputName?: string): void {
    const key = outputName ?? '';
    this.addedOutputMetadata.set(key, { ...(this.addedOutputMetadata.get(key) ?? {}), ...metadata });
  }
}
