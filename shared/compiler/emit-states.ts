import type { AslBranch, AslDefinition, AslState, AslTransition } from './asl-types.js';
import { LAMBDA_SERVICE_RETRIERS } from './lambda-retriers.js';
import type { SplitTree } from './split-job.js';
import type { TaskResourceResolver } from './task-target.js';
import { mappingKeysTask, mapState, RUN_FIELDS } from './emit-fan-out.js';
import type { FanOutOptions } from '../definitions/fan-out-options.js';

/** The first state: validates the input and writes RUN_START. */
export const RUN_START_STATE = 'stepster.start';
/** Where op Tasks keep their result, a Catch's error, and the parsed retry time. */
export const OP_CARRY_PATH = '$.c';

/** The last state: throws `stepster.RunFailed` if a step failed. */
export const RUN_END_STATE = 'stepster.end';
/** The error an op Lambda throws to be invoked again at the time in its message. */
export const RETRY_SCHEDULED_ERROR = 'stepster.RetryScheduled';
/** The resource of gate tasks: invoke the gate Lambda and wait for `SendTaskSuccess`. */
export const WAIT_FOR_TASK_TOKEN_RESOURCE = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
/** Op tasks may run this much longer than the op Lambda's own timeout (cold start, invoke). */
export const OP_TASK_TIMEOUT_MARGIN_SECONDS = 30;
/**
 * How long a gate may wait for its upstream nodes. On AWS a gate that waits this long (23
 * days) has lost its task token. Locally it matters: aws-local-stepfunctions gives a Task
 * without TimeoutSeconds 60 s, which a gate waiting on a long op would exceed, and arms a
 * Node timer, which overflows past 2^31 − 1 ms (24.8 days).
 */
export const GATE_TIMEOUT_SECONDS = 2_000_000;

/**
 * The names of the states of one op node. Op names cannot contain dots, so these never
 * collide with another op's states, nor with `stepster.*` states.
 *
 * @example
 */
export function opStateNames(node: string) {
  return {
    task: node,
    retry: `${node}.retry`,
    wait: `${node}.wait`,
    crash: `${node}.crash`,
    gate: `${node}.gate`,
    /** A mapped op's: reads the mapping keys, then its Map state `X.map` runs `X` per key. */
    keys: `${node}.keys`,
    map: `${node}.map`,
  } as const;
}

/** The Task of a parent that starts child `index` (0-based) and waits for it. */
export function childStateName(index: number): string {
  return `stepster.child.${index + 1}`;
}

/** The resource of child tasks: start an execution of another state machine and wait for its end. */
export const START_CHILD_EXECUTION_RESOURCE = 'arn:aws:states:::states:startExecution.sync:2';

/** Step Functions' own throttling of StartExecution; a child that failed is not retried (its ops already recorded why). */
const START_CHILD_RETRIERS = [
  {
    ErrorEquals: ['StepFunctions.ExecutionLimitExceededException'],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
  },
] as const;

/** The name of the `index`-th Parallel state (1-based, in document order). */
export function parallelStateName(index: number): string {
  return `stepster.parallel.${index}`;
}

export interface EmitOptions {
  readonly jobName: string;
  readonly resource: TaskResourceResolver;
  /** The op Lambda's timeout, in seconds. */
  readonly timeoutSeconds: (node: string) => number;
  /** Nodes called inside `.map(...)`, each compiled to a Map state. */
  readonly mapped?: ReadonlySet<string>;
  readonly fanOut?: FanOutOptions;
  /** The ARN (or a placeholder) of child state machine `index` (0-based), for a split job. */
  readonly childStateMachine?: (index: number) => string;
}

export interface EmittedStateMachine {
  readonly definition: AslDefinition;
  /** States in the whole definition, nested branches included. */
  readonly states: number;
  readonly parallelStates: number;
}

class Emitter {
  private readonly parallelNames = new Map<SplitTree, string>();
  private readonly opResource = new Map<string, string>();
  private readonly gateResource: string;
  states = 0;

  constructor(
    tree: SplitTree,
    private readonly options: EmitOptions,
  ) {
    this.gateResource = options.resource({ kind: 'gate' });
    // Number Parallel states in document order (pre-order, branches left to right).
    const stack: SplitTree[] = [tree];
    for (let t = stack.pop(); t !== undefined; t = stack.pop()) {
      if (t.kind === 'op' || t.kind === 'child') continue;
      if (t.kind === 'par') this.parallelNames.set(t, parallelStateName(this.parallelNames.size + 1));
      const kids = t.kind === 'seq' ? t.items : t.branches;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
  }

  get parallelStates(): number {
    return this.parallelNames.size;
  }

  entryOf(tree: SplitTree): string {
    let t = tree;
    while (t.kind === 'seq') t = t.items[0]!;
    if (t.kind === 'par') return this.parallelNames.get(t)!;
    if (t.kind === 'child') return childStateName(t.index);
    return t.gated ? opStateNames(t.node).gate : this.firstStateOf(t.node);
  }

  private firstStateOf(node: string): string {
    return this.options.mapped?.has(node) ? opStateNames(node).keys : node;
  }

  private add(states: Record<string, AslState>, name: string, state: AslState): void {
    states[name] = state;
    this.states++;
  }

  /** Emits `tree` into `states`; its last states go to `then`. */
  emit(tree: SplitTree, then: AslTransition, states: Record<string, AslState>): void {
    if (tree.kind === 'seq') {
      tree.items.forEach((item, i) => {
        const next = tree.items[i + 1];
        this.emit(item, next === undefined ? then : { Next: this.entryOf(next) }, states);
      });
    } else if (tree.kind === 'par') {
      this.add(states, this.parallelNames.get(tree)!, {
        Type: 'Parallel',
        Branches: tree.branches.map((branch) => this.branch(branch)),
        ResultPath: null,
        ...then,
      });
    } else if (tree.kind === 'child') {
      this.child(tree.index, then, states);
    } else {
      this.op(tree.node, tree.gated, then, states);
    }
  }

  /**
   * Starts child `index` with the run's fields (never the parent's carry or mapping keys) and
   * waits for it to end. A child that fails fails this Task, as a crashed op fails its branch.
   */
  private child(index: number, then: AslTransition, states: Record<string, AslState>): void {
    const arn = this.options.childStateMachine?.(index);
    if (arn === undefined) throw new Error(`child state machine ${index + 1} has no ARN: pass childStateMachine`);
    this.add(states, childStateName(index), {
      Type: 'Task',
      Resource: START_CHILD_EXECUTION_RESOURCE,
      Parameters: {
        StateMachineArn: arn,
        // The console links the child execution to this one by this field.
        Input: { ...RUN_FIELDS, 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
      },
      // Locally a Task without TimeoutSeconds times out after 60 s; a child runs as long as its ops.
      TimeoutSeconds: GATE_TIMEOUT_SECONDS,
      ResultPath: null,
      Retry: START_CHILD_RETRIERS,
      ...then,
    });
  }

  private branch(tree: SplitTree): AslBranch {
    const states: Record<string, AslState> = {};
    this.emit(tree, { End: true }, states);
    return { StartAt: this.entryOf(tree), States: states };
  }

  private op(node: string, gated: boolean, then: AslTransition, states: Record<string, AslState>): void {
    const names = opStateNames(node);
    if (gated) {
      this.add(states, names.gate, {
        Type: 'Task',
        Resource: WAIT_FOR_TASK_TOKEN_RESOURCE,
        Parameters: {
          FunctionName: this.gateResource,
          Payload: { 'runId.$': '$.runId', op: node, 'token.$': '$$.Task.Token' },
        },
        TimeoutSeconds: GATE_TIMEOUT_SECONDS,
        ResultPath: null,
        Retry: LAMBDA_SERVICE_RETRIERS,
        Next: this.firstStateOf(node),
      });
    }
    if (this.options.mapped?.has(node)) {
      // The op's own states run once per item, inside the Map state.
      const iteration: Record<string, AslState> = {};
      this.opStates(node, { End: true }, iteration);
      const timeout = this.options.timeoutSeconds(node) + OP_TASK_TIMEOUT_MARGIN_SECONDS;
      this.add(states, names.keys, mappingKeysTask(this.resourceOf(node), timeout, names.map));
      this.add(states, names.map, mapState(names.task, iteration, this.options.fanOut ?? {}, then));
      return;
    }
    this.opStates(node, then, states);
  }

  private resourceOf(node: string): string {
    let resource = this.opResource.get(node);
    if (resource === undefined) {
      resource = this.options.resource({ kind: 'op', node });
      this.opResource.set(node, resource);
    }
    return resource;
  }

  /** The op's Task, its crash report and its retry wait. */
  private opStates(node: string, then: AslTransition, states: Record<string, AslState>): void {
    const names = opStateNames(node);
    const resource = this.resourceOf(node);
    this.add(states, names.task, {
      Type: 'Task',
      Resource: resource,
      TimeoutSeconds: this.options.timeoutSeconds(node) + OP_TASK_TIMEOUT_MARGIN_SECONDS,
      // The op's small result lands in `$.c`, replacing any error a Catch put there, so
      // `$.c.Error` is present exactly when `X.crash` invokes the op to record its own crash.
      ResultPath: OP_CARRY_PATH,
      Retry: LAMBDA_SERVICE_RETRIERS,
      Catch: [
        { ErrorEquals: [RETRY_SCHEDULED_ERROR], ResultPath: OP_CARRY_PATH, Next: names.retry },
        // A timeout, out-of-memory or runtime crash: the op's Lambda records it in `X.crash`.
        { ErrorEquals: ['States.ALL'], ResultPath: OP_CARRY_PATH, Next: names.crash },
      ],
      ...then,
    });
    // The crash report: the same Lambda, given the crash in `$.c.Error`, records the failure (or
    // schedules the next attempt) without running user code. It has no catch-all on purpose: when
    // the function cannot run at all (a deleted function, an import error, a report that itself
    // times out), the branch fails and so does the execution, whose end the lifecycle records. A
    // catch back into the op would loop Task→Catch→Task until the history limit, billing each turn.
    this.add(states, names.crash, {
      Type: 'Task',
      Resource: resource,
      ResultPath: OP_CARRY_PATH,
      Retry: LAMBDA_SERVICE_RETRIERS,
      Catch: [{ ErrorEquals: [RETRY_SCHEDULED_ERROR], ResultPath: OP_CARRY_PATH, Next: names.retry }],
      ...then,
    });
    // Lambda reports the error's Cause as the JSON text {"errorType","errorMessage","trace"}.
    this.add(states, names.retry, {
      Type: 'Pass',
      Parameters: { 'e.$': `States.StringToJson(${OP_CARRY_PATH}.Cause)` },
      ResultPath: OP_CARRY_PATH,
      Next: names.wait,
    });
    this.add(states, names.wait, { Type: 'Wait', TimestampPath: `${OP_CARRY_PATH}.e.errorMessage`, Next: names.task });
  }
}

/**
 * Writes the state machine for a decomposed job: `stepster.start`, the op graph
 * (per op `X`: `X.gate` if gated, `X`, `X.crash`, `X.retry`, `X.wait`; a
 * `stepster.parallel.N` state per `par`), then `stepster.end`.
 *
 * @example
 * emitStateMachine(decomposeSeriesParallel(validated).tree, {
 *   jobName: 'sales_job',
 *   resource: defaultTaskResource('sales_job'),
 *   timeoutSeconds: () => 300,
 * }).definition.StartAt; // 'stepster.start'
 */
export function emitStateMachine(tree: SplitTree, options: EmitOptions): EmittedStateMachine {
  const emitter = new Emitter(tree, options);
  const states: Record<string, AslState> = {};
  states[RUN_START_STATE] = {
    Type: 'Task',
    Resource: options.resource({ kind: 'runStart' }),
    Parameters: { 'input.$': '$', 'execution.$': '$$.Execution' },
    // No ResultPath: its default ("$") replaces the state with the result; aws-local-stepfunctions
    // mishandles an explicit "$" (it writes a key named "$").
    Retry: LAMBDA_SERVICE_RETRIERS,
    Next: emitter.entryOf(tree),
  };
  emitter.emit(tree, { Next: RUN_END_STATE }, states);
  states[RUN_END_STATE] = {
    Type: 'Task',
    Resource: options.resource({ kind: 'runEnd' }),
    // The redrive count keys the run's end event, so a redrive never overwrites an earlier drive's end.
    Parameters: { 'runId.$': '$.runId', 'redriveCount.$': '$$.Execution.RedriveCount' },
    ResultPath: null,
    Retry: LAMBDA_SERVICE_RETRIERS,
    End: true,
  };
  return {
    definition: { Comment: `stepster job ${options.jobName}`, StartAt: RUN_START_STATE, States: states },
    states: emitter.states + 2,
    parallelStates: emitter.parallelStates,
  };
}

/**
 * Writes the state machine of one child of a split job: its part of the op graph only. Run
 * start and run end stay in the parent, which passes the run's fields as the child's input.
 *
 * @example
 * emitChildStateMachine(split.children[0], { jobName: 'big', resource, timeoutSeconds: () => 300 }, 0);
 */
export function emitChildStateMachine(tree: SplitTree, options: EmitOptions, index: number): EmittedStateMachine {
  const emitter = new Emitter(tree, options);
  const states: Record<string, AslState> = {};
  emitter.emit(tree, { End: true }, states);
  return {
    definition: {
      Comment: `stepster job ${options.jobName}, part ${index + 1}`,
      StartAt: emitter.entryOf(tree),
      States: states,
    },
    states: emitter.states,
    parallelStates: emitter.parallelStates,
  };
}

/** The JSON of one op's states (gate, Task, crash report, retry, wait; keys and Map when mapped), in characters. */
export function opStatesLength(node: string, gated: boolean, options: EmitOptions): number {
  const states: Record<string, AslState> = {};
  new Emitter({ kind: 'op', node, gated }, options).emit({ kind: 'op', node, gated }, { Next: RUN_END_STATE }, states);
  return JSON.stringify(states).length;
}
