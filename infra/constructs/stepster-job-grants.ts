import { ArnFormat, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { CLOUDWATCH_LOGGER_IAM_ACTIONS } from '../../shared/loggers/cloudwatch-logger.js';
import type { SecretReference } from '../../shared/secrets/secret-reference.js';
import type { EventLogTable } from './event-log-table.js';
import { acknowledge, acknowledgeLoggerStreams, suppressTaskTokenWildcard } from './nag-reasons.js';
import { grantSecretsRead } from './secret-grants.js';

/** Properties of {@link StepsterJobGrants}. */
export interface StepsterJobGrantsProps {
  /** The job's name, for error messages and cdk-nag acknowledgements. */
  readonly jobName: string;
  /** The ARN of the job's state machine (built from its name: no reference to the resource). */
  readonly stateMachineArn: string;
  /** The event log the job's functions read and write. */
  readonly table: EventLogTable;
  /** The stack whose partition, region and account the ARNs of log groups and functions use. */
  readonly stack: Stack;
}

/** A function the state machine invokes, with its (literal) name. */
export interface InvokedFunction {
  readonly function: lambda.IFunction;
  readonly functionName: string;
}

// The state machine's inline policy holds every function ARN up to this many (IAM's 10 KB limit).
const MAX_ENUMERATED_FUNCTIONS = 100;

/**
 * Every permission of a {@link StepsterJob}, in one place: what its functions and state
 * machine may do (each function kind only what its task needs) and what the job lets others
 * do (start runs, list executions). Each wildcard that IAM cannot avoid is acknowledged
 * for cdk-nag with its reason, next to the grant that needs it.
 *
 * @example
 * job.grants.startExecution(schedulerRole);
 */
export class StepsterJobGrants {
  private readonly jobName: string;
  private readonly stateMachineArn: string;
  private readonly table: EventLogTable;
  private readonly stack: Stack;

  constructor(props: StepsterJobGrantsProps) {
    this.jobName = props.jobName;
    this.stateMachineArn = props.stateMachineArn;
    this.table = props.table;
    this.stack = props.stack;
  }

  /** Lets `grantee` start runs of the job (StartExecution), e.g. a scheduler role or a CI user. */
  startExecution(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['states:StartExecution'],
      resourceArns: [this.stateMachineArn],
    });
  }

  /** Lets `grantee` list and describe the job's executions (what the lifecycle sweep needs). */
  listExecutions(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['states:ListExecutions'],
      resourceArns: [this.stateMachineArn],
    });
  }

  /** The run-start function's access to the event log. */
  runStartTableAccess(fn: iam.IGrantable): iam.Grant {
    return this.table.grantRunStartAccess(fn);
  }

  /** The run-end function's access to the event log. */
  runEndTableAccess(fn: iam.IGrantable): iam.Grant {
    return this.table.grantRunEndAccess(fn);
  }

  /** The gate function's access to the event log. */
  gateTableAccess(fn: iam.IGrantable): iam.Grant {
    return this.table.grantGateAccess(fn);
  }

  /**
   * Releasing a gate is SendTaskSuccess, which takes no resource: for the gate function and
   * the ops a gated join waits on (their crash path releases it too).
   */
  releaseGates(grantees: readonly iam.IGrantable[]): iam.Grant[] {
    return grantees.map((grantee) => {
      const grant = iam.Grant.addToPrincipal({ grantee, actions: ['states:SendTaskSuccess'], resourceArns: ['*'] });
      suppressTaskTokenWildcard(grant, grantee);
      return grant;
    });
  }

  /**
   * Lets each grantee write through the CloudWatch logger `loggerName` to its log group:
   * CreateLogStream on the group, PutLogEvents on its streams (named per run, so a wildcard).
   */
  writeLoggerGroup(grantees: readonly iam.IGrantable[], logGroupName: string, loggerName: string): iam.Grant[] {
    const resources: Record<(typeof CLOUDWATCH_LOGGER_IAM_ACTIONS)[number], string> = {
      'logs:CreateLogStream': this.logGroupArn(`${logGroupName}:*`),
      'logs:PutLogEvents': this.logGroupArn(`${logGroupName}:log-stream:*`),
    };
    const grants: iam.Grant[] = [];
    for (const grantee of grantees) {
      for (const action of CLOUDWATCH_LOGGER_IAM_ACTIONS) {
        grants.push(iam.Grant.addToPrincipal({ grantee, actions: [action], resourceArns: [resources[action]] }));
      }
      acknowledgeLoggerStreams(grantee, logGroupName, loggerName);
    }
    return grants;
  }

  /** Lets each grantee read exactly these secrets (none: no grant). */
  readSecrets(grantees: readonly iam.IGrantable[], secrets: readonly SecretReference[]): iam.Grant[] {
    return secrets.length > 0 ? grantSecretsRead(grantees, secrets) : [];
  }

  /**
   * Lets the state machine invoke its functions: by ARN up to 100 of them, beyond that (an
   * inline policy holds 10 KB) by the job's function-name prefix `<prefix>-<job>-`, which
   * then every function name must start with.
   */
  invokeFunctions(
    stateMachine: sfn.StateMachine,
    functions: readonly InvokedFunction[],
    functionNamePrefix: string,
  ): iam.Grant {
    if (functions.length <= MAX_ENUMERATED_FUNCTIONS) {
      return iam.Grant.addToPrincipal({
        grantee: stateMachine,
        actions: ['lambda:InvokeFunction'],
        resourceArns: functions.map((invoked) => invoked.function.functionArn),
      });
    }
    const cut = functions.find((invoked) => !invoked.functionName.startsWith(functionNamePrefix));
    if (cut) {
      throw new Error(
        `job "${this.jobName}" has ${functions.length} functions, too many to list in its state machine's policy, and "${cut.functionName}" does not start with "${functionNamePrefix}" (Lambda names stop at 64 characters): shorten the job, stage or op names.`,
      );
    }
    const grant = iam.Grant.addToPrincipal({
      grantee: stateMachine,
      actions: ['lambda:InvokeFunction'],
      resourceArns: [
        this.stack.formatArn({
          service: 'lambda',
          resource: 'function',
          resourceName: `${functionNamePrefix}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    });
    acknowledge(
      stateMachine,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:${functionNamePrefix}*]`,
      `Job "${this.jobName}" invokes ${functions.length} functions, more ARNs than an inline policy holds (10 KB); the wildcard covers only functions named "${functionNamePrefix}...", which this job's construct creates.`,
    );
    return grant;
  }

  private logGroupArn(resourceName: string): string {
    return this.stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
