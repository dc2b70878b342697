import { DefinitionError } from '../errors/definition-error.js';
import type { AslDefinition } from './asl-types.js';
import { emitStateMachine } from './emit-states.js';
import type { JobGraph } from './job-graph.js';
import { decomposeSeriesParallel } from './series-parallel.js';
import { defaultTaskResource, type TaskResourceResolver } from './task-target.js';
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
   * How mapped ops (`.map(...)`) run: each is a Map state over its mapping keys.
   * @default the job's `fanOut`, else inline, 40 at once
   * @example
   * compileJob(fanJob, { fanOut: { mode: FanOutMode.DISTRIBUTED } })
   */
  readonly fanOut?: FanOutOptions;
}

export interface CompileStats {
  readonly ops: number;
  /** States in the definition, nested branches included. */
  readonly states: number;
  readonly parallelStates: number;
  /** Ops that wait in a gate task, in topological order. */
  readonly gatedOps: readonly string[];
  /** State transitions of a run where every op succeeds at its first attempt. */
  readonly transitionsPerRun: number;
  /** Size of `JSON.stringify(definition)`, in UTF-8 bytes. */
  readonly definitionBytes: number;
  /** History events of a run where every op succeeds at its first attempt. */
  readonly historyEventsEstimate: number;
}

export interface CompiledStateMachine {
  readonly definition: AslDefinition;
  readonly stats: CompileStats;
}

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
 * Compiles a job graph to an Amazon States Language definition (JSONPath dialect) in which
 * every op starts as soon as all of its upstream nodes are done, for any DAG, at the fewest
 * state transitions the decomposition finds. Pure: no AWS calls, no I/O.
 *
 * Throws a `DefinitionError` for an invalid graph (see `validateGraph`) and for a job that
 * would break a Step Functions quota (definition over 1 MB, history over 25,000 events).
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

  let parallelStates = 0;
  const stack = [tree];
  for (let t = stack.pop(); t !== undefined; t = stack.pop()) {
    if (t.kind === 'seq') stack.push(...t.items);
    else if (t.kind === 'par') {
      parallelStates++;
      stack.push(...t.branches);
    }
  }
  const gates = gatedOps.length;
  const mapped = new Set(graph.nodes.filter((node) => node.mapped).map((node) => node.name));
  checkFanOutGates(graph, gatedOps, mapped);
  // A mapped op adds its keys Task; its Map state stands for the op, and its items' Tasks
  // (one transition each) are counted per run, not here: their number is known at run time.
  const transitionsPerRun = 2 + ops + gates + parallelStates + mapped.size;
  const historyEventsEstimate =
    HISTORY_EVENTS.execution +
    HISTORY_EVENTS.task * (ops + 2) +
    HISTORY_EVENTS.gate * gates +
    HISTORY_EVENTS.parallel * parallelStates;
  if (historyEventsEstimate > STEP_FUNCTIONS_LIMITS.historyEvents) {
    throw new DefinitionError(
      `job "${job}" would write about ${number(historyEventsEstimate)} history events per run (${number(ops)} ops, ` +
        `${number(gates)} gates, ${number(parallelStates)} Parallel states), over Step Functions' limit of ` +
        `${number(STEP_FUNCTIONS_LIMITS.historyEvents)} per execution, even before any retry. ` +
        'Split the job into smaller jobs (e.g. one per stage, chained by a sensor or a parent job) of at most ' +
        `${number(Math.floor((STEP_FUNCTIONS_LIMITS.historyEvents * 0.8) / HISTORY_EVENTS.task))} ops each.`,
      { subject: job },
    );
  }

  const timeouts = new Map(graph.nodes.map((node) => [node.name, node.timeoutSeconds]));
  const emitted = emitStateMachine(tree, {
    jobName: job,
    resource: options.resource ?? defaultTaskResource(job),
    timeoutSeconds: (node) => timeouts.get(node)!,
    mapped,
    ...((options.fanOut ?? graph.fanOut) ? { fanOut: { ...graph.fanOut, ...options.fanOut } } : {}),
  });
  const definitionBytes = utf8Length(JSON.stringify(emitted.definition));
  if (definitionBytes > STEP_FUNCTIONS_LIMITS.definitionBytes) {
    const perOp = Math.round(definitionBytes / ops);
    throw new DefinitionError(
      `job "${job}" compiles to a ${number(definitionBytes)}-byte state machine definition (${number(ops)} ops, ` +
        `about ${number(perOp)} bytes each), over Step Functions' limit of ` +
        `${number(STEP_FUNCTIONS_LIMITS.definitionBytes)} bytes. Split the job into smaller jobs of at most ` +
        `${number(Math.floor((STEP_FUNCTIONS_LIMITS.definitionBytes * 0.9) / perOp))} ops each, or shorten op and job names.`,
      { subject: job },
    );
  }

  return {
    definition: emitted.definition,
    stats: {
      ops,
      states: emitted.states,
      parallelStates: emitted.parallelStates,
      gatedOps,
      transitionsPerRun,
      definitionBytes,
      historyEventsEstimate,
    },
  };
}
