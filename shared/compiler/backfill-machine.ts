import type { RunConfig } from '../definitions/run-config.js';
import { SystemTag } from '../definitions/run-tags.js';

/** The error a backfill execution ends with when a partition's run failed. */
export const BACKFILL_FAILED_ERROR = 'stepster.BackfillFailed';

/** The state that starts one partition's run inside the backfill's Distributed Map. */
export const BACKFILL_RUN_STATE = 'RunPartition';

/**
 * The name of a stage's backfill state machine. Job state machines are `stepster-<stage>-<job>`
 * and job names have no `-`, so `--backfill` never names a job's machine.
 */
export function backfillStateMachineName(stage: string): string {
  return `stepster-${stage}--backfill`;
}

/**
 * The execution input of the backfill state machine, as `stepster backfill --remote` sends it
 * (and as typed into the console): the job's state machine, the keys, and what every run gets.
 */
export interface BackfillMachineInput {
  readonly stateMachineArn: string;
  /** Also the execution's name; each partition's run is named `<backfillId>-<index>`. */
  readonly backfillId: string;
  readonly partitionKeys: readonly string[];
  /** Runs in flight at once (the Distributed Map's MaxConcurrency). */
  readonly maxConcurrent: number;
  readonly runConfig: RunConfig;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The backfill state machine (JSONPath ASL): a Distributed Map over `partitionKeys` whose items
 * each start the job's state machine with `states:startExecution.sync:2` (one run per partition,
 * named `<backfillId>-<index>`, with `partitionKey` and the tag `stepster/backfill`), at most
 * `maxConcurrent` at once. An item catches its run's failure, so a failed partition never stops
 * the others; the execution then fails listing the failed keys, and succeeds only when every
 * partition's run did.
 */
export function backfillMachineDefinition() {
  return {
    Comment: 'stepster: one run per partition of a partitioned job (stepster backfill --remote)',
    StartAt: 'Partitions',
    States: {
      Partitions: {
        Type: 'Map',
        ItemsPath: '$.partitionKeys',
        MaxConcurrencyPath: '$.maxConcurrent',
        ItemSelector: {
          'partitionKey.$': '$$.Map.Item.Value',
          'index.$': '$$.Map.Item.Index',
          'backfillId.$': '$.backfillId',
          'stateMachineArn.$': '$.stateMachineArn',
          'runConfig.$': '$.runConfig',
          'tags.$': '$.tags',
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: BACKFILL_RUN_STATE,
          States: {
            [BACKFILL_RUN_STATE]: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution.sync:2',
              Parameters: {
                'StateMachineArn.$': '$.stateMachineArn',
                'Name.$': "States.Format('{}-{}', $.backfillId, $.index)",
                Input: {
                  'partitionKey.$': '$.partitionKey',
                  'runConfig.$': '$.runConfig',
                  'tags.$': '$.tags',
                  stepster: { tags: { [`${SystemTag.BACKFILL}.$`]: '$.backfillId' } },
                },
              },
              // Only the run id leaves an item: the map's result must stay under 256 KB.
              ResultSelector: { 'runId.$': '$.Name' },
              ResultPath: '$.run',
              OutputPath: '$.run',
              Retry: [
                {
                  ErrorEquals: ['StepFunctions.SdkClientException', 'States.Timeout'],
                  IntervalSeconds: 2,
                  MaxAttempts: 3,
                  BackoffRate: 2,
                },
              ],
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'PartitionFailed' }],
              End: true,
            },
            PartitionFailed: {
              Type: 'Pass',
              Parameters: { 'failed.$': '$.partitionKey' },
              End: true,
            },
          },
        },
        ResultSelector: { 'failed.$': '$[?(@.failed)].failed' },
        ResultPath: '$.result',
        Next: 'AnyFailed',
      },
      AnyFailed: {
        Type: 'Choice',
        Choices: [{ Variable: '$.result.failed[0]', IsPresent: true, Next: 'NameFailures' }],
        Default: 'BackfillSucceeded',
      },
      // The cause is built in a Pass state: a Fail state's CausePath takes a plain path only in
      // the local interpreter, and a plain path works on AWS too.
      NameFailures: {
        Type: 'Pass',
        Parameters: {
          'cause.$': "States.Format('the runs of these partitions failed: {}', States.JsonToString($.result.failed))",
        },
        Next: 'BackfillFailed',
      },
      BackfillFailed: { Type: 'Fail', Error: BACKFILL_FAILED_ERROR, CausePath: '$.cause' },
      BackfillSucceeded: { Type: 'Succeed' },
    },
  } as const;
}
