import { DefinitionError } from '../errors/definition-error.js';
import type { AslDefinition } from './asl-types.js';
import { type EmitOptions, emitChildStateMachine, emitStateMachine, opStatesLength } from './emit-states.js';
import type { JobGraph } from './job-graph.js';
import { decomposeSeriesParallel } from './series-parallel.js';
import { defaultChildStateMachine, defaultTaskResource, type TaskResourceResolver } from './task-target.js';
import { type SplitCosts, type SplitTree, splitJob } from './split-job.js';
import { validateGraph } from './validate-graph.js';
import type { FanOutOptions } from '../definitions/fan-out-options.js';
import { checkFanOutGates } from './fan-out-gates.js';

/** Step Functions quotas the compiler refuses to break (Standard workflows). */
export const STEP_FUNCTIONS_LIMITS = {
  /** Largest definition, in bytes of JSON. */
  definitionBytes: 1_048_576,
  /** Events in one execution's history. */
  historyEvents: 25_000,
} as const;

/**
 * History events per state on the success path: a Lambda task writes Entered, Scheduled,
 * Started, Succeeded and Exited; a `.waitForTaskToken` task also Submitted; a Parallel
 * state Entered, Started, Succeeded and Exited; the execution Started and Succeeded.
 */
const HISTORY_EVENTS = { task: 5, gate: 6, parallel: 4, execution: 2 } as const;

export interface CompileOptions {
  /**
   * The `Resource` of each Lambda task (for gates, the `FunctionName` passed to
   * `lambda:invoke.waitForTaskToken`). The CDK layer passes `${...}` placeholders for
   * `DefinitionSubstitutions`.
   * @default defaultTaskResource(graph.jobName): `arn:aws:lambda:us-east-1:000000000000:function:stepster-<job>-<node or kind>`
   * @example
   * { resource: (t) => (t.kind === 'op' ? `\${Op_${t.node}}` : `\${${t.kind}}`) }
   */
  readonly resource?: TaskResourceResolver;
  /**
   * The ARN of child state machine `index` (0-based) of a job too big for one state machine.
   * @default defaultChildStateMachine(graph.jobName): `arn:aws:states:us-east-1:000000000000:stateMachine:stepster-<job>--part-<n>`
   * @example
   * { childStateMachine: (i) => `\${child_${i + 1}}` }
   */
  readonly childStateMachine?: (index: number) => string;
  /**
   * How mapped ops (`.map(...)`) run: each is a Map state over its mapping keys.
   * @default the job's `fanOut`, else inline, 40 at once
   * @example
   * compileJob(fanJob, { fanOut: { mode: FanOutMode.DISTRIBUTED } })
   */
  readonly fanOut?: FanOutOptions;
}

export interface CompileStats {
  readonly ops: number;
  /** States in every definition (parent and children), nested branches included. */
  readonly states: number;
  readonly parallelStates: number;
  /** Ops that wait in a gate task, in topological order. */
  readonly gatedOps: readonly string[];
  /** State transitions of a run where every op succeeds at its first attempt, children included. */
  readonly transitionsPerRun: number;
  /** Size of `JSON.stringify(definition)` of the largest state machine, in UTF-8 bytes. */
  readonly definitionBytes: number;
  /** History events of the largest execution of a run where every op succeeds at its first attempt. */
  readonly historyEventsEstimate: number;
  /** 1, plus one per child state machine of a split job. */
  readonly stateMachines: number;
}

export interface CompiledStateMachine {
  /** The parent: the state machine a run starts. */
  readonly definition: AslDefinition;
  /**
   * A job past one state machine's quotas runs its parts as child executions, which the parent
   * starts with `states:startExecution.sync:2`: child `i` is `children[i]`. Usually empty.
   */
  readonly children: readonly AslDefinition[];
  readonly stats: CompileStats;
}

/**
 * What a split job's state machines may each cost: under the quotas with room to spare, so a
 * run may retry (each retry adds about a dozen history events) and names may grow a little.
 */
export const SPLIT_BUDGET = {
  bytes: Math.floor(STEP_FUNCTIONS_LIMITS.definitionBytes * 0.8),
  historyEvents: Math.floor(STEP_FUNCTIONS_LIMITS.historyEvents * 0.4),
} as const;

/** Bytes of a child Task (`stepster.child.N` starting an execution and waiting), ARN included, rounded up. */
const CHILD_TASK_BYTES = 600;
/** Bytes a Parallel state adds around its branches: its own fields, and a branch's StartAt and braces. */
const parallelBytes = (branches: number) => 96 + 48 * branches;

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const number = (value: number): string => value.toLocaleString('en-US');

/**
 * Compiles a job graph to Amazon States Language definitions (JSONPath dialect) in which
 * every op starts as soon as all of its upstream nodes are done, for any DAG, at the fewest
 * state transitions the decomposition finds. Pure: no AWS calls, no I/O.
 *
 * A job that fits one state machine (definition up to 1 MB, history up to 25,000 events)
 * compiles to one. A bigger one is split (see `splitJob`) into a parent, which keeps run start
 * and run end, and child state machines it starts and waits for: still one run, one event log.
 * Throws a `DefinitionError` for an invalid graph (see `validateGraph`), and for a job whose
 * parts would still break a quota (names so long that one op's states pass the budget).
 *
 * @example
 * const { definition, stats } = compileGraph({
 *   jobName: 'sales_job',
 *   nodes: [
 *     { name: 'fetch_sales', upstream: [], timeoutSeconds: 60 },
 *     { name: 'report', upstream: ['fetch_sales'], timeoutSeconds: 60 },
 *   ],
 * });
 * stats.transitionsPerRun; // 4: stepster.start, fetch_sales, report, stepster.end
 */
export function compileGraph(graph: JobGraph, options: CompileOptions = {}): CompiledStateMachine {
  const validated = validateGraph(graph);
  const job = graph.jobName;
  const { tree, gatedOps } = decomposeSeriesParallel(validated);
  const ops = validated.names.length;
  const mapped = new Set(graph.nodes.filter((node) => node.mapped).map((node) => node.name));
  checkFanOutGates(graph, gatedOps, mapped);

  const timeouts = new Map(graph.nodes.map((node) => [node.name, node.timeoutSeconds]));
  const emitOptions: EmitOptions = {
    jobName: job,
    resource: options.resource ?? defaultTaskResource(job),
    childStateMachine: options.childStateMachine ?? defaultChildStateMachine(job),
    timeoutSeconds: (node) => timeouts.get(node)!,
    mapped,
    ...((options.fanOut ?? graph.fanOut) ? { fanOut: { ...graph.fanOut, ...options.fanOut } } : {}),
  };
  const costs: SplitCosts = {
    // A mapped op's keys Task and Map state are counted once; its items' events are per run.
    op: (node, gated) => ({
      bytes: opStatesLength(node, gated, emitOptions) + 1,
      historyEvents:
        HISTORY_EVENTS.task + (gated ? HISTORY_EVENTS.gate : 0) + (mapped.has(node) ? HISTORY_EVENTS.task : 0),
    }),
    child: { bytes: CHILD_TASK_BYTES, historyEvents: HISTORY_EVENTS.task },
    par: (branches) => ({ bytes: parallelBytes(branches), historyEvents: HISTORY_EVENTS.parallel }),
  };

  const whole = emitStateMachine(tree, emitOptions);
  const wholeBytes = utf8Length(JSON.stringify(whole.definition));
  const wholeHistory = historyOf(tree, costs);
  if (wholeBytes <= STEP_FUNCTIONS_LIMITS.definitionBytes && wholeHistory <= STEP_FUNCTIONS_LIMITS.historyEvents) {
    return {
      definition: whole.definition,
      children: [],
      stats: {
        ops,
        states: whole.states,
        parallelStates: whole.parallelStates,
        gatedOps,
        // A mapped op adds its keys Task; its Map state stands for the op, and its items' Tasks
        // (one transition each) are counted per run, not here: their number is known at run time.
        transitionsPerRun: 2 + ops + gatedOps.length + whole.parallelStates + mapped.size,
        definitionBytes: wholeBytes,
        historyEventsEstimate: wholeHistory,
        stateMachines: 1,
      },
    };
  }

  // The parent also holds run start and run end; the budget's margin covers them.
  const split = splitJob(tree, costs, SPLIT_BUDGET);
  const parent = emitStateMachine(split.tree, emitOptions);
  const children = split.children.map((child, index) => emitChildStateMachine(child, emitOptions, index));
  const machines = [
    { name: 'the parent', emitted: parent, history: historyOf(split.tree, costs) },
    ...children.map((emitted, index) => ({
      name: `part ${index + 1}`,
      emitted,
      history: historyOf(split.children[index]!, costs) - HISTORY_EVENTS.task * 2,
    })),
  ].map((machine) => ({ ...machine, bytes: utf8Length(JSON.stringify(machine.emitted.definition)) }));
  for (const machine of machines) assertWithinQuotas(job, ops, machine);

  const parallelStates = machines.reduce((sum, m) => sum + m.emitted.parallelStates, 0);
  return {
    definition: parent.definition,
    children: children.map((child) => child.definition),
    stats: {
      ops,
      states: machines.reduce((sum, m) => sum + m.emitted.states, 0),
      parallelStates,
      gatedOps,
      transitionsPerRun: 2 + ops + gatedOps.length + parallelStates + mapped.size + children.length,
      definitionBytes: Math.max(...machines.map((m) => m.bytes)),
      historyEventsEstimate: Math.max(...machines.map((m) => m.history)),
      stateMachines: machines.length,
    },
  };
}

/** History events of a clean run of `tree` as one execution: its states, run start, run end and the execution's own. */
function historyOf(tree: SplitTree, costs: SplitCosts): number {
  let events = HISTORY_EVENTS.execution + HISTORY_EVENTS.task * 2;
  const stack: SplitTree[] = [tree];
  for (let t = stack.pop(); t !== undefined; t = stack.pop()) {
    if (t.kind === 'op') events += costs.op(t.node, t.gated).historyEvents;
    else if (t.kind === 'child') events += costs.child.historyEvents;
    else if (t.kind === 'seq') stack.push(...t.items);
    else {
      events += costs.par(t.branches.length).historyEvents;
      stack.push(...t.branches);
    }
  }
  return events;
}

/** Refuses a state machine of a split job that still breaks a quota, naming it and the way out. */
function assertWithinQuotas(
  job: string,
  ops: number,
  machine: { readonly name: string; readonly bytes: number; readonly history: number },
): void {
  if (machine.bytes > STEP_FUNCTIONS_LIMITS.definitionBytes) {
    throw new DefinitionError(
      `job "${job}" (${number(ops)} ops) split into child state machines still has one, ${machine.name}, of ` +
        `${number(machine.bytes)} bytes, over Step Functions' limit of ${number(STEP_FUNCTIONS_LIMITS.definitionBytes)} bytes. ` +
        'Shorten op and job names, or split the job into smaller jobs.',
      { subject: job },
    );
  }
  if (machine.history > STEP_FUNCTIONS_LIMITS.historyEvents) {
    throw new DefinitionError(
      `job "${job}" (${number(ops)} ops) split into child state machines still has one, ${machine.name}, that would ` +
        `write about ${number(machine.history)} history events per run, over Step Functions' limit of ` +
        `${number(STEP_FUNCTIONS_LIMITS.historyEvents)}. Split the job into smaller jobs.`,
      { subject: job },
    );
  }
}
