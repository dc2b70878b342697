import { ArnFormat, type CfnResource, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { childStateMachineName } from '../../shared/compiler/task-target.js';
import { grantDistributedMap } from './distributed-map-grants.js';
import { acknowledge, acknowledgeExecutionLoggingAndTracing } from './nag-reasons.js';

/** Properties of {@link buildChildStateMachines}. */
export interface ChildStateMachinesProps {
  /** The job's name prefix and name: child `i` is `<prefix>-<job>--part-<i + 1>`. */
  readonly namePrefix: string;
  readonly jobName: string;
  /** Each child's compiled definition, with `${key}` placeholders. */
  readonly definitionTexts: readonly string[];
  /** Placeholder key → function ARN, for every function a definition may name. */
  readonly functionArns: Readonly<Record<string, string>>;
  /** The role the parent uses: its children run under it, so one policy covers the job's functions. */
  readonly role: iam.IRole;
  readonly logGroup: logs.ILogGroup;
  readonly removalPolicy: RemovalPolicy;
}

/** The `DefinitionSubstitutions` key of child `index` (0-based): what the compiler writes as `${child_<n>}`. */
export function childSubstitutionKey(index: number): string {
  return `child_${index + 1}`;
}

const stateMachineArn = (stack: Stack, name: string) =>
  stack.formatArn({
    service: 'states',
    resource: 'stateMachine',
    resourceName: name,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });

/**
 * The parent's `DefinitionSubstitutions` naming its `count` children: `child_<n>` → the ARN of
 * child n, built from its name (no reference to the child, so no cycle through the shared role).
 *
 * @example
 * childSubstitutions(stack, 'stepster-prod', 'big_job', 2); // { child_1: 'arn:…:stateMachine:stepster-prod-big_job--part-1', child_2: … }
 */
export function childSubstitutions(
  scope: Construct,
  namePrefix: string,
  jobName: string,
  count: number,
): Record<string, string> {
  const stack = Stack.of(scope);
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [
      childSubstitutionKey(index),
      stateMachineArn(stack, childStateMachineName(namePrefix, jobName, index)),
    ]),
  );
}

/**
 * Builds the child state machines of a job the compiler split (`compiled.children`): Standard,
 * logged and traced like the parent, under the parent's role, each with only the substitutions
 * its definition names. Grants the parent's role what `states:startExecution.sync:2` needs:
 * StartExecution on the children, Describe/StopExecution on their executions, and the managed
 * EventBridge rule through which Step Functions learns that a child ended.
 *
 * @example
 * const children = buildChildStateMachines(this, { namePrefix, jobName, definitionTexts, functionArns, role, logGroup, removalPolicy });
 */
export function buildChildStateMachines(scope: Construct, props: ChildStateMachinesProps): sfn.StateMachine[] {
  const stack = Stack.of(scope);
  const names = props.definitionTexts.map((_, index) => childStateMachineName(props.namePrefix, props.jobName, index));
  const stateMachines = props.definitionTexts.map((text, index) => {
    const substitutions = Object.fromEntries(
      Object.entries(props.functionArns).filter(([key]) => text.includes(`\${${key}}`)),
    );
    const name = names[index]!;
    const machine = new sfn.StateMachine(scope, `Part${index + 1}`, {
      stateMachineName: name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(text),
      definitionSubstitutions: substitutions,
      role: props.role,
      logs: { destination: props.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      removalPolicy: props.removalPolicy,
    });
    if (text.includes('"DISTRIBUTED"')) grantDistributedMap(machine, name);
    return machine;
  });

  const executionArns = (name: string) =>
    stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${name}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  if (names.length > 0) {
    props.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: names.map((name) => stateMachineArn(stack, name)),
      }),
    );
    props.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: names.map(executionArns),
      }),
    );
    props.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [
          stack.formatArn({
            service: 'events',
            resource: 'rule',
            resourceName: 'StepFunctionsGetEventsForStepFunctionsExecutionRule',
          }),
        ],
      }),
    );
    for (const name of names) {
      acknowledge(
        props.role,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}:*]`,
        "A child execution's ARN ends in its execution name, made at run time: the wildcard is only that name, under this job's own child state machine, for DescribeExecution and StopExecution, which startExecution.sync needs to wait for and stop it.",
      );
    }
  }
  return stateMachines;
}

/** Properties of {@link buildJobStateMachines}. */
export interface JobStateMachinesProps {
  readonly namePrefix: string;
  readonly jobName: string;
  /** `<prefix>-<job>`. */
  readonly stateMachineName: string;
  /** The compiled parent and children, with `${key}` placeholders. */
  readonly definitionText: string;
  readonly childTexts: readonly string[];
  /** Placeholder key → function ARN, for every function a definition may name. */
  readonly functionArns: Readonly<Record<string, string>>;
  readonly logGroup: logs.ILogGroup;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A job's state machine (Standard, the compiler's ASL byte for byte, execution logs at level
 * ALL without execution data, X-Ray tracing) and, for a job the compiler split, its children
 * under the parent's role, so the one invoke grant covers every function the job's machines name.
 *
 * @example
 * const { stateMachine, children } = buildJobStateMachines(this, { namePrefix, jobName, stateMachineName, definitionText, childTexts, functionArns, logGroup, removalPolicy });
 */
export function buildJobStateMachines(
  scope: Construct,
  props: JobStateMachinesProps,
): { stateMachine: sfn.StateMachine; children: sfn.StateMachine[] } {
  const own = (text: string) =>
    Object.fromEntries(Object.entries(props.functionArns).filter(([key]) => text.includes(`\${${key}}`)));
  const stateMachine = new sfn.StateMachine(scope, 'StateMachine', {
    stateMachineName: props.stateMachineName,
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromString(props.definitionText),
    definitionSubstitutions: {
      ...own(props.definitionText),
      ...childSubstitutions(scope, props.namePrefix, props.jobName, props.childTexts.length),
    },
    logs: { destination: props.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    tracingEnabled: true,
    removalPolicy: props.removalPolicy,
  });
  acknowledgeExecutionLoggingAndTracing(stateMachine);
  if (props.definitionText.includes('"DISTRIBUTED"')) grantDistributedMap(stateMachine, props.stateMachineName);
  if (props.childTexts.length === 0) return { stateMachine, children: [] };
  const children = buildChildStateMachines(scope, {
    namePrefix: props.namePrefix,
    jobName: props.jobName,
    definitionTexts: props.childTexts,
    functionArns: props.functionArns,
    role: stateMachine.role,
    logGroup: props.logGroup,
    removalPolicy: props.removalPolicy,
  });
  // The parent's resource (not its role, which the children use) waits for its children.
  const parentResource = stateMachine.node.defaultChild as CfnResource;
  for (const child of children) parentResource.addResourceDependency(child.node.defaultChild as CfnResource);
  return { stateMachine, children };
}
