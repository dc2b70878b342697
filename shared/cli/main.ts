#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { StepsterEnv } from '../environment/environment-variable.js';
import { DefinitionError } from '../errors/definition-error.js';
import { errorMessage } from '../errors/error-message.js';
import { LocalDynamoLockedError } from '../local-dynamo/local-dynamo-locked-error.js';
import { openLocalInstance } from '../local/local-instance.js';
import type { AbandonedRun } from '../local/recover-abandoned-runs.js';
import { DEFAULT_DEFINITIONS_FILE, loadDefinitions } from '../definitions/load-definitions.js';
import { DefinitionsLoadError } from '../definitions/definitions-load-error.js';
import { CliError } from './cli-error.js';
import { type CliCommandSpec, CliCommands, isCliCommand } from './cli-commands.js';
import { describeSchedules, formatSchedules } from '../schedules/schedules-report.js';
import { eventsCommand, listCommand, runsCommand } from './query-commands.js';
import { assetsCommand } from './assets-command.js';
import { selectedAssetRun } from './materialize-command.js';
import { backfillCommand } from './backfill-command.js';
import { BackfillError } from '../local/backfill-error.js';
import { PartitionKeyError } from '../definitions/partitions/partition-key-error.js';
import { backfillSelection, remoteBackfillCommand } from './remote-backfill-command.js';
import { launchCommand, type RemoteTarget, remoteEventsCommand, remoteRunsCommand } from './remote-commands.js';
import { remoteLogsCommand } from './remote-logs-command.js';
import {
  cliReexecutionError,
  redriveCommand,
  reexecutionRequestFromFlags,
  remoteReexecuteCommand,
} from './reexecute-commands.js';
import { splitSelectionArgs } from '../definitions/op-selection.js';
import { planRunReexecution } from '../local/reexecution-plan.js';
import { parseTags, readConfigFile, runCommand } from './run-command.js';
import { uiCommand } from './ui-command.js';
import { eventsFlags, positiveIntegerFlag, runsFlags } from './cli-flags.js';
import { RunStatus } from '../event-log/run-record.js';

// Local runs are supported on Node 20; the SDK's notice about its future Node 22 floor is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = `Usage: stepster <command> [options]

Commands:
  run <job> [--config file] [--tag k=v]...        run a job locally through its state machine, then its sensors;
                                                  a failed step prints its error, stack, retry causes and
                                                  Failure metadata. --config takes .json, .yaml or .yml
      [--partition <key>]                         the partition of a partitioned job
      [--select 'a*,+b']...                       only the selected steps: name, a* / *a (all down / up),
                                                  a+ / +a (one layer; a++ two), repeatable or comma list
  reexecute <runId> [--from-failure | --all]      a new run of a finished run: from failure (default) re-runs
      [--select q]... [--config] [--tag] [--remote]  what did not succeed and reuses the rest; --all everything
  redrive <runId> --remote                        resume the failed execution in place (RedriveExecution)
  materialize <selection>... [--config] [--tag]   run the selected assets locally: keys, group:<name>, 'key+',
                                                  '+key', 'key*', '*key', '*' (quote * from the shell)
  backfill <job> --from K --to K | --partitions a,b [--max-concurrent N] [--config] [--tag]
                                                  one run per partition (locally; --remote: the deployed
                                                  backfill state machine)
  assets                                          list the assets: key, group, kinds, last materialization
  list                                            list the jobs
  schedules [--count n]                           list the schedules and their next ticks
  runs [--job name] [--tag k=v]... [--status S]   list recent runs, newest first: status, start, end, duration,
       [--limit n] [--remote]                     tags; every --tag must match; --status is one of
                                                  ${Object.values(RunStatus).join(', ')}
  events <runId> [--type T]... [--full]           print a run's event log, one line an event; --full adds
         [--step KEY]... [--remote]               metadata whole (markdown, tables, JSON) and errors with stacks;
                                                  --step process[a] is one item of a fan-out, process all of them
  logs <runId> [--remote]                         print a run's log messages (--remote: CloudWatch Logs)
  launch <job> [--config file] [--tag k=v]        start a run of the deployed job (StartExecution); --select, --partition too
  ui [--port 3000] [--host 127.0.0.1] [--remote]  serve the web UI: runs, jobs, assets, launchpad (Ctrl-C stops)

Options:
  --definitions <file>   definitions module (default examples/definitions.ts, or $${StepsterEnv.DEFINITIONS})
  --remote               read the deployed stack's event table / logs (AWS credentials from the default chain)
  --stage <name>         deployed stage (default $${StepsterEnv.STAGE}, else dev)
  --region <region>      AWS region (default the SDK's resolution)
`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      tag: { type: 'string', multiple: true },
      select: { type: 'string', multiple: true },
      'from-failure': { type: 'boolean' },
      all: { type: 'boolean' },
      partition: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      partitions: { type: 'string' },
      'max-concurrent': { type: 'string' },
      job: { type: 'string' },
      type: { type: 'string', multiple: true },
      step: { type: 'string', multiple: true },
      status: { type: 'string', multiple: true },
      full: { type: 'boolean' },
      definitions: { type: 'string' },
      limit: { type: 'string' },
      count: { type: 'string' },
      remote: { type: 'boolean' },
      stage: { type: 'string' },
      region: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, arg] = positionals;
  if (!command || values.help) {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (!isCliCommand(command)) {
    throw new CliError(`unknown command "${command}".\n\n${USAGE}`);
  }
  const spec: CliCommandSpec = CliCommands[command];
  // Checked before anything loads or opens: a mistyped flag fails at once, naming the fix.
  const runsOptions = command === 'runs' ? runsFlags(values) : {};
  const eventsOptions = command === 'events' ? eventsFlags(values) : {};
  if (spec.arg !== undefined && !arg) {
    throw new CliError(`"${command}" needs ${spec.arg}.\n\n${USAGE}`);
  }
  const needsDefinitions = spec.definitions === true || (spec.definitions === 'remote' && values.remote === true);
  const definitionsFile = values.definitions ?? process.env[StepsterEnv.DEFINITIONS] ?? DEFAULT_DEFINITIONS_FILE;
  const howToChoose = `Pass --definitions <file> or set ${StepsterEnv.DEFINITIONS}`;
  const loaded = needsDefinitions
    ? { definitions: await loadDefinitions(definitionsFile, { howToChoose }) }
    : undefined;
  if (command === 'list' && loaded) return listCommand(loaded.definitions);
  // A selection that matches nothing fails here, before the local store opens.
  const assetJob =
    command === 'materialize' && loaded ? selectedAssetRun(loaded.definitions, positionals.slice(1)) : undefined;
  if (command === 'schedules' && loaded) {
    const count = values.count !== undefined ? positiveIntegerFlag('--count', values.count, 3) : 3;
    process.stdout.write(formatSchedules(describeSchedules(loaded.definitions.schedules, { count })));
    return 0;
  }
  const target: RemoteTarget = {
    ...(values.stage ? { stage: values.stage } : {}),
    ...(values.region ? { region: values.region } : {}),
  };
  if (command === 'launch' && loaded) {
    loaded.definitions.getJob(arg!);
    const file = values.config ? readConfigFile(values.config) : {};
    const tags = { ...((file.tags as Record<string, string> | undefined) ?? {}), ...parseTags(values.tag ?? []) };
    await launchCommand({
      jobName: arg!,
      input: {
        ...file,
        ...(Object.keys(tags).length > 0 ? { tags } : {}),
        ...(values.select ? { selection: splitSelectionArgs(values.select) } : {}),
        ...(values.partition !== undefined ? { partitionKey: values.partition } : {}),
      },
      target,
    });
    return 0;
  }
  const reexecution =
    command === 'reexecute'
      ? reexecutionRequestFromFlags({
          fromFailure: values['from-failure'] ?? false,
          all: values.all ?? false,
          select: values.select ?? [],
          ...(values.config ? { configPath: values.config } : {}),
          tags: values.tag ?? [],
        })
      : undefined;
  if (command === 'redrive' && !values.remote) {
    throw new CliError(
      `"redrive" resumes a deployed execution in place: add --remote. Locally, re-execute: stepster reexecute ${arg} --from-failure`,
    );
  }
  const uiFlags = { ...(values.port ? { port: values.port } : {}), ...(values.host ? { host: values.host } : {}) };
  if (values.remote) {
    if (command === 'ui' && loaded)
      return uiCommand({ definitions: loaded.definitions, source: { remote: target }, ...uiFlags });
    if (command === 'reexecute' && loaded && reexecution) {
      await remoteReexecuteCommand({ definitions: loaded.definitions, runId: arg!, request: reexecution, target });
      return 0;
    }
    if (command === 'redrive') {
      await redriveCommand({ runId: arg!, target });
      return 0;
    }
    if (command === 'backfill' && loaded) {
      const file = values.config ? readConfigFile(values.config) : {};
      await remoteBackfillCommand({
        job: loaded.definitions.getJob(arg!),
        selection: backfillSelection(values),
        ...(values['max-concurrent'] !== undefined ? { maxConcurrent: Number(values['max-concurrent']) } : {}),
        ...(file.runConfig ? { runConfig: file.runConfig } : {}),
        tags: { ...((file.tags as Record<string, string> | undefined) ?? {}), ...parseTags(values.tag ?? []) },
        target,
      }).catch((error: unknown) => {
        throw error instanceof BackfillError || error instanceof PartitionKeyError
          ? new CliError(error.message)
          : error;
      });
      return 0;
    }
    if (command === 'runs') {
      return remoteRunsCommand({ target, ...runsOptions });
    }
    if (command === 'events') {
      return remoteEventsCommand({ runId: arg!, target, ...eventsOptions });
    }
    if (command === 'logs' && loaded)
      return remoteLogsCommand({ definitions: loaded.definitions, runId: arg!, target });
    throw new CliError(`"${command}" has no --remote form.`);
  }
  const instance = await openLocalInstance({
    // A run found abandoned fires the run-failure sensors, as the AWS sweep does; commands that
    // need no Definitions load them only then.
    definitions: async () => loaded?.definitions ?? (await loadDefinitions(definitionsFile, { howToChoose })),
    sensorLog: (record) =>
      process.stderr.write(`stepster: sensor ${record.sensorName} ${record.level} ${record.message}\n`),
    onFailover: (failover) =>
      process.stderr.write(
        `stepster: the local store's server at ${failover.from} went away; ` +
          `${failover.served ? `this process (pid ${process.pid}) now serves it` : 'now using'} at ${failover.to}\n`,
      ),
  });
  reportAbandonedRuns(instance.abandonedRuns);
  try {
    switch (command) {
      case 'run':
        return await runCommand({
          definitions: loaded!.definitions,
          store: instance.store,
          leaseRun: (runId, jobName) => instance.leaseRun(runId, jobName),
          jobName: arg!,
          ...(values.config ? { configPath: values.config } : {}),
          tags: values.tag ?? [],
          selection: splitSelectionArgs(values.select ?? []),
          ...(values.partition !== undefined ? { partitionKey: values.partition } : {}),
        });
      case 'reexecute': {
        const { job, plan } = await planRunReexecution(loaded!.definitions, instance.store, arg!, reexecution!).catch(
          cliReexecutionError,
        );
        return await runCommand({
          definitions: loaded!.definitions,
          store: instance.store,
          leaseRun: (runId, jobName) => instance.leaseRun(runId, jobName),
          jobName: job.name,
          job,
          tags: [],
          reexecution: plan,
        });
      }
      case 'materialize':
        return await runCommand({
          definitions: loaded!.definitions,
          store: instance.store,
          leaseRun: (runId, jobName) => instance.leaseRun(runId, jobName),
          jobName: assetJob!.job.name,
          job: assetJob!.job,
          ...(assetJob!.selection ? { selection: assetJob!.selection } : {}),
          ...(values.config ? { configPath: values.config } : {}),
          tags: values.tag ?? [],
          ...(values.partition !== undefined ? { partitionKey: values.partition } : {}),
        });
      case 'backfill':
        return await backfillCommand({
          definitions: loaded!.definitions,
          store: instance.store,
          jobName: arg!,
          ...(values.from !== undefined ? { from: values.from } : {}),
          ...(values.to !== undefined ? { to: values.to } : {}),
          ...(values.partitions !== undefined ? { partitions: values.partitions } : {}),
          ...(values['max-concurrent'] !== undefined ? { maxConcurrent: values['max-concurrent'] } : {}),
          ...(values.config ? { configPath: values.config } : {}),
          tags: values.tag ?? [],
        });
      case 'assets':
        return await assetsCommand(loaded!.definitions, instance.store);
      case 'ui':
        // Inside the try: the local store stays open while the server serves, and closes after.
        return await uiCommand({ definitions: loaded!.definitions, source: { local: instance }, ...uiFlags });
      case 'runs':
        return await runsCommand(instance.store, runsOptions);
      case 'events':
        return await eventsCommand(instance.store, arg!, eventsOptions);
      default:
        return await eventsCommand(instance.store, arg!, { logsOnly: true });
    }
  } finally {
    await instance.close();
  }
}

function reportAbandonedRuns(runs: readonly AbandonedRun[]): void {
  for (const run of runs) {
    process.stderr.write(
      `stepster: run ${run.runId} of ${run.jobName} was left STARTED: the process that ran it ` +
        `(pid ${run.process.pid} on host ${run.process.host}) exited without finishing it; recorded RUN_FAILURE` +
        `${run.sensorsNotFired ? ` (its sensors did not fire: ${run.sensorsNotFired})` : ''}\n`,
    );
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError || error instanceof DefinitionError || error instanceof DefinitionsLoadError) {
      process.stderr.write(`stepster: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof LocalDynamoLockedError) {
      // Says which process holds the store and what to do; a stack would bury that.
      process.stderr.write(`stepster: ${error.message}\n`);
      process.exitCode = 1;
    } else if (
      error instanceof TypeError &&
      String((error as { code?: string }).code) === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      process.stderr.write(`stepster: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`stepster: ${(error instanceof Error ? error.stack : undefined) ?? errorMessage(error)}\n`);
      process.exitCode = 1;
    }
  },
);
