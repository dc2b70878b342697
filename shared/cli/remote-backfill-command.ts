import { randomUUID } from 'node:crypto';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type BackfillMachineInput, backfillStateMachineName } from '../compiler/backfill-machine.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import type { RunConfig } from '../definitions/run-config.js';
import { errorMessage } from '../errors/error-message.js';
import { backfillKeys, type BackfillSelection } from '../local/backfill-keys.js';
import { CliError } from './cli-error.js';
import { findStateMachineArn, type RemoteTarget, remoteStage } from './remote-commands.js';

/** Step Functions' limit on an execution's input, less room for the other fields. */
const MAX_INPUT_BYTES = 250_000;

/** What `stepster backfill --remote` started. */
export interface RemoteBackfillResult {
  readonly backfillId: string;
  readonly executionArn: string;
  readonly partitionKeys: readonly string[];
}

/**
 * `stepster backfill <job> --remote --from K --to K [--max-concurrent N]`: checks the keys here,
 * then starts the stage's backfill state machine (StartExecution, named by the backfill id); its
 * Distributed Map starts one run of the job per partition.
 *
 * @example
 * await remoteBackfillCommand({ job: dailySales, selection: { from: '2026-11-01', to: '2026-11-30' }, target: { stage: 'prod' } });
 */
export async function remoteBackfillCommand(options: {
  readonly job: JobDefinition;
  readonly selection: BackfillSelection;
  /** @default 4 */
  readonly maxConcurrent?: number;
  readonly runConfig?: RunConfig;
  readonly tags?: Readonly<Record<string, string>>;
  readonly backfillId?: string;
  readonly target?: RemoteTarget;
  readonly client?: SFNClient;
  readonly out?: NodeJS.WritableStream;
}): Promise<RemoteBackfillResult> {
  const partitionKeys = backfillKeys(options.job, options.selection);
  const maxConcurrent = options.maxConcurrent ?? 4;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    throw new CliError(`--max-concurrent must be a whole number of runs of at least 1, got ${options.maxConcurrent}.`);
  }
  const target = options.target ?? {};
  const stage = remoteStage(target);
  const client = options.client ?? new SFNClient(target.region ? { region: target.region } : {});
  const jobArn = await findStateMachineArn(client, stage, options.job.name);
  const backfillArn = jobArn.replace(/:stateMachine:.*$/, `:stateMachine:${backfillStateMachineName(stage)}`);
  const backfillId = options.backfillId ?? randomUUID().slice(0, 8);
  const input: BackfillMachineInput = {
    stateMachineArn: jobArn,
    backfillId,
    partitionKeys,
    maxConcurrent,
    runConfig: options.runConfig ?? {},
    tags: { ...(options.tags ?? {}) },
  };
  const text = JSON.stringify(input);
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES) {
    throw new CliError(
      `backfill of ${partitionKeys.length} partitions is too large for one execution input (256 KB): split --from/--to into smaller ranges.`,
    );
  }
  let executionArn: string;
  try {
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: backfillArn, name: backfillId, input: text }),
    );
    executionArn = started.executionArn ?? `${backfillArn.replace(':stateMachine:', ':execution:')}:${backfillId}`;
  } catch (error) {
    throw new CliError(
      `cannot start the backfill state machine ${backfillStateMachineName(stage)}: ${errorMessage(error)}. Deploy the stage again (npx cdk deploy -c stage=${stage}) so it has one for its partitioned jobs.`,
      { cause: error },
    );
  }
  const out = options.out ?? process.stdout;
  out.write(
    `Started backfill ${backfillId} of ${options.job.name} (stage ${stage}): ${partitionKeys.length} partitions, at most ${maxConcurrent} at once\n  ${executionArn}\n`,
  );
  out.write(`Follow it: npx stepster runs --remote --job ${options.job.name} --stage ${stage}\n`);
  return { backfillId, executionArn, partitionKeys };
}

/** The partitions `--from K --to K` or `--partitions a,b` select. */
export function backfillSelection(flags: {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly partitions?: string | undefined;
}): BackfillSelection {
  const partitionKeys = flags.partitions
    ?.split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
  return {
    ...(flags.from !== undefined ? { from: flags.from } : {}),
    ...(flags.to !== undefined ? { to: flags.to } : {}),
    ...(partitionKeys !== undefined ? { partitionKeys } : {}),
  };
}
