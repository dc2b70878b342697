import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Definitions } from '../definitions/definitions.js';
import { DefinitionError } from '../errors/definition-error.js';
import { errorMessage } from '../errors/error-message.js';
import type { EventLogStore } from '../event-log/event-log-store.js';
import type { EventRecord } from '../event-log/event-record.js';
import { EventType } from '../events/event-type.js';
import type { ExecutionInput } from '../definitions/run-config.js';
import type { JobDefinition } from '../definitions/job-definition.js';
import { handleRunFinished } from '../lifecycle/run-finished.js';
import { handleRunStarted } from '../lifecycle/run-started.js';
import type { SensorLogRecord } from '../sensors/sensor-log.js';
import { runLocally } from '../local/local-run.js';
import type { RunLease } from '../local/run-lease.js';
import { resolveOpSelection } from '../definitions/op-selection.js';
import { nodeOfStepKey } from '../definitions/mapped-step-key.js';
import type { StepState } from '../event-log/step-state.js';
import { CliError } from './cli-error.js';
import { isYamlConfigPath, parseConfigText } from './config-text.js';
import { formatMetadata } from './format-metadata.js';
import { stepDetailLines } from './step-details.js';
import { mappedSummary } from '../ui/mapped-summary.js';
import { mappedNodesOf } from '../ui/run-view.js';
import { stepTimelines } from '../ui/step-timeline.js';
import type { FanOutSource } from '../definitions/dynamic-output-handle.js';
import { mappingKeyOf } from '../definitions/mapped-step-key.js';
import { terminalStyle } from './terminal-style.js';

/**
 * Reads `--config <file>`: JSON, or YAML when the file ends in `.yaml`/`.yml`. It holds either an
 * execution input `{ runConfig, tags }` or a bare run config `{ ops, resources, loggers }`.
 * Errors are CliErrors naming the file (and, for a syntax error, the line and column).
 *
 * @example
 * readConfigFile('run.yaml'); // { runConfig: { ops: { fetch_sales: { config: { date: '2026-11-01' } } } } }
 */
export function readConfigFile(path: string): ExecutionInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read --config ${path}: ${errorMessage(error)}`);
  }
  const parsed = parseConfigText(path, text);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CliError(
      isYamlConfigPath(path)
        ? `--config ${path} must hold a mapping like\nops:\n  <op>:\n    config: {...}`
        : `--config ${path} must hold a JSON object like { "ops": { "<op>": { "config": {...} } } }`,
    );
  }
  const obj = parsed as Record<string, unknown>;
  return ('runConfig' in obj || 'tags' in obj || 'partitionKey' in obj ? obj : { runConfig: obj }) as ExecutionInput;
}

/** Parses repeated `--tag k=v`. */
export function parseTags(values: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw new CliError(`--tag ${v}: use key=value, e.g. --tag team=data`);
    tags[v.slice(0, i)] = v.slice(i + 1);
  }
  return tags;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  definitions: Definitions;
  store: EventLogStore;
  /**
   * Records that this process runs the run, before it starts (`LocalInstance.leaseRun`); the lease
   * is released once the run's end is recorded, so a process that dies mid-run leaves it behind
   * for the next command to find. @default no lease
   */
  leaseRun?: (runId: string, jobName: string) => RunLease;
  jobName: string;
  /**
   * The job to run when it is not one of the Definitions' jobs by name: the implicit asset job
   * narrowed to a selection (`stepster materialize`). @default definitions.getJob(jobName)
   */
  job?: JobDefinition;
  configPath?: string;
  tags: readonly string[];
  /** Op selection queries (`--select`): only those steps run. @default every step */
  selection?: readonly string[];
  /** A re-execution's planned input and lineage tags (`stepster reexecute`); replaces --config and --tag. */
  reexecution?: { readonly input: ExecutionInput; readonly systemTags: Readonly<Record<string, string>> };
  /** `--partition <key>`: the partition of a partitioned job (overrides the file's `partitionKey`). */
  partitionKey?: string;
  out?: NodeJS.WriteStream;
}

/** `stepster run <job>`: runs the job locally with live progress, then prints a summary. */
export async function runCommand(options: RunCommandOptions): Promise<number> {
  const out = options.out ?? process.stdout;
  const s = terminalStyle(out);
  let job: JobDefinition;
  try {
    job = options.job ?? options.definitions.getJob(options.jobName);
  } catch (error) {
    if (error instanceof DefinitionError) throw new CliError(error.message);
    throw error;
  }
  const fileInput = options.configPath ? readConfigFile(options.configPath) : {};
  const tags = { ...((fileInput.tags as Record<string, string> | undefined) ?? {}), ...parseTags(options.tags) };
  const input: ExecutionInput = options.reexecution?.input ?? {
    ...fileInput,
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(options.selection && options.selection.length > 0 ? { selection: options.selection } : {}),
    ...(options.partitionKey !== undefined ? { partitionKey: options.partitionKey } : {}),
  };

  // Unselected steps run no body: like Dagster, the output does not show them (run start reports a bad selection).
  const queries = input.selection;
  // Counted in ops: a selected item (`process[b]`) stands for its op.
  const shown = queries ? new Set(safeSelection(job, queries).map(nodeOfStepKey)) : undefined;
  out.write(
    `${s.bold(`Running ${job.name}`)} ${s.dim(`(${shown ? `${shown.size} of ` : ''}${job.nodes.length} ops, local state machine)`)}\n`,
  );
  const started = new Map<string, number>();
  const runId = randomUUID();
  const lease = options.leaseRun?.(runId, job.name);
  const sensorLog = (record: SensorLogRecord): void => {
    const color = record.level === 'ERROR' || record.level === 'CRITICAL' ? s.red : (x: string) => x;
    out.write(`  ${s.dim(`sensor ${record.sensorName}`)} ${color(record.level)} ${record.message}\n`);
  };
  const result = await runLocally({
    job,
    definitions: options.definitions,
    store: options.store,
    input,
    runId,
    ...(options.reexecution ? { systemTags: options.reexecution.systemTags } : {}),
    // What the lifecycle does on AWS for the RUNNING status event: the STARTED sensors fire.
    onRunStarted: (startedRunId) =>
      handleRunStarted({
        definitions: options.definitions,
        store: options.store,
        runId: startedRunId,
        jobName: job.name,
        sensorLog,
      }),
    onProgress: (p) => {
      if (shown && !shown.has(p.node)) return;
      if (p.phase === 'started' && !started.has(p.node)) {
        started.set(p.node, p.at);
        out.write(`  ${s.cyan('▶')} ${p.node}\n`);
      } else if (p.phase === 'retrying') out.write(`  ${s.yellow('↻')} ${p.node} ${s.dim('retry scheduled')}\n`);
    },
  });

  const page = await options.store.getRecordsForRun(result.runId, { limit: 10_000 });
  const events = page.records;
  const configFailure = events.find((e) => e.eventType === EventType.RUN_FAILURE && e.data?.issues);
  if (configFailure) {
    out.write(`${s.red('Run config is invalid:')}\n`);
    for (const issue of (configFailure.data?.issues ?? []) as { path: string; message: string }[]) {
      out.write(`  ${s.bold(issue.path)}: ${issue.message}\n`);
    }
    out.write(`Run id: ${result.runId}\n`);
    // runLocally recorded the run's end (a run that never started fires no sensors).
    lease?.release();
    return 1;
  }
  // Steps the selection left out ran nothing: they are listed apart, not as NOT RUN.
  const states = await options.store.getStepStates(result.runId);
  const steps = stepKeysOf(job, states);
  const unselected = steps.filter((step) => states[step]?.status === 'NOT_SELECTED');
  // A mapped op prints as one `process[*]` line over the items this run ran (reused ones have no events).
  const ran = [...new Set(steps.filter((step) => !unselected.includes(step)).map(nodeOfStepKey))];
  printSummary(out, ran, events, s, { runId: result.runId, mapped: mappedNodesOf(job) });
  const reused = unselected.filter((name) => states[name]?.reusedFrom !== undefined);
  if (reused.length > 0) out.write(s.dim(`  reused (not run): ${reused.join(', ')}\n`));
  const ok = result.status === 'SUCCESS';
  out.write(
    `\n${ok ? s.green(s.bold('RUN_SUCCESS')) : s.red(s.bold('RUN_FAILURE'))}  run id ${s.bold(result.runId)}  ${s.dim(`${result.stateTransitions} state transitions`)}\n`,
  );
  if (!ok && result.error) out.write(`${s.red(result.error.message)}\n`);
  // What the lifecycle Lambda does on AWS: record the terminal status, then fire the sensors.
  const finished = await handleRunFinished({
    definitions: options.definitions,
    store: options.store,
    runId: result.runId,
    status: result.status,
    jobName: job.name,
    sensorLog,
  });
  // Not in a finally: a run whose end was not recorded keeps its lease, and the next command ends it.
  lease?.release();
  for (const sensor of finished.sensors.filter((x) => x.fired)) {
    out.write(
      sensor.error
        ? s.red(`sensor ${sensor.name} failed: ${sensor.error}\n`)
        : `${s.dim(`sensor ${sensor.name} fired`)}\n`,
    );
  }
  out.write(s.dim(`See the events: npx stepster events ${result.runId}\n`));
  return ok ? 0 : 1;
}

/** The run's steps in job order: a mapped op as the items it ran or reused (`process[a]`), else the op. */
function stepKeysOf(job: JobDefinition, states: Readonly<Record<string, StepState>>): string[] {
  return job.nodes.flatMap((node) => {
    const items = Object.keys(states).filter((step) => step !== node.name && nodeOfStepKey(step) === node.name);
    return node.mappedInput !== undefined && items.length > 0 ? items : [node.name];
  });
}

function safeSelection(job: JobDefinition, queries: readonly string[]): string[] {
  try {
    return resolveOpSelection(job, queries);
  } catch {
    return [];
  }
}

/** A STEP_OUTPUT of one item (`items[a]` of the emitter, or an output of `process[a]`) with no metadata. */
function isBareItemOutput(e: EventRecord): boolean {
  if (e.eventType !== EventType.STEP_OUTPUT || formatMetadata(e.data?.metadata)) return false;
  const output = e.data?.outputName;
  return (
    (e.stepKey !== undefined && mappingKeyOf(e.stepKey) !== undefined) ||
    (typeof output === 'string' && mappingKeyOf(output) !== undefined)
  );
}

/** A fan-out of more items than this prints only its failed items under its summary line. */
const MAPPED_ITEMS_PRINTED = 20;

function printSummary(
  out: NodeJS.WriteStream,
  nodes: string[],
  events: EventRecord[],
  s: ReturnType<typeof terminalStyle>,
  fanOut: { readonly runId: string; readonly mapped: ReadonlyMap<string, FanOutSource> },
): void {
  out.write(`\n${s.bold('Steps')}\n`);
  const printStep = (node: string, indent: string): void => {
    const mine = events.filter((e) => e.stepKey === node);
    const blocked = events.some((e) => e.eventType === EventType.ENGINE_EVENT && e.data?.blockedStep === node);
    const last = [...mine]
      .reverse()
      .find((e) =>
        ([EventType.STEP_SUCCESS, EventType.STEP_FAILURE, EventType.STEP_SKIPPED] as string[]).includes(e.eventType),
      );
    const status = blocked ? 'NOT RUN' : (last?.eventType.replace('STEP_', '') ?? 'NOT RUN');
    const first = mine[0];
    const duration = first && last ? `${Date.parse(last.timestamp) - Date.parse(first.timestamp)}ms` : '';
    const attempts = Math.max(0, ...mine.map((e) => e.attempt ?? 0));
    const color = status === 'SUCCESS' ? s.green : status === 'FAILURE' ? s.red : s.yellow;
    out.write(
      `${indent}${color(status.padEnd(8))} ${node.padEnd(34 - indent.length)} ${duration.padStart(8)}${attempts > 1 ? s.dim(`  (${attempts} attempts)`) : ''}\n`,
    );
    if (status === 'FAILURE' && last) out.write(`${indent}         ${s.red(last.message)}\n`);
    for (const line of stepDetailLines(mine, status === 'FAILURE')) out.write(`${indent}         ${s.dim(line)}\n`);
  };
  // A large fan-out's item outputs without metadata would be a line per item: they are left out.
  const itemSteps = events.filter((e) => e.stepKey !== undefined && mappingKeyOf(e.stepKey) !== undefined);
  const bigFanOut = new Set(itemSteps.map((e) => e.stepKey)).size > MAPPED_ITEMS_PRINTED;
  for (const node of nodes) {
    const mapped = fanOut.mapped.get(node);
    if (mapped === undefined) {
      printStep(node, '  ');
      continue;
    }
    // A mapped op: one line for its items (`process[*]`), then each item, or only the failed
    // ones when there are many (every item's events: stepster events <runId> --step process).
    const [group] = stepTimelines([node], events, true, new Map(), new Map([[node, mapped]]));
    if (group?.mapped === undefined) continue;
    const color = group.status === 'SUCCESS' ? s.green : group.status === 'FAILURE' ? s.red : s.yellow;
    out.write(`  ${color(group.status.padEnd(8))} ${`${node}[*]`.padEnd(32)} ${mappedSummary(group.mapped)}\n`);
    const items = group.mapped.items;
    const shown =
      items.length <= MAPPED_ITEMS_PRINTED
        ? items
        : items.filter((item) => item.status === 'FAILURE').slice(0, MAPPED_ITEMS_PRINTED);
    for (const item of shown) printStep(item.stepKey, '    ');
    if (shown.length < group.mapped.itemCount) {
      out.write(
        `    ${s.dim(`${group.mapped.itemCount - shown.length} more items; their events: npx stepster events ${fanOut.runId} --step ${node}`)}\n`,
      );
    }
  }
  const interesting = events.filter(
    (e) =>
      (
        [
          EventType.STEP_OUTPUT,
          EventType.ASSET_MATERIALIZATION,
          EventType.ASSET_OBSERVATION,
          EventType.STEP_EXPECTATION_RESULT,
          EventType.ASSET_CHECK_EVALUATION,
        ] as string[]
      ).includes(e.eventType) && !(bigFanOut && isBareItemOutput(e)),
  );
  if (interesting.length > 0) out.write(`\n${s.bold('Events and metadata')}\n`);
  for (const e of interesting) {
    const d = e.data ?? {};
    const subject =
      e.eventType === EventType.STEP_OUTPUT
        ? `output ${String(d.outputName)}`
        : e.eventType === EventType.STEP_EXPECTATION_RESULT
          ? `expectation ${d.success ? s.green('passed') : s.red('failed')}${d.label ? ` ${String(d.label)}` : ''}`
          : `${String(d.assetKey)}${d.partition ? ` [${String(d.partition)}]` : ''}`;
    const kind = e.eventType.replace('STEP_', '').replace('ASSET_', '').toLowerCase();
    const md = formatMetadata(d.metadata);
    out.write(`  ${s.dim((e.stepKey ?? '').padEnd(20))} ${kind.padEnd(16)} ${subject}${md ? `  ${s.dim(md)}` : ''}\n`);
  }
}
