import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListStateMachinesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { StepsterEnv } from '../environment/environment-variable.js';
import { EventLogStore } from '../event-log/event-log-store.js';
import type { ExecutionInput } from '../definitions/run-config.js';
import { CliError } from './cli-error.js';
import { type EventsCommandOptions, eventsCommand, type RunsCommandOptions, runsCommand } from './query-commands.js';

/** Where a deployed stack is: its stage (`cdk deploy -c stage=<stage>`) and region. */
export interface RemoteTarget {
  /** @default $STEPSTER_STAGE, else 'dev' */
  readonly stage?: string;
  /** @default the SDK's region resolution (AWS_REGION, the profile's region) */
  readonly region?: string;
  /** The event table. @default $STEPSTER_TABLE_NAME, else `stepster-<stage>-events` (what `cdk deploy` creates) */
  readonly tableName?: string;
}

/**
 * The deployed stage a remote command reads: the target's, else `$STEPSTER_STAGE`, else `dev`.
 *
 * @example
 * remoteStage({ stage: 'prod' }); // 'prod'
 */
export function remoteStage(target: RemoteTarget = {}): string {
  return target.stage ?? process.env[StepsterEnv.STAGE] ?? 'dev';
}

/**
 * The deployed event table's name for a stage.
 *
 * @example
 * remoteTableName({ stage: 'prod' }); // 'stepster-prod-events'
 */
export function remoteTableName(target: RemoteTarget = {}): string {
  return target.tableName ?? process.env[StepsterEnv.TABLE_NAME] ?? `stepster-${remoteStage(target)}-events`;
}

/**
 * The deployed event log, read with the default AWS credential chain (environment, profile, SSO…).
 *
 * @example
 * const store = openRemoteStore({ stage: 'prod' });
 * const runs = await store.getRuns({ limit: 10 });
 */
export function openRemoteStore(target: RemoteTarget = {}, client?: DynamoDBClient): EventLogStore {
  return new EventLogStore({
    client: client ?? new DynamoDBClient(target.region ? { region: target.region } : {}),
    tableName: remoteTableName(target),
  });
}

/**
 * The ARN of a deployed job's state machine (`stepster-<stage>-<job>`), found with ListStateMachines.
 * The error lists the stage's jobs when the job is not deployed.
 */
export async function findStateMachineArn(client: SFNClient, stage: string, jobName: string): Promise<string> {
  const wanted = `stepster-${stage}-${jobName}`;
  const deployed: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    for (const machine of page.stateMachines ?? []) {
      if (machine.name === wanted && machine.stateMachineArn) return machine.stateMachineArn;
      if (machine.name?.startsWith(`stepster-${stage}-`))
        deployed.push(machine.name.slice(`stepster-${stage}-`.length));
    }
    nextToken = page.nextToken;
  } while (nextToken);
  throw new CliError(
    `job "${jobName}" is not deployed in stage "${stage}"${deployed.length > 0 ? ` (deployed: ${deployed.join(', ')})` : ''}: run \`npx cdk deploy -c stage=${stage}\` first, or pass --stage.`,
  );
}

/** What `stepster launch` started. */
export interface LaunchResult {
  readonly runId: string;
  readonly executionArn: string;
  /** The execution in the Step Functions console. */
  readonly consoleUrl: string;
}

/**
 * `stepster launch <job> [--config file] [--tag k=v] [--stage s]`: starts a run of the deployed job
 * with StartExecution (the run id is the execution name) and prints where to follow it.
 *
 * @example
 * await launchCommand({ jobName: 'sales_job', stage: 'prod', input: { runConfig: { ops: {} }, tags: { k: 'v' } } });
 */
export async function launchCommand(options: {
  readonly jobName: string;
  readonly input?: ExecutionInput;
  readonly runId?: string;
  readonly target?: RemoteTarget;
  readonly client?: SFNClient;
  readonly out?: NodeJS.WritableStream;
}): Promise<LaunchResult> {
  const target = options.target ?? {};
  const stage = remoteStage(target);
  const client = options.client ?? new SFNClient(target.region ? { region: target.region } : {});
  const stateMachineArn = await findStateMachineArn(client, stage, options.jobName);
  const runId = options.runId ?? randomUUID();
  const started = await client.send(
    new StartExecutionCommand({ stateMachineArn, name: runId, input: JSON.stringify(options.input ?? {}) }),
  );
  const executionArn = started.executionArn ?? `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${runId}`;
  const region = executionArn.split(':')[3] ?? 'us-east-1';
  const consoleUrl = `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
  const out = options.out ?? process.stdout;
  out.write(`Started ${options.jobName} (stage ${stage}): run id ${runId}\n  ${consoleUrl}\n`);
  out.write(`Follow it: npx stepster events ${runId} --remote --stage ${stage}\n`);
  return { runId, executionArn, consoleUrl };
}

/** `stepster runs --remote [--job name] [--tag k=v]... [--status S] [--stage s]`: the deployed stack's runs, newest first. */
export async function remoteRunsCommand(
  options: RunsCommandOptions & {
    readonly target?: RemoteTarget;
    readonly store?: EventLogStore;
    readonly out?: NodeJS.WriteStream;
  },
): Promise<number> {
  const { target, store, out, ...filter } = options;
  return runsCommand(store ?? openRemoteStore(target), filter, out);
}

/** `stepster events <runId> --remote [--type T] [--full] [--stage s]`: a deployed run's event log. */
export async function remoteEventsCommand(
  options: EventsCommandOptions & {
    readonly runId: string;
    readonly target?: RemoteTarget;
    readonly store?: EventLogStore;
    readonly out?: NodeJS.WriteStream;
  },
): Promise<number> {
  const { runId, target, store, out, ...flags } = options;
  return eventsCommand(store ?? openRemoteStore(target), runId, flags, out);
}
