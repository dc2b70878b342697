import { ArnFormat, NestedStack, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AwsEnvironment } from '../../shared/aws/aws-environment.js';
import type { CompiledStateMachine } from '../../shared/compiler/compile-graph.js';
import { compileJob } from '../../shared/compiler/compile-job.js';
import type { TaskTarget } from '../../shared/compiler/task-target.js';
import type { JobDefinition } from '../../shared/definitions/job-definition.js';
import { EventLogEnvironment } from '../../shared/event-log/event-log-environment.js';
import { CLOUDWATCH_LOGGER_IAM_ACTIONS, cloudwatchLoggerTargets } from '../../shared/loggers/index.js';
import type { LoggerDefinition } from '../../shared/loggers/logger-definition.js';
import type { SecretReference } from '../../shared/secrets/secret-reference.js';
import type { FunctionBundles } from '../bundling/function-bundles.js';
import type { EventLogTable } from './event-log-table.js';
import { OpFunction } from './op-function.js';
import { stepsterFunctionName } from './function-names.js';
import { grantSecretsRead } from './secret-grants.js';
import { StepsterFunction } from './stepster-function.js';
import {
  acknowledge,
  acknowledgeExecutionLoggingAndTracing,
  acknowledgeLoggerStreams,
  suppressTaskTokenWildcard,
} from './nag-reasons.js';

/** Properties of {@link StepsterJob}. */
export interface StepsterJobProps {
  /** The job to deploy. */
  readonly job: JobDefinition;
  /** The bundles built from the job's Definitions module (see `buildFunctionBundles`). */
  readonly bundles: FunctionBundles;
  /** The event log every function of the job writes to. */
  readonly table: EventLogTable;
  /**
   * Prefix of the state machine and function names: `<prefix>-<job>`.
   * @default 'stepster'
   */
  readonly namePrefix?: string;
  /**
   * The job's loggers, for CloudWatch loggers' log groups and grants.
   * @default - the job's own `loggerDefs`, else none that need AWS resources
   */
  readonly loggerDefs?: Readonly<Record<string, LoggerDefinition>>;
  /**
   * The log group a CloudWatch logger writes to, by name (share one across jobs).
   * @default - a log group created in this construct for each name
   */
  readonly loggerLogGroup?: (logGroupName: string) => logs.ILogGroup;
  /**
   * Secrets the ops read (`secret(...)` resources of the Definitions): op functions may read these only.
   * @default - none
   */
  readonly secrets?: readonly SecretReference[];
  /**
   * Extra environment variables of every function (e.g. `STEPSTER_STAGE`).
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How long function and execution logs are kept.
   * @default logs.RetentionDays.TWO_WEEKS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to log groups and the state machine when they leave the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Op functions per nested stack for large jobs (a function takes four CloudFormation
   * resources; a stack holds 500). Jobs with more ops get their op functions in nested stacks.
   * @default 100
   */
  readonly opsPerStack?: number;
}

// The state machine's inline policy holds every function ARN up to this many (IAM's 10 KB limit).
const MAX_ENUMERATED_FUNCTIONS = 100;

/**
 * A job on AWS: its state machine (Standard, the compiler's ASL byte for byte, execution
 * logs at level ALL without execution data, X-Ray tracing) and its Lambda functions: one
 * per op (which also records its own crashes, from the Task's Catch), plus run start,
 * run end and, for joins the structure cannot order, a gate function.
 *
 * @example
 * const job = new StepsterJob(this, 'SalesJob', { job: salesJob, bundles, table, namePrefix: 'stepster-prod' });
 * job.grantStartExecution(schedulerRole);
 */
export class StepsterJob extends Construct {
  readonly job: JobDefinition;
  readonly stateMachine: sfn.StateMachine;
  readonly stateMachineName: string;
  /** The state machine's ARN, built from its name (no reference to the resource). */
  readonly stateMachineArn: string;
  /** The compiled definition with `${...}` placeholders, as deployed, and its stats. */
  readonly compiled: CompiledStateMachine;
  /** `DefinitionSubstitutions` keys, by task target. */
  readonly substitutionKeys: ReadonlyMap<string, TaskTarget>;
  /** Op functions by node name. */
  readonly opFunctions: ReadonlyMap<string, lambda.IFunction>;
  readonly runStartFunction: lambda.IFunction;
  readonly runEndFunction: lambda.IFunction;
  /** Present when the job has gated ops. */
  readonly gateFunction?: lambda.IFunction;
  /** Where the state machine's execution logs go. */
  readonly executionLogGroup: logs.LogGroup;
  /** The log groups of the job's functions (`/aws/lambda/<name>`). */
  readonly functionLogGroupNames: readonly string[];
  /** The CloudWatch loggers' log groups the job's op functions write to, by name. */
  readonly loggerLogGroups: ReadonlyMap<string, logs.ILogGroup>;

  constructor(scope: Construct, id: string, props: StepsterJobProps) {
    super(scope, id);
    const { job, bundles, table } = props;
    const prefix = props.namePrefix ?? 'stepster';
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(prefix)) {
      throw new Error(
        `StepsterJob namePrefix "${prefix}" must be 1-40 letters, digits, '-' or '_' (e.g. "stepster-prod").`,
      );
    }
    if (job.nodes.length === 0) {
      throw new Error(`job "${job.name}" has no ops; call at least one op in its body before deploying it.`);
    }
    const opsPerStack = props.opsPerStack ?? 100;
    if (!Number.isInteger(opsPerStack) || opsPerStack < 1 || opsPerStack > 110) {
      throw new Error(
        `StepsterJob opsPerStack ${opsPerStack} must be an integer from 1 to 110 (four resources per op, 500 per stack).`,
      );
    }
    this.job = job;
    this.stateMachineName = `${prefix}-${job.name}`;
    if (this.stateMachineName.length > 80) {
      throw new Error(
        `state machine name "${this.stateMachineName}" is over Step Functions' 80 characters: shorten job "${job.name}" or the stage name.`,
      );
    }
    const stack = Stack.of(this);
    this.stateMachineArn = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const keys = new Map<string, TaskTarget>();
    const keyOf = (target: TaskTarget): string => {
      const key = target.kind === 'op' ? `op_${target.node}` : target.kind;
      keys.set(key, target);
      return key;
    };
    this.compiled = compileJob(job, { resource: (target) => `\${${keyOf(target)}}` });
    this.substitutionKeys = keys;

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    const common = {
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      logRemovalPolicy: removalPolicy,
    };
    const environment = { ...(props.environment ?? {}) };
    const functionName = (target: TaskTarget): string => stepsterFunctionName(prefix, job.name, target);
    const gated = new Set(this.compiled.stats.gatedOps);
    const releasesGates = (node: string): boolean => job.downstreamOf(node).some((child) => gated.has(child.name));

    // Op functions, in nested stacks of `opsPerStack` for large jobs.
    const opFunctions = new Map<string, OpFunction>();
    const chunks = job.nodes.length > opsPerStack ? Math.ceil(job.nodes.length / opsPerStack) : 0;
    const opScopes: Construct[] =
      chunks === 0 ? [this] : Array.from({ length: chunks }, (_, i) => new NestedStack(this, `Ops${i + 1}`));
    job.nodes.forEach((node, index) => {
      const scope = opScopes[Math.floor(index / opsPerStack)] ?? this;
      const fn = new OpFunction(scope, `Op_${node.name}`, {
        jobName: job.name,
        node,
        bundle: bundles.op(node.op.name),
        functionName: functionName({ kind: 'op', node: node.name }),
        table,
        environment,
        ...common,
      });
      opFunctions.set(node.name, fn);
    });
    this.opFunctions = opFunctions;
    // A job's control functions need no more than 10 s: they make a few DynamoDB calls.
    const control = (name: string, handlerExport: string, purpose: string, target: TaskTarget): StepsterFunction =>
      new StepsterFunction(this, name, {
        bundle: bundles.control,
        handlerExport,
        functionName: functionName(target),
        purpose: `${job.name} ${purpose}`,
        memorySize: 512,
        environment: {
          ...environment,
          [EventLogEnvironment.TABLE_NAME]: table.tableName,
          [AwsEnvironment.JOB]: job.name,
        },
        ...common,
      });
    const runStart = control('RunStart', 'runStart', 'run start', { kind: 'runStart' });
    const runEnd = control('RunEnd', 'runEnd', 'run end', { kind: 'runEnd' });
    table.grantRunStartAccess(runStart);
    table.grantRunEndAccess(runEnd);
    this.runStartFunction = runStart;
    this.runEndFunction = runEnd;
    const byTarget = new Map<string, lambda.IFunction>();
    let gate: StepsterFunction | undefined;
    const definitionText = JSON.stringify(this.compiled.definition);
    for (const [key, target] of keys) {
      // The compiler may ask for a target it does not use (e.g. the gate of a job without joins).
      if (!definitionText.includes(`\${${key}}`)) continue;
      if (target.kind === 'op') {
        const fn = opFunctions.get(target.node);
        if (!fn)
          throw new Error(`the compiled job "${job.name}" invokes op "${target.node}", which the job does not have.`);
        byTarget.set(key, fn);
      } else if (target.kind === 'runStart') byTarget.set(key, runStart);
      else if (target.kind === 'runEnd') byTarget.set(key, runEnd);
      else {
        gate = control('Gate', 'gate', 'gate', target);
        table.grantGateAccess(gate);
        byTarget.set(key, gate);
      }
    }
    if (gate) this.gateFunction = gate;

    // Releasing a gate is SendTaskSuccess: for the gate itself and the ops it waits on (also when they crash).
    const releasers: iam.IGrantable[] = [
      ...[...opFunctions].filter(([node]) => releasesGates(node)).map(([, fn]) => fn),
      ...(gate ? [gate] : []),
    ];
    for (const grantee of releasers) {
      const grant = iam.Grant.addToPrincipal({ grantee, actions: ['states:SendTaskSuccess'], resourceArns: ['*'] });
      suppressTaskTokenWildcard(grant, grantee);
    }

    // CloudWatch loggers write to groups the app creates; only ops log through them (context.log),
    // so only op functions may write there: CreateLogStream on the group, PutLogEvents on its streams.
    const loggerDefs = props.loggerDefs ?? job.loggerDefs ?? {};
    const ownGroups = new Map<string, logs.ILogGroup>();
    for (const target of cloudwatchLoggerTargets(loggerDefs)) {
      if (target.logGroupName === undefined) {
        throw new Error(
          `job "${job.name}": CloudWatch logger "${target.loggerName}" has no log group, so the app cannot create it or grant access; use makeCloudwatchLogger({ logGroupName: '/stepster/${job.name}' }).`,
        );
      }
      const name = target.logGroupName;
      const group =
        props.loggerLogGroup?.(name) ??
        ownGroups.get(name) ??
        new logs.LogGroup(this, `LoggerGroup${ownGroups.size + 1}`, {
          logGroupName: name,
          retention: props.logRetention ?? logs.RetentionDays.TWO_WEEKS,
          removalPolicy,
        });
      ownGroups.set(name, group);
      const groupArn = (resourceName: string): string =>
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        });
      const resources: Record<(typeof CLOUDWATCH_LOGGER_IAM_ACTIONS)[number], string> = {
        'logs:CreateLogStream': groupArn(`${name}:*`),
        'logs:PutLogEvents': groupArn(`${name}:log-stream:*`),
      };
      for (const fn of opFunctions.values()) {
        for (const action of CLOUDWATCH_LOGGER_IAM_ACTIONS) {
          iam.Grant.addToPrincipal({ grantee: fn, actions: [action], resourceArns: [resources[action]] });
        }
        acknowledgeLoggerStreams(fn, name, target.loggerName);
      }
    }
    this.loggerLogGroups = ownGroups;
    this.functionLogGroupNames = [...opFunctions.values(), runStart, runEnd, ...(gate ? [gate] : [])].map(
      (fn) => fn.logGroupLiteralName,
    );
    if (props.secrets && props.secrets.length > 0) grantSecretsRead([...opFunctions.values()], props.secrets);

    // The state machine: vended-logs group name avoids CloudWatch resource-policy size limits.
    this.executionLogGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `/aws/vendedlogs/states/${this.stateMachineName}`,
      retention: props.logRetention ?? logs.RetentionDays.TWO_WEEKS,
      removalPolicy,
    });
    const substitutions: Record<string, string> = {};
    for (const [key, fn] of byTarget) substitutions[key] = fn.functionArn;
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: this.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(definitionText),
      definitionSubstitutions: substitutions,
      logs: { destination: this.executionLogGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      removalPolicy,
    });
    acknowledgeExecutionLoggingAndTracing(this.stateMachine);
    const invoked = [...new Set(byTarget.values())];
    if (invoked.length <= MAX_ENUMERATED_FUNCTIONS) {
      this.stateMachine.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: invoked.map((fn) => fn.functionArn) }),
      );
    } else {
      // Every ARN would overflow the role's 10 KB inline policy: scope by the job's function-name prefix.
      const namePrefix = `${prefix}-${job.name}-`;
      const cut = [...byTarget.keys()]
        .map((key) => keys.get(key)!)
        .find((t) => !functionName(t).startsWith(namePrefix));
      if (cut) {
        throw new Error(
          `job "${job.name}" has ${invoked.length} functions, too many to list in its state machine's policy, and "${functionName(cut)}" does not start with "${namePrefix}" (Lambda names stop at 64 characters): shorten the job, stage or op names.`,
        );
      }
      this.stateMachine.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['lambda:InvokeFunction'],
          resources: [
            stack.formatArn({
              service: 'lambda',
              resource: 'function',
              resourceName: `${namePrefix}*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
        }),
      );
      acknowledge(
        this.stateMachine,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:${namePrefix}*]`,
        `Job "${job.name}" invokes ${invoked.length} functions, more ARNs than an inline policy holds (10 KB); the wildcard covers only functions named "${namePrefix}...", which this job's construct creates.`,
      );
    }
    for (const scope of opScopes) {
      if (scope instanceof NestedStack) this.stateMachine.node.addDependency(scope);
    }
  }

  /** Lets `grantee` start runs of this job (StartExecution), e.g. a scheduler role or a CI user. */
  grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['states:StartExecution'],
      resourceArns: [this.stateMachineArn],
    });
  }

  /** Lets `grantee` list and describe this job's executions (what the lifecycle sweep needs). */
  grantListExecutions(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['states:ListExecutions'],
      resourceArns: [this.stateMachineArn],
    });
  }
}
