import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { StepsterEnv } from '../../shared/environment/environment-variable.js';
import type { NodeSpec } from '../../shared/definitions/graph-builder.js';
import type { FunctionBundle } from '../bundling/function-bundle.js';
import type { EventLogTable } from './event-log-table.js';
import { StepsterFunction } from './stepster-function.js';

/** Properties of {@link OpFunction}. */
export interface OpFunctionProps {
  /** The job the op belongs to. */
  readonly jobName: string;
  /** The node (op use) the function runs; memory and timeout come from its op's `lambda` options. */
  readonly node: NodeSpec;
  /** The op's bundle (`bundles.op(node.op.name)`): only this op's body and what it imports. */
  readonly bundle: FunctionBundle;
  /**
   * The function's name.
   * @default - a name CloudFormation generates
   */
  readonly functionName?: string;
  /** The event log; the function gets {@link EventLogTable.grantOpAccess}. */
  readonly table: EventLogTable;
  /**
   * Extra environment variables (e.g. `STEPSTER_STAGE`).
   * @default - only STEPSTER_TABLE_NAME, STEPSTER_JOB and STEPSTER_NODE
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How long the op's logs are kept.
   * @default logs.RetentionDays.TWO_WEEKS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when it leaves the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * One op's Lambda function: its own bundle, memory and timeout from the op's `lambda`
 * options (`op({ lambda: { memorySize: 1024, timeoutSeconds: 300 } }, ...)`), the job and
 * node in its environment, and read/write access to the event table only.
 *
 * @example
 * new OpFunction(this, 'FetchSales', { jobName: 'sales_job', node: salesJob.node('fetch_sales'),
 *   bundle: bundles.op('fetch_sales'), table });
 */
export class OpFunction extends StepsterFunction {
  readonly jobName: string;
  readonly nodeName: string;

  constructor(scope: Construct, id: string, props: OpFunctionProps) {
    const { node } = props;
    if (props.bundle.spec.kind !== 'op' || props.bundle.spec.opName !== node.op.name) {
      throw new Error(
        `OpFunction for op "${node.name}" of job "${props.jobName}" got bundle "${props.bundle.key}"; pass bundles.op("${node.op.name}").`,
      );
    }
    super(scope, id, {
      bundle: props.bundle,
      purpose: `${props.jobName} op ${node.name}`,
      ...(props.functionName !== undefined ? { functionName: props.functionName } : {}),
      memorySize: node.op.lambda.memorySize,
      timeout: Duration.seconds(node.op.lambda.timeoutSeconds),
      environment: {
        ...(props.environment ?? {}),
        [StepsterEnv.TABLE_NAME]: props.table.tableName,
        [StepsterEnv.JOB]: props.jobName,
        [StepsterEnv.NODE]: node.name,
      },
      ...(props.logRetention !== undefined ? { logRetention: props.logRetention } : {}),
      ...(props.logRemovalPolicy !== undefined ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
    });
    this.jobName = props.jobName;
    this.nodeName = node.name;
    props.table.grantOpAccess(this);
  }
}
