// "Deploys" a synthesized stack on this machine: every Lambda function is its esbuild bundle
// from the cloud assembly with its own copy of the stack's layer (stepster's runtime, zod),
// loaded once per function like one container each, with the environment from the template;
// DynamoDB is dynalite behind a recording proxy; state machines run their synthesized
// definition in aws-local-stepfunctions, each Task dispatched to the function its
// (substituted) ARN names, with a Lambda-shaped event and context.
import '../../../shared/local/promise-with-resolvers.js';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
import { type FakeDeployment, resolveIntrinsics } from './cfn-intrinsics.js';
import { lambdaLayout } from './lambda-layout.js';
import type { CfnTemplate, SynthesizedStepster } from './stepster-synth.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** A Lambda function of the template, as this machine runs it. */
export interface LocalFunction {
  readonly logicalId: string;
  readonly functionName: string;
  readonly arn: string;
  /** The bundle from the cloud assembly, laid out with its layers as Lambda runs it (see `lambdaLayout`). */
  readonly file: string;
  readonly handlerExport: string;
  /** Environment from the template, plus what Lambda and the doubles add. */
  readonly environment: Readonly<Record<string, string>>;
  readonly roleLogicalId: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
}

/** A job's state machine as deployed: the definition with its substitutions applied. */
export interface LocalStateMachine {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  /** DefinitionString as synthesized (with `${...}` placeholders). */
  readonly definitionString: string;
  /** DefinitionSubstitutions, resolved to ARNs. */
  readonly substitutions: Readonly<Record<string, string>>;
  /** The definition Step Functions would run. */
  readonly definition: Record<string, unknown>;
}

/** How a local execution ended. */
export interface LocalExecution {
  readonly runId: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: { readonly name: string; readonly cause: string };
  readonly stateTransitions: number;
  readonly startDate: Date;
  readonly stopDate: Date;
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** The error the n-th invocation of a function fails with before its code runs, or undefined. */
export type InvocationFault = (invocation: number) => Error | undefined;

export class LocalDeployment {
  readonly functions = new Map<string, LocalFunction>();
  readonly stateMachines = new Map<string, LocalStateMachine>();
  readonly tableName: string;
  private readonly handlers = new Map<string, Handler>();
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
    const template = synth.template;
    const resources = template.Resources;
    const tableId = Object.keys(resources).find((id) => resources[id]?.Type === 'AWS::DynamoDB::Table');
    this.tableName = String(resources[tableId ?? '']?.Properties?.TableName ?? 'stepster-events');
    const deployment = fakeDeployment(template);
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const props = resource.Properties ?? {};
      const functionName = String(props.FunctionName ?? logicalId);
      const [bundleFile, handlerExport] = handlerOf(synth.outdir, props);
      const file = lambdaLayout(
        join(synth.outdir, 'lambda', logicalId),
        bundleFile,
        layersOf(synth.outdir, props, template),
      );
      const variables = resolveIntrinsics(
        (props.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
        deployment,
      ) as Record<string, string>;
      const fn: LocalFunction = {
        logicalId,
        functionName,
        arn: deployment.getAtt(logicalId, 'Arn'),
        file,
        handlerExport,
        environment: {
          ...variables,
          AWS_LAMBDA_FUNCTION_NAME: functionName,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(props.MemorySize ?? 128),
          AWS_REGION: REGION,
          STEPSTER_DYNAMODB_ENDPOINT: dynamoProxy.endpointFor(logicalId),
          STEPSTER_SFN_ENDPOINT: sfn.endpointFor(logicalId),
        },
        roleLogicalId: ((props.Role as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'] ?? [''])[0],
        timeoutSeconds: Number(props.Timeout ?? 3),
        memorySize: Number(props.MemorySize ?? 128),
      };
      this.functions.set(logicalId, fn);
      this.byArn.set(fn.arn, fn);
    }
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
      const props = resource.Properties ?? {};
      const definitionString = String(props.DefinitionString);
      const substitutions = resolveIntrinsics(props.DefinitionSubstitutions ?? {}, deployment) as Record<
        string,
        string
      >;
      const substituted = definitionString.replace(
        /\$\{([A-Za-z0-9_]+)\}/g,
        (whole, key: string) => substitutions[key] ?? whole,
      );
      const name = String(props.StateMachineName);
      this.stateMachines.set(name, {
        logicalId,
        name,
        arn: deployment.ref(logicalId),
        definitionString,
        substitutions,
        definition: JSON.parse(substituted) as Record<string, unknown>,
      });
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
      const module = (await import(`${pathToFileURL(fn.file).href}?function=${fn.logicalId}`)) as Record<
        string,
        unknown
      >;
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
   * function, released when some function calls SendTaskSuccess on the double.
   */
  async runJob(
    jobName: string,
    input: unknown,
    options: { runId?: string; waitOverrides?: boolean } = {},
  ): Promise<LocalExecution> {
    const machine = this.stateMachineOf(jobName);
    const runId = options.runId ?? randomUUID();
    const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
    const waits: Record<string, number> = {};
    const visit = (states: Record<string, Record<string, unknown>>): void => {
      for (const [name, state] of Object.entries(states)) {
        if (state.Type === 'Parallel') {
          for (const branch of state.Branches as { States: Record<string, Record<string, unknown>> }[])
            visit(branch.States);
        }
        if (state.Type === 'Wait' && options.waitOverrides) waits[name] = 0;
        if (state.Type !== 'Task') continue;
        const resource = String(state.Resource);
        if (resource.endsWith(':lambda:invoke.waitForTaskToken')) {
          const target = this.functionByArn(String((state.Parameters as { FunctionName: string }).FunctionName));
          handlers[name] = async (params: unknown) => {
            const payload = (params as { Payload: Record<string, unknown> }).Payload;
            // $$.Task.Token is one fixed value in the local interpreter: give each gate its own.
            const token = `local:${runId}:${String(payload.op)}`;
            const released = this.sfn.waitForToken(token);
            await this.invoke(target, { ...payload, token });
            await released;
            return {};
          };
        } else {
          const target = this.functionByArn(resource);
          handlers[name] = (params: unknown) => this.invoke(target, params);
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
          Id: `${machine.arn.replace(':stateMachine:', ':execution:')}:${runId}`,
          Name: runId,
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
    try {
      await execution.result;
    } catch (e) {
      const err = e as { name?: string; message?: string; cause?: { name?: string; message?: string } };
      error = { name: err.cause?.name ?? err.name ?? 'Error', cause: err.cause?.message ?? err.message ?? String(e) };
    }
    await counting.catch(() => undefined);
    return {
      runId,
      status: error ? 'FAILED' : 'SUCCEEDED',
      ...(error ? { error } : {}),
      stateTransitions: transitions,
      startDate,
      stopDate: new Date(),
    };
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
    const allowed = new Map<string, string[]>();
    for (const resource of Object.values(this.synth.template.Resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      const roles = (resource.Properties?.Roles ?? []) as { Ref?: string }[];
      if (!roles.some((role) => role.Ref === fn.roleLogicalId)) continue;
      const document = resource.Properties?.PolicyDocument as
        | { Statement?: { Action: string | string[]; Resource: unknown; Effect: string }[] }
        | undefined;
      for (const statement of document?.Statement ?? []) {
        if (statement.Effect !== 'Allow') continue;
        for (const action of [statement.Action].flat()) {
          allowed.set(action, [...(allowed.get(action) ?? []), JSON.stringify(statement.Resource)]);
        }
      }
    }
    return allowed;
  }

  private functionByArn(arn: string): LocalFunction {
    const fn = this.byArn.get(arn);
    if (!fn) throw new Error(`the definition invokes ${arn}, which is no function of the stack`);
    return fn;
  }
}

// The asset directories of a function's layers (`Layers: [{ Ref: <LayerVersion> }]`).
function layersOf(outdir: string, props: Record<string, unknown>, template: CfnTemplate): string[] {
  const refs = Array.isArray(props.Layers) ? (props.Layers as { Ref?: unknown }[]) : [];
  return refs.map((ref) => {
    const content = template.Resources[String(ref.Ref)]?.Properties?.Content as { S3Key?: unknown } | undefined;
    return join(outdir, `asset.${String(content?.S3Key ?? '').replace(/\.zip$/, '')}`);
  });
}

function handlerOf(outdir: string, props: Record<string, unknown>): [string, string] {
  const key = String((props.Code as { S3Key?: unknown } | undefined)?.S3Key ?? '');
  const hash = key.replace(/\.zip$/, '');
  if (!hash) throw new Error('a function without an asset: stepster functions are all bundles');
  const [file = 'index', handlerExport = 'handler'] = String(props.Handler).split('.');
  return [join(outdir, `asset.${hash}`, `${file}.mjs`), handlerExport];
}

function fakeDeployment(template: CfnTemplate): FakeDeployment {
  const resources = template.Resources;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
  const nameOf = (id: string, key: string) => String(resources[id]?.Properties?.[key] ?? id);
  const deployment: FakeDeployment = {
    account: ACCOUNT,
    region: REGION,
    partition: 'aws',
    ref(id) {
      const type = resources[id]?.Type;
      if (type === 'AWS::DynamoDB::Table') return nameOf(id, 'TableName');
      if (type === 'AWS::Lambda::Function') return nameOf(id, 'FunctionName');
      if (type === 'AWS::StepFunctions::StateMachine')
        return arn('states', `stateMachine:${nameOf(id, 'StateMachineName')}`);
      if (type === 'AWS::SQS::Queue') return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${id}`;
      if (type === 'AWS::Logs::LogGroup') return nameOf(id, 'LogGroupName');
      return id;
    },
    getAtt(id, attribute) {
      const type = resources[id]?.Type;
      if (attribute !== 'Arn') return `${id}.${attribute}`;
      if (type === 'AWS::Lambda::Function') return arn('lambda', `function:${nameOf(id, 'FunctionName')}`);
      if (type === 'AWS::DynamoDB::Table') return arn('dynamodb', `table/${nameOf(id, 'TableName')}`);
      if (type === 'AWS::SQS::Queue') return arn('sqs', id);
      if (type === 'AWS::Logs::LogGroup') return arn('logs', `log-group:${nameOf(id, 'LogGroupName')}:*`);
      if (type === 'AWS::IAM::Role') return `arn:aws:iam::${ACCOUNT}:role/${id}`;
      if (type === 'AWS::StepFunctions::StateMachine') return deployment.ref(id);
      return arn('unknown', id);
    },
  };
  return deployment;
}
