import { RedriveExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { Definitions } from '../definitions/definitions.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import { RunStatus } from '../event-log/run-record.js';
import { ReexecutionError } from '../local/reexecution-error.js';
import {
  planRunReexecution,
  ReexecutionMode,
  type ReexecutionRequest,
  reexecutionInput,
} from '../local/reexecution-plan.js';
import { splitSelectionArgs } from '../definitions/op-selection.js';
import { CliError } from './cli-error.js';
import { parseTags, readConfigFile } from './run-command.js';
import {
  findStateMachineArn,
  type LaunchResult,
  launchCommand,
  openRemoteStore,
  type RemoteTarget,
  remoteStage,
} from './remote-commands.js';

/**
 * What the CLI makes of a planning failure of {@link planRunReexecution}, the one planner every
 * launcher calls: a ReexecutionError (unknown run or job, a run that cannot be re-executed so)
 * becomes a CliError with its message, which names the run and the way out; others pass.
 *
 * @example
 * const { job, plan } = await planRunReexecution(definitions, store, runId, request).catch(cliReexecutionError);
 */
export function cliReexecutionError(error: unknown): never {
  if (error instanceof ReexecutionError) throw new CliError(error.message, { cause: error });
  throw error;
}

/**
 * `stepster reexecute <runId> --remote [--from-failure | --all] [--stage s]`: plans from the
 * deployed event table and starts a new execution of the job's state machine (StartExecution,
 * as `stepster launch`) with the parent's input plus the re-execution fields. Its run start
 * checks them against the table.
 *
 * @example
 * await remoteReexecuteCommand({ definitions, runId, request: { mode: 'from-failure' }, target: { stage: 'prod' } });
 */
export async function remoteReexecuteCommand(options: {
  readonly definitions: Definitions;
  readonly runId: string;
  readonly request: ReexecutionRequest;
  readonly target?: RemoteTarget;
  readonly store?: EventLogStore;
  readonly client?: SFNClient;
  readonly newRunId?: string;
  readonly out?: NodeJS.WritableStream;
}): Promise<LaunchResult> {
  const store = options.store ?? openRemoteStore(options.target);
  const { job, plan } = await planRunReexecution(options.definitions, store, options.runId, options.request).catch(
    cliReexecutionError,
  );
  return launchCommand({
    jobName: job.name,
    input: reexecutionInput(plan),
    ...(options.newRunId ? { runId: options.newRunId } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.client ? { client: options.client } : {}),
    ...(options.out ? { out: options.out } : {}),
  });
}

/**
 * `stepster redrive <runId> --remote [--stage s]`: Step Functions' RedriveExecution of the failed
 * execution, in place: the same run id, resumed from its failed states (run start is not run
 * again; the run item is re-opened by the lifecycle when the execution runs again).
 *
 * @example
 * await redriveCommand({ runId, target: { stage: 'prod' } });
 */
export async function redriveCommand(options: {
  readonly runId: string;
  readonly target?: RemoteTarget;
  readonly store?: EventLogStore;
  readonly client?: SFNClient;
  readonly out?: NodeJS.WritableStream;
}): Promise<{ readonly executionArn: string }> {
  const target = options.target ?? {};
  const store = options.store ?? openRemoteStore(target);
  const run = await store.getRun(options.runId);
  if (run === undefined) {
    throw new CliError(
      `no run "${options.runId}" in the deployed event table: list them with \`stepster runs --remote\``,
    );
  }
  if (run.status !== RunStatus.FAILURE && run.status !== RunStatus.CANCELED) {
    throw new CliError(
      `run "${options.runId}" is ${run.status}: only a failed or canceled run can be redriven (re-execute it instead: stepster reexecute ${options.runId} --all --remote)`,
    );
  }
  const stage = remoteStage(target);
  const client = options.client ?? new SFNClient(target.region ? { region: target.region } : {});
  const stateMachineArn = await findStateMachineArn(client, stage, run.jobName);
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${options.runId}`;
  await client.send(new RedriveExecutionCommand({ executionArn }));
  const out = options.out ?? process.stdout;
  out.write(`Redriving ${run.jobName} (stage ${stage}): run id ${options.runId}\n`);
  out.write(`Follow it: npx stepster events ${options.runId} --remote --stage ${stage}\n`);
  return { executionArn };
}

/**
 * The re-execution the flags of `stepster reexecute` ask for: `--from-failure` (the default) or
 * `--all`; `--select` re-runs only the steps it names (with `--all` implied); `--config` replaces
 * the run config and `--tag` adds tags.
 *
 * @example
 * reexecutionRequestFromFlags({ all: true, select: ['transform*'], tags: [] });
 */
export function reexecutionRequestFromFlags(flags: {
  readonly fromFailure?: boolean;
  readonly all?: boolean;
  readonly select?: readonly string[];
  readonly configPath?: string;
  readonly tags: readonly string[];
}): ReexecutionRequest {
  if (flags.fromFailure && flags.all) throw new CliError('pass --from-failure or --all, not both');
  const selection = splitSelectionArgs(flags.select ?? []);
  if (flags.fromFailure && selection.length > 0) {
    throw new CliError('--select re-runs exactly the steps it names: use it with --all, not --from-failure');
  }
  const file = flags.configPath ? readConfigFile(flags.configPath) : {};
  const tags = { ...((file.tags as Record<string, string> | undefined) ?? {}), ...parseTags(flags.tags) };
  const mode = flags.all || selection.length > 0 ? ReexecutionMode.ALL : ReexecutionMode.FROM_FAILURE;
  return {
    mode,
    ...(selection.length > 0 ? { selection } : {}),
    ...(file.runConfig ? { runConfig: file.runConfig } : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
  };
}
