import { ArnFormat, NestedStack, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { StepsterEnv } from '../../shared/environment/environment-variable.js';
import type { CompiledStateMachine } from '../../shared/compiler/compile-graph.js';
import { compileJob } from '../../shared/compiler/compile-job.js';
import {
  childStateMachineName,
  DEFAULT_FUNCTION_PREFIX,
  functionName,
  type TaskTarget,
} from '../../shared/compiler/task-target.js';
import { buildJobStateMachines, childSubstitutionKey } from './job-state-machines.js';
import type { JobDefinition } from '../../shared/definitions/job-definition.js';
import {
  type CloudwatchLoggerTarget,
  cloudwatchLoggerTargets,
} from '../../shared/loggers/cloudwatch-logger-targets.js';
import type { LoggerDefinition } from '../../shared/loggers/logger-definition.js';
import { readsAssetIndex } from '../../shared/definitions/asset-specs-of.js';
import { sesIdentitiesOf } from '../../shared/notifications/ses-identities.js';
import { grantSesSend } from './ses-grants.js';
import { secretsOf } from '../../shared/resources/resource-references.js';
import { stageBucketAccessOf } from '../../shared/definitions/stage-bucket-access.js';
import type { IoManagerBucket } from './io-manager-bucket.js';
import { opFunctionEnvironment } from './op-function-environment.js';
import type { FunctionBundles } from '../bundling/function-bundles.js';
import type { EventLogTable } from './event-log-table.js';
import { OpFunction } from './op-function.js';
import { StepsterFunction } from './stepster-function.js';
import { type InvokedFunction, StepsterJobGrants } from './stepster-job-grants.js';

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
   * The Definitions' resources. Each op function may read only the secrets of the resources its
   * op requires (`requiredResourceKeys`), and gets only their `EnvVar` values.
   * @default - none
   */
  readonly resources?: Readonly<Record<string, unknown>>;
  /**
   * The values of the `EnvVar`s the resources read, as synth found them (the stack checks them first).
   * @default - none
   */
  readonly resourceEnvironment?: Readonly<Record<string, string>>;
  /**
   * The stage's IO manager bucket, required when an output uses `s3IoManager({ bucket: S3_IO_MANAGER_BUCKET })`.
   * @default - none
   */
  readonly ioBucket?: IoManagerBucket;
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

/** The functions of a job's state machine. */
interface JobFunctions {
  readonly opFunctions: ReadonlyMap<string, OpFunction>;
  readonly runStart: StepsterFunction;
  readonly runEnd: StepsterFunction;
  readonly gate: StepsterFunction | undefined;
}

/** A CloudWatch logger whose log group is known (the app creates it and grants writes to it). */
type LoggerTarget = CloudwatchLoggerTarget & { readonly logGroupName: string };

/** A function the state machine invokes, under its `DefinitionSubstitutions` key. */
type SubstitutedFunction = InvokedFunction & { readonly key: string };

const DEFAULT_OPS_PER_STACK = 100;
// Four resources per op function, 500 per stack (with room for the stack's own).
const MAX_OPS_PER_STACK = 110;
const NAME_PREFIX_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
const STATE_MACHINE_NAME_LIMIT = 80;
// A job's control functions make a few DynamoDB calls each.
const CONTROL_MEMORY_MB = 512;

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
  /** A job past one state machine's quotas: the children its state machine starts (`compiled.children`). */
  readonly childStateMachines: readonly sfn.StateMachine[];
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
  /** Every permission of the job's functions and state machine, and those the job gives others. */
  readonly grants: StepsterJobGrants;

  private readonly namePrefix: string;
  private readonly removalPolicy: RemovalPolicy;
  private readonly logRetention: logs.RetentionDays;

  constructor(scope: Construct, id: string, props: StepsterJobProps) {
    super(scope, id);
    const { job } = props;
    this.namePrefix = props.namePrefix ?? DEFAULT_FUNCTION_PREFIX;
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    this.logRetention = props.logRetention ?? logs.RetentionDays.TWO_WEEKS;
    const opsPerStack = props.opsPerStack ?? DEFAULT_OPS_PER_STACK;
    const loggerTargets = this.validateProps(props, opsPerStack);
    this.job = job;
    this.stateMachineName = `${this.namePrefix}-${job.name}`;
    this.validateStateMachineName(this.stateMachineName);
    this.stateMachineArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: this.stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.grants = new StepsterJobGrants({
      jobName: job.name,
      stateMachineArn: this.stateMachineArn,
      table: props.table,
      stack: Stack.of(this),
    });
    const { compiled, substitutionKeys, usedKeys, definitionText, childTexts } = this.compile();
    this.compiled = compiled;
    this.substitutionKeys = substitutionKeys;

    const opScopes = this.buildOpScopes(opsPerStack);
    const functions = this.buildFunctions(props, opScopes, opsPerStack, usedKeys);
    this.opFunctions = functions.opFunctions;
    this.runStartFunction = functions.runStart;
    this.runEndFunction = functions.runEnd;
    if (functions.gate) this.gateFunction = functions.gate;
    this.functionLogGroupNames = [...functions.opFunctions.values(), functions.runStart, functions.runEnd]
      .concat(functions.gate ? [functions.gate] : [])
      .map((fn) => fn.logGroupLiteralName);
    this.loggerLogGroups = this.buildLoggerLogGroups(props, loggerTargets);
    this.grantFunctionAccess(props, functions, loggerTargets);

    this.executionLogGroup = this.buildExecutionLogGroup();
    const invoked = this.invokedFunctions(usedKeys, functions);
    const machines = this.buildStateMachine(definitionText, invoked, childTexts);
    this.stateMachine = machines.stateMachine;
    this.childStateMachines = machines.children;
    this.grants.invokeFunctions(this.stateMachine, invoked, `${this.namePrefix}-${job.name}-`);
    // The op functions' nested stacks deploy first: the definition names their ARNs.
    for (const opScope of opScopes) {
      if (opScope instanceof NestedStack) this.stateMachine.node.addDependency(opScope);
    }
  }

  /** Lets `grantee` start runs of this job (StartExecution), e.g. a scheduler role or a CI user. */
  grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.grants.startExecution(grantee);
  }

  /** Lets `grantee` list and describe this job's executions (what the lifecycle sweep needs). */
  grantListExecutions(grantee: iam.IGrantable): iam.Grant {
    return this.grants.listExecutions(grantee);
  }

  // --- Validation: each names the bad value and the way out, before any resource exists.

  /** Checks the props before any resource exists; returns the job's CloudWatch loggers. */
  private validateProps(props: StepsterJobProps, opsPerStack: number): LoggerTarget[] {
    this.validateNamePrefix(this.namePrefix);
    this.validateJob(props.job);
    this.validateOpsPerStack(opsPerStack);
    return this.validateLoggerTargets(props.job, props.loggerDefs ?? props.job.loggerDefs ?? {});
  }

  private validateNamePrefix(prefix: string): void {
    if (!NAME_PREFIX_PATTERN.test(prefix)) {
      throw new Error(
        `StepsterJob namePrefix "${prefix}" must be 1-40 letters, digits, '-' or '_' (e.g. "stepster-prod").`,
      );
    }
  }

  private validateJob(job: JobDefinition): void {
    if (job.nodes.length === 0) {
      throw new Error(`job "${job.name}" has no ops; call at least one op in its body before deploying it.`);
    }
  }

  private validateOpsPerStack(opsPerStack: number): void {
    if (!Number.isInteger(opsPerStack) || opsPerStack < 1 || opsPerStack > MAX_OPS_PER_STACK) {
      throw new Error(
        `StepsterJob opsPerStack ${opsPerStack} must be an integer from 1 to ${MAX_OPS_PER_STACK} (four resources per op, 500 per stack).`,
      );
    }
  }

  private validateStateMachineName(name: string): void {
    if (name.length > STATE_MACHINE_NAME_LIMIT) {
      throw new Error(
        `state machine name "${name}" is over Step Functions' ${STATE_MACHINE_NAME_LIMIT} characters: shorten job "${this.job.name}" or the stage name.`,
      );
    }
  }

  /** The job's CloudWatch loggers; each must name its log group, which the app creates and grants. */
  private validateLoggerTargets(
    job: JobDefinition,
    loggerDefs: Readonly<Record<string, LoggerDefinition>>,
  ): LoggerTarget[] {
    return cloudwatchLoggerTargets(loggerDefs).map((target) => {
      if (target.logGroupName === undefined) {
        throw new Error(
          `job "${job.name}": CloudWatch logger "${target.loggerName}" has no log group, so the app cannot create it or grant access; use makeCloudwatchLogger({ logGroupName: '/stepster/${job.name}' }).`,
        );
      }
      return { ...target, logGroupName: target.logGroupName };
    });
  }

  // --- Compilation: the ASL with one `${key}` placeholder per task target.

  /**
   * The compiled job, every key the compiler asked for, and the keys its definition holds (in
   * the order asked): the compiler may ask for a target it does not use (e.g. the gate of a
   * job without joins).
   */
  private compile(): {
    compiled: CompiledStateMachine;
    substitutionKeys: Map<string, TaskTarget>;
    usedKeys: Map<string, TaskTarget>;
    definitionText: string;
    childTexts: string[];
  } {
    const substitutionKeys = new Map<string, TaskTarget>();
    const compiled = compileJob(this.job, {
      resource: (target) => {
        const key = target.kind === 'op' ? `op_${target.node}` : target.kind;
        substitutionKeys.set(key, target);
        return `\${${key}}`;
      },
      childStateMachine: (index) => `\${${childSubstitutionKey(index)}}`,
    });
    const definitionText = JSON.stringify(compiled.definition);
    const childTexts = compiled.children.map((child) => JSON.stringify(child));
    const texts = [definitionText, ...childTexts];
    const usedKeys = new Map(
      [...substitutionKeys].filter(([key]) => texts.some((text) => text.includes(`\${${key}}`))),
    );
    return { compiled, substitutionKeys, usedKeys, definitionText, childTexts };
  }

  // --- Functions: one per op (in nested stacks for large jobs), run start, run end, gate.

  /** The job itself, or `ceil(ops / opsPerStack)` nested stacks when the job has more ops than that. */
  private buildOpScopes(opsPerStack: number): Construct[] {
    const ops = this.job.nodes.length;
    if (ops <= opsPerStack) return [this];
    return Array.from({ length: Math.ceil(ops / opsPerStack) }, (_, i) => new NestedStack(this, `Ops${i + 1}`));
  }

  private buildFunctions(
    props: StepsterJobProps,
    opScopes: readonly Construct[],
    opsPerStack: number,
    usedKeys: ReadonlyMap<string, TaskTarget>,
  ): JobFunctions {
    const opFunctions = this.buildOpFunctions(props, opScopes, opsPerStack);
    const runStart = this.buildControlFunction(props, 'RunStart', 'runStart', 'run start', { kind: 'runStart' });
    const runEnd = this.buildControlFunction(props, 'RunEnd', 'runEnd', 'run end', { kind: 'runEnd' });
    const gated = [...usedKeys.values()].some((target) => target.kind === 'gate');
    const gate = gated ? this.buildControlFunction(props, 'Gate', 'gate', 'gate', { kind: 'gate' }) : undefined;
    return { opFunctions, runStart, runEnd, gate };
  }

  private buildOpFunctions(
    props: StepsterJobProps,
    opScopes: readonly Construct[],
    opsPerStack: number,
  ): Map<string, OpFunction> {
    const opFunctions = new Map<string, OpFunction>();
    this.job.nodes.forEach((node, index) => {
      const scope = opScopes[Math.floor(index / opsPerStack)] ?? this;
      const fn = new OpFunction(scope, `Op_${node.name}`, {
        jobName: this.job.name,
        node,
        bundle: props.bundles.op(node.op.name),
        functionName: this.functionNameOf({ kind: 'op', node: node.name }),
        table: props.table,
        environment: {
          ...(props.environment ?? {}),
          ...opFunctionEnvironment(this.job, this.compiled, node, {
            ...(props.resources ? { definitions: props.resources } : {}),
            ...(props.resourceEnvironment ? { values: props.resourceEnvironment } : {}),
          }),
        },
        ...this.logSettings(props),
      });
      opFunctions.set(node.name, fn);
    });
    return opFunctions;
  }

  // A job's control functions make a few DynamoDB calls: the default timeout is ample.
  private buildControlFunction(
    props: StepsterJobProps,
    id: string,
    handlerExport: string,
    purpose: string,
    target: TaskTarget,
  ): StepsterFunction {
    return new StepsterFunction(this, id, {
      bundle: props.bundles.control,
      handlerExport,
      functionName: this.functionNameOf(target),
      purpose: `${this.job.name} ${purpose}`,
      memorySize: CONTROL_MEMORY_MB,
      environment: {
        ...(props.environment ?? {}),
        [StepsterEnv.TABLE_NAME]: props.table.tableName,
        [StepsterEnv.JOB]: this.job.name,
      },
      ...this.logSettings(props),
    });
  }

  private logSettings(props: StepsterJobProps): { logRetention?: logs.RetentionDays; logRemovalPolicy: RemovalPolicy } {
    return {
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      logRemovalPolicy: this.removalPolicy,
    };
  }

  private functionNameOf(target: TaskTarget): string {
    return functionName(this.namePrefix, this.job.name, target);
  }

  // --- Logging: the CloudWatch loggers' groups (the stack's shared ones, or our own).

  private buildLoggerLogGroups(props: StepsterJobProps, targets: readonly LoggerTarget[]): Map<string, logs.ILogGroup> {
    const groups = new Map<string, logs.ILogGroup>();
    for (const { logGroupName } of targets) {
      const group =
        props.loggerLogGroup?.(logGroupName) ??
        groups.get(logGroupName) ??
        new logs.LogGroup(this, `LoggerGroup${groups.size + 1}`, {
          logGroupName,
          retention: this.logRetention,
          removalPolicy: this.removalPolicy,
        });
      groups.set(logGroupName, group);
    }
    return groups;
  }

  // The vended-logs group name avoids CloudWatch resource-policy size limits.
  private buildExecutionLogGroup(): logs.LogGroup {
    return new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `/aws/vendedlogs/states/${this.stateMachineName}`,
      retention: this.logRetention,
      removalPolicy: this.removalPolicy,
    });
  }

  // --- Grants: each function kind gets what its task needs, no more.

  private grantFunctionAccess(
    props: StepsterJobProps,
    functions: JobFunctions,
    loggerTargets: readonly LoggerTarget[],
  ): void {
    const { opFunctions, runStart, runEnd, gate } = functions;
    const ops = [...opFunctions.values()];
    this.grants.runStartTableAccess(runStart);
    this.grants.runEndTableAccess(runEnd);
    if (gate) this.grants.gateTableAccess(gate);
    const gated = new Set(this.compiled.stats.gatedOps);
    const releasesGate = (node: string): boolean => this.job.downstreamOf(node).some((child) => gated.has(child.name));
    this.grants.releaseGates([
      ...[...opFunctions].filter(([node]) => releasesGate(node)).map(([, fn]) => fn),
      ...(gate ? [gate] : []),
    ]);
    // Only ops log through CloudWatch loggers (context.log), so only op functions may write there.
    for (const target of loggerTargets) this.grants.writeLoggerGroup(ops, target.logGroupName, target.loggerName);
    for (const [node, fn] of opFunctions) {
      const { op } = this.job.node(node);
      this.grants.readSecrets([fn], secretsOf(props.resources ?? {}, op.requiredResourceKeys));
      grantSesSend(
        [fn],
        sesIdentitiesOf(props.resources ?? {}, op.requiredResourceKeys, props.resourceEnvironment ?? {}),
      );
      // An asset step reads its upstreams' versions (or values) from the byAsset index.
      if (readsAssetIndex(op)) props.table.grantAssetLookup(fn);
    }
    for (const [node, access] of stageBucketAccessOf(this.job, props.resources ?? {})) {
      const fn = opFunctions.get(node);
      if (fn === undefined) continue;
      if (props.ioBucket === undefined) {
        throw new Error(
          `op "${node}" of job "${this.job.name}" uses s3IoManager({ bucket: S3_IO_MANAGER_BUCKET }): give StepsterJob an ioBucket (StepsterStack makes one per stage)`,
        );
      }
      props.ioBucket.grantStepAccess(fn, access);
    }
  }

  // --- State machine: Standard, the compiled ASL with the functions' ARNs substituted.

  /** The function behind each substitution key the definition holds. */
  private invokedFunctions(usedKeys: ReadonlyMap<string, TaskTarget>, functions: JobFunctions): SubstitutedFunction[] {
    return [...usedKeys].map(([key, target]) => ({
      key,
      function: this.functionOf(target, functions),
      functionName: this.functionNameOf(target),
    }));
  }

  private functionOf(target: TaskTarget, functions: JobFunctions): lambda.IFunction {
    const fn =
      target.kind === 'op'
        ? functions.opFunctions.get(target.node)
        : target.kind === 'runStart'
          ? functions.runStart
          : target.kind === 'runEnd'
            ? functions.runEnd
            : functions.gate;
    if (!fn) {
      const what = target.kind === 'op' ? `op "${target.node}"` : `a ${target.kind} function`;
      throw new Error(`the compiled job "${this.job.name}" invokes ${what}, which the job does not have.`);
    }
    return fn;
  }

  /** The job's state machine and, for a split job, its children; every state machine name checked first. */
  private buildStateMachine(
    definitionText: string,
    invoked: readonly SubstitutedFunction[],
    childTexts: readonly string[],
  ): { stateMachine: sfn.StateMachine; children: sfn.StateMachine[] } {
    for (let index = 0; index < childTexts.length; index++) {
      this.validateStateMachineName(childStateMachineName(this.namePrefix, this.job.name, index));
    }
    return buildJobStateMachines(this, {
      namePrefix: this.namePrefix,
      jobName: this.job.name,
      stateMachineName: this.stateMachineName,
      definitionText,
      childTexts,
      functionArns: Object.fromEntries(invoked.map(({ key, function: fn }) => [key, fn.functionArn])),
      logGroup: this.executionLogGroup,
      removalPolicy: this.removalPolicy,
    });
  }
}
