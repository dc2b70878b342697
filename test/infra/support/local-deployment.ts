// "Deploys" a synthesized stack on this machine: every Lambda function is its esbuild bundle
// from the cloud assembly (loaded once per function, like one container each) with the
// environment from the template; DynamoDB is dynalite behind a recording proxy; state
// machines run their synthesized definition in aws-local-stepfunctions, each Task dispatched
// to the function its (substituted) ARN names, with a Lambda-shaped event and context. Functions
// and state machines of nested stacks (a big job's op functions) are deployed too; a Task that
// starts another state machine (`states:startExecution.sync:2`) runs that one's definition and
// waits for it. Every call a state machine makes is recorded against its role, like the
// functions' calls.
import '../../../shared/local/promise-with-resolvers.js';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { toLambdaError } from '../../../shared/local/lambda-boundary.js';
import { ensureTable } from '../../../shared/local-dynamo/ensure-table.js';
import { type LocalDynamo, startLocalDynamo } from '../../../shared/local-dynamo/start-local-dynamo.js';
import {
  type DynamoProxy,
  type StepFunctionsDouble,
  startDynamoProxy,
  startStepFunctionsDouble,
} from './aws-doubles.js';
import {
  childTaskOutcome,
  type LocalChildExecution,
  START_EXECUTION_SYNC_2,
  startExecutionSyncCalls,
} from './child-execution.js';
import { ACCOUNT, type DeployedStack, deployedStacks, REGION } from './cloud-assembly-stacks.js';
import { functionsOf, type LocalFunction, type LocalStateMachine, stateMachinesOf } from './deployed-resources.js';
import { NativeBundles } from './native-bundles.js';
import { allowedActionsOf, type RolePrincipal, roleAllows } from './role-policies.js';
import type { SynthesizedStepster } from './stepster-synth.js';

/** How a local execution ended. */
export interface LocalExecution {
  readonly runId: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: { readonly name: string; readonly cause: string };
  readonly stateTransitions: number;
  readonly startDate: Date;
  readonly stopDate: Date;
  /** The child executions its startExecution.sync:2 Tasks ran, in the order they started (theirs included). */
  readonly children: readonly LocalChildExecution[];
}

/** A call a state machine made under its role (invoking a function, starting a child execution). */
export interface StateMachineCall {
  /** The state machine's logical id. */
  readonly caller: string;
  readonly action: string;
  /** The ARN acted on. */
  readonly resource: string;
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** The error the n-th invocation of a function fails with before its code runs, or undefined. */
export type InvocationFault = (invocation: number) => Error | undefined;

export class LocalDeployment {
  readonly functions = new Map<string, LocalFunction>();
  readonly stateMachines = new Map<string, LocalStateMachine>();
  readonly tableName: string;
  /** The stack and its nested stacks, the top one first. */
  readonly stacks: readonly DeployedStack[];
  /** Every call the state machines made, in order. */
  readonly stateMachineCalls: StateMachineCall[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly bundles: NativeBundles;
  private readonly byArn = new Map<string, LocalFunction>();
  private readonly ownedEnv = new Set<string>();
  private readonly faults = new Map<string, InvocationFault>();
  private readonly invocations = new Map<string, number>();

  private constructor(
    readonly synth: SynthesizedStepster,
    readonly dynamo: LocalDynamo,
    readonly dynamoProxy: DynamoProxy,
    readonly sfn: StepFunctionsDouble,
  ) {
    this.stacks = deployedStacks(synth.outdir, synth.template);
    this.bundles = new NativeBundles(synth.outdir);
    const tableId = Object.keys(synth.template.Resources).find(
      (id) => synth.template.Resources[id]?.Type === 'AWS::DynamoDB::Table',
    );
    this.tableName = String(synth.template.Resources[tableId ?? '']?.Properties?.TableName ?? 'stepster-events');
    const endpoints = { dynamo: dynamoProxy, sfn };
    const place = {
      layout: this.bundles.layout.bind(this.bundles),
      layersOf: layerDirectories(this.stacks, synth.outdir),
    };
    for (const stack of this.stacks) {
      for (const fn of functionsOf(stack, synth.outdir, endpoints, place)) {
        if (this.functions.has(fn.logicalId)) throw new Error(`two functions with the id ${fn.logicalId}`);
        this.functions.set(fn.logicalId, fn);
        this.byArn.set(fn.arn, fn);
      }
    }
    for (const stack of this.stacks) {
      for (const machine of stateMachinesOf(stack)) this.stateMachines.set(machine.name, machine);
    }
  }

  /** Starts dynalite (in memory) with the stack's table, the recording proxy and the Step Functions double. */
  static async start(synth: SynthesizedStepster): Promise<LocalDeployment> {
    const dynamo = await startLocalDynamo({ inMemory: true });
    const proxy = await startDynamoProxy(dynamo.endpoint);
    const sfn = await startStepFunctionsDouble();
    const deployment = new LocalDeployment(synth, dynamo, proxy, sfn);
    await ensureTable(dynamo.client, deployment.tableName);
    return deployment;
  }

  async close(): Promise<void> {
    for (const key of this.ownedEnv) delete process.env[key];
    await this.sfn.close();
    await this.dynamoProxy.close();
    await this.dynamo.close();
    this.bundles.remove();
  }

  /** The function whose name ends with `suffix` (e.g. `sales_job-run-start`). */
  functionNamed(suffix: string): LocalFunction {
    const found = [...this.functions.values()].find((fn) => fn.functionName.endsWith(suffix));
    if (!found)
      throw new Error(
        `no function named *${suffix}; functions: ${[...this.functions.values()].map((f) => f.functionName).join(', ')}`,
      );
    return found;
  }

  /** The state machine of a job. */
  stateMachineOf(jobName: string): LocalStateMachine {
    const found = [...this.stateMachines.values()].find((sm) => sm.name.endsWith(`-${jobName}`));
    if (!found) throw new Error(`no state machine for job ${jobName}`);
    return found;
  }

  /**
   * Invokes a function as Lambda would: the bundle's export with a JSON copy of the event and
   * a Lambda context, under the function's environment; a thrown error comes back as Lambda
   * reports it to Step Functions (name = errorType, message = the error JSON).
   */
  async invoke(fn: LocalFunction, event: unknown): Promise<unknown> {
    const invocation = (this.invocations.get(fn.logicalId) ?? 0) + 1;
    this.invocations.set(fn.logicalId, invocation);
    const fault = this.faults.get(fn.logicalId)?.(invocation);
    if (fault) throw fault;
    // Lambda sets the environment before it loads the code (init) and keeps it per container.
    this.applyEnvironment(fn);
    const handler = await this.handlerOf(fn);
    this.applyEnvironment(fn);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = {
      functionName: fn.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: fn.arn,
      memoryLimitInMB: String(fn.memorySize),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${fn.functionName}`,
      logStreamName: `local/${fn.logicalId}`,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    // The handler reads its environment synchronously when called, before any await.
    const pending = handler(JSON.parse(JSON.stringify(event ?? null)), context);
    try {
      const result = await pending;
      return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown);
    } catch (error) {
      throw toLambdaError(error);
    }
  }

  /**
   * Makes invocations of `fn` fail before its code runs, as Step Functions reports an invoke
   * that never reached the function (deleted, denied) or a function Lambda stopped (timeout):
   * `fault(n)` returns the error of the n-th invocation (1-based), or undefined to run the code.
   */
  injectFault(fn: LocalFunction, fault: InvocationFault): void {
    this.faults.set(fn.logicalId, fault);
  }

  /** How often `fn` was invoked, faulted invocations included. */
  invocationsOf(fn: LocalFunction): number {
    return this.invocations.get(fn.logicalId) ?? 0;
  }

  private applyEnvironment(fn: LocalFunction): void {
    for (const key of this.ownedEnv) delete process.env[key];
    for (const [key, value] of Object.entries(fn.environment)) {
      process.env[key] = value;
      this.ownedEnv.add(key);
    }
  }

  private async handlerOf(fn: LocalFunction): Promise<Handler> {
    let handler = this.handlers.get(fn.logicalId);
    if (!handler) {
      // One module instance per function: each function is its own container.
      const module = (await import(this.bundles.urlOf(fn.file, fn.logicalId))) as Record<string, unknown>;
      const exported = module[fn.handlerExport];
      if (typeof exported !== 'function') throw new Error(`${fn.file} has no export "${fn.handlerExport}"`);
      handler = exported as Handler;
      this.handlers.set(fn.logicalId, handler);
    }
    return handler;
  }

  /**
   * Runs a job's deployed definition in aws-local-stepfunctions with its Tasks dispatched to
   * the functions: Lambda ARNs to their bundles, `.waitForTaskToken` gates to the gate
   * function, released when some function calls SendTaskSuccess on the double; a
   * `startExecution.sync:2` Task runs the state machine its Parameters name, with their Input,
   * and fails when that execution fails.
   */
  async runJob(
    jobName: string,
    input: unknown,
    options: { runId?: string; waitOverrides?: boolean } = {},
  ): Promise<LocalExecution> {
    const runId = options.runId ?? randomUUID();
    const children: LocalChildExecution[] = [];
    const run = await this.execute(this.stateMachineOf(jobName), input, runId, {
      runId,
      waitOverrides: options.waitOverrides ?? false,
      children,
    });
    return { runId, ...run, children };
  }

  /** Runs one execution of `machine` to its end; child executions it starts are added to `run.children`. */
  private async execute(
    machine: LocalStateMachine,
    input: unknown,
    executionName: string,
    run: { runId: string; waitOverrides: boolean; children: LocalChildExecution[] },
  ): Promise<Omit<LocalExecution, 'runId' | 'children'> & { output?: unknown }> {
    const executionArn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${executionName}`;
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    const waits: Record<string, number> = {};
    const invoke = (target: LocalFunction, event: unknown) => {
      this.recordCall(machine, 'lambda:InvokeFunction', target.arn);
      return this.invoke(target, event);
    };
    const visit = (states: Record<string, Record<string, unknown>>): void => {
      for (const [name, state] of Object.entries(states)) {
        if (state.Type === 'Parallel') {
          for (const branch of state.Branches as { States: Record<string, Record<string, unknown>> }[])
            visit(branch.States);
        }
        if (state.Type === 'Wait' && run.waitOverrides) waits[name] = 0;
        if (state.Type !== 'Task') continue;
        const resource = String(state.Resource);
        if (resource === START_EXECUTION_SYNC_2) {
          handlers[name] = (params: unknown) => this.startChild(machine, name, params, run);
        } else if (resource.endsWith(':lambda:invoke.waitForTaskToken')) {
          const target = this.functionByArn(String((state.Parameters as { FunctionName: string }).FunctionName));
          handlers[name] = async (params: unknown) => {
            const payload = (params as { Payload: Record<string, unknown> }).Payload;
            // $$.Task.Token is one fixed value in the local interpreter: give each gate its own.
            const token = `local:${run.runId}:${String(payload.op)}`;
            const released = this.sfn.waitForToken(token);
            await invoke(target, { ...payload, token });
            await released;
            return {};
          };
        } else {
          const target = this.functionByArn(resource);
          handlers[name] = (params: unknown) => invoke(target, params);
        }
      }
    };
    visit((machine.definition as { States: Record<string, Record<string, unknown>> }).States);
    const startDate = new Date();
    const execution = new StateMachine(machine.definition as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: true, checkPaths: true },
    }).run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, waitTimeOverrides: waits },
      context: {
        Execution: {
          Id: executionArn,
          Name: executionName,
          StartTime: startDate.toISOString(),
          Input: input as never,
          RoleArn: `arn:aws:iam::${ACCOUNT}:role/${machine.name}`,
          // Step Functions fills it in every context object (0 until the execution is redriven).
          RedriveCount: 0,
        },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: 'local' },
      },
    });
    let transitions = 0;
    const counting = (async () => {
      for await (const event of execution.eventLogs) if (event.type === 'StateEntered') transitions++;
    })();
    let error: { name: string; cause: string } | undefined;
    let output: unknown;
    try {
      output = await execution.result;
    } catch (e) {
      const err = e as { name?: string; message?: string; cause?: { name?: string; message?: string } };
      error = { name: err.cause?.name ?? err.name ?? 'Error', cause: err.cause?.message ?? err.message ?? String(e) };
    }
    await counting.catch(() => undefined);
    return {
      status: error ? 'FAILED' : 'SUCCEEDED',
      ...(error ? { error } : { output }),
      stateTransitions: transitions,
      startDate,
      stopDate: new Date(),
    };
  }

  /** A startExecution.sync:2 Task: runs the named state machine under a generated name and waits for it. */
  private async startChild(
    parent: LocalStateMachine,
    state: string,
    params: unknown,
    run: { runId: string; waitOverrides: boolean; children: LocalChildExecution[] },
  ): Promise<unknown> {
    const { StateMachineArn: arn, Input: input } = params as { StateMachineArn: string; Input?: unknown };
    const child = [...this.stateMachines.values()].find((machine) => machine.arn === arn);
    if (!child) throw new Error(`${parent.name} (${state}) starts ${arn}, which is no state machine of the stack`);
    const name = randomUUID();
    const executionArn = `${arn.replace(':stateMachine:', ':execution:')}:${name}`;
    for (const call of startExecutionSyncCalls({ stateMachineArn: arn, executionArn }, ACCOUNT, REGION))
      this.recordCall(parent, call.action, call.resource);
    // Listed in the order started: a child's own children come after it.
    const index = run.children.length;
    run.children.length++;
    const ended = await this.execute(child, input ?? {}, name, run);
    const execution: LocalChildExecution = {
      runId: run.runId,
      state,
      stateMachineArn: arn,
      executionArn,
      name,
      input: input ?? {},
      ...ended,
    };
    run.children[index] = execution;
    return childTaskOutcome(execution);
  }

  /** The EventBridge event Step Functions sends when an execution's status changes. */
  statusChangeEvent(
    jobName: string,
    runId: string,
    status: string,
    extra: { error?: string; cause?: string; redriveCount?: number; startDate?: Date; stopDate?: Date } = {},
  ): Record<string, unknown> {
    const machine = this.stateMachineOf(jobName);
    const executionArn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${runId}`;
    const start = extra.startDate ?? new Date();
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: ACCOUNT,
      time: new Date().toISOString(),
      region: REGION,
      resources: [executionArn],
      detail: {
        executionArn,
        stateMachineArn: machine.arn,
        name: runId,
        status,
        startDate: start.getTime(),
        stopDate: status === 'RUNNING' ? null : (extra.stopDate ?? new Date()).getTime(),
        input: '{}',
        output: null,
        inputDetails: { included: true },
        error: extra.error ?? null,
        cause: extra.cause ?? null,
        redriveCount: extra.redriveCount ?? 0,
      },
    };
  }

  /** The IAM actions the function's role allows, with the resources of each statement (as template JSON). */
  allowedActions(fn: LocalFunction): Map<string, string[]> {
    return allowedActionsOf(this.stackAt(fn.stackPath), fn.roleLogicalId);
  }

  /**
   * Whether the role of `principal` (a function or a state machine) allows `action` on the ARN
   * `resource`, its policies' resources resolved in its own stack, IAM wildcards matched.
   */
  allows(principal: RolePrincipal, action: string, resource: string): boolean {
    return roleAllows(this.stackAt(principal.stackPath), principal.roleLogicalId, action, resource);
  }

  /** The calls of {@link stateMachineCalls} that the calling state machine's role does not allow. */
  deniedStateMachineCalls(): StateMachineCall[] {
    const byId = new Map([...this.stateMachines.values()].map((machine) => [machine.logicalId, machine]));
    return this.stateMachineCalls.filter((call) => {
      const machine = byId.get(call.caller);
      return machine === undefined || !this.allows(machine, call.action, call.resource);
    });
  }

  private recordCall(machine: LocalStateMachine, action: string, resource: string): void {
    this.stateMachineCalls.push({ caller: machine.logicalId, action, resource });
  }

  private stackAt(path: string): DeployedStack {
    const stack = this.stacks.find((candidate) => candidate.path === path);
    if (!stack) throw new Error(`no stack at ${path}`);
    return stack;
  }

  private functionByArn(arn: string): LocalFunction {
    const fn = this.byArn.get(arn);
    if (!fn) throw new Error(`the definition invokes ${arn}, which is no function of the stack`);
    return fn;
  }
}

/**
 * The layer directories of a function's `Layers`: a layer of its own stack by its asset; in a
 * nested stack, a layer passed in by parameter is the app's one layer (stepster's runtime and zod).
 */
function layerDirectories(
  stacks: readonly DeployedStack[],
  outdir: string,
): (stackPath: string, props: Record<string, unknown>) => string[] {
  const assetOf = (resource: { Properties?: Record<string, unknown> } | undefined) =>
    join(
      outdir,
      `asset.${String((resource?.Properties?.Content as { S3Key?: unknown } | undefined)?.S3Key ?? '').replace(/\.zip$/, '')}`,
    );
  const layers = stacks.flatMap((stack) =>
    Object.values(stack.template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::LayerVersion'),
  );
  return (stackPath, props) => {
    const stack = stacks.find((candidate) => candidate.path === stackPath);
    const refs = Array.isArray(props.Layers) ? (props.Layers as { Ref?: unknown }[]) : [];
    return refs.map((ref) => {
      const own = stack?.template.Resources[String(ref.Ref)];
      if (own?.Type === 'AWS::Lambda::LayerVersion') return assetOf(own);
      if (layers.length !== 1) throw new Error(`cannot tell which of ${layers.length} layers ${String(ref.Ref)} is`);
      return assetOf(layers[0]);
    });
  };
}
