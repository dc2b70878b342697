import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LambdaLimits } from '../../shared/definitions/lambda-limits.js';
import type { FunctionBundle } from '../bundling/function-bundle.js';
import { acknowledgeFunctionTracing } from './nag-reasons.js';
import { StepsterRuntime } from './stepster-runtime.js';

/** Properties of {@link StepsterFunction}. */
export interface StepsterFunctionProps {
  /** The esbuild bundle the function runs (see `buildFunctionBundles`). */
  readonly bundle: FunctionBundle;
  /**
   * The exported handler of the bundle.
   * @default 'handler'
   */
  readonly handlerExport?: string;
  /** What the function is, for its description and role (e.g. `sales_job op fetch_sales`). */
  readonly purpose: string;
  /**
   * The function's name (1-64 letters, digits, '-' or '_').
   * @default - a name CloudFormation generates
   */
  readonly functionName?: string;
  /**
   * Memory, in MB (128-10240).
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Timeout.
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;
  /**
   * Environment variables (never secret values: use `secret(...)` resources).
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How long the function's logs are kept.
   * @default logs.RetentionDays.TWO_WEEKS
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when it leaves the stack.
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * Dead-letter queue for failed asynchronous invocations.
   * @default - none (Step Functions invokes synchronously and retries itself)
   */
  readonly deadLetterQueue?: sqs.IQueue;
  /**
   * X-Ray tracing of the function, so a run's trace follows each Task into its Lambda (the
   * state machines trace too).
   * @default lambda.Tracing.ACTIVE
   */
  readonly tracing?: lambda.Tracing;
}

/**
 * A stepster Lambda function: Node.js 24 on arm64, the given esbuild bundle (the AWS SDK
 * comes from the runtime, zod and stepster itself from the stack's shared layer), JSON logs with the stack's
 * application and system log levels ({@link StepsterRuntime}), its own log group with
 * retention, and its own role that may only write to that log group until grants add more.
 *
 * @example
 * const fn = new StepsterFunction(this, 'RunStart', { bundle: bundles.control, handlerExport: 'runStart', purpose: 'sales_job run start' });
 * table.grantRunStartAccess(fn);
 */
export class StepsterFunction extends NodejsFunction {
  /** The function's log group (created here, so retention and removal are ours). */
  readonly logGroupResource: logs.LogGroup;
  /** The log group's name as text (`/aws/lambda/<name>`), for references that must not be tokens. */
  readonly logGroupLiteralName: string;

  constructor(scope: Construct, id: string, props: StepsterFunctionProps) {
    const { MIN_MEMORY_MB, MAX_MEMORY_MB, MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } = LambdaLimits;
    const memorySize = props.memorySize ?? 512;
    if (!Number.isInteger(memorySize) || memorySize < MIN_MEMORY_MB || memorySize > MAX_MEMORY_MB) {
      throw new Error(
        `${props.purpose}: memorySize ${memorySize} must be an integer from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB} (MB); set lambda.memorySize on the op.`,
      );
    }
    const timeout = props.timeout ?? Duration.seconds(60);
    if (timeout.toSeconds() < MIN_TIMEOUT_SECONDS || timeout.toSeconds() > MAX_TIMEOUT_SECONDS) {
      throw new Error(
        `${props.purpose}: timeout ${timeout.toSeconds()} s must be from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS} seconds (Lambda's limit); set lambda.timeoutSeconds on the op.`,
      );
    }
    if (props.functionName !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(props.functionName)) {
      throw new Error(
        `${props.purpose}: functionName "${props.functionName}" must be 1-64 letters, digits, '-' or '_'.`,
      );
    }
    const runtime = StepsterRuntime.ensure(scope, props.bundle.layer);
    const holder = new Construct(scope, `${id}Resources`);
    const logGroupName = props.functionName !== undefined ? `/aws/lambda/${props.functionName}` : undefined;
    const encryptionKey = logGroupName !== undefined ? runtime.keyFor(logGroupName) : runtime.logsEncryptionKey;
    const logGroup = new logs.LogGroup(holder, 'Logs', {
      // Where Lambda would put them, so operators find them; created here for retention and removal.
      ...(logGroupName !== undefined ? { logGroupName } : {}),
      ...(encryptionKey ? { encryptionKey } : {}),
      retention: props.logRetention ?? logs.RetentionDays.TWO_WEEKS,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    // Our own role: the managed AWSLambdaBasicExecutionRole would allow writing to any log group.
    const role = new iam.Role(holder, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `stepster: ${props.purpose}`.slice(0, 1000),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      ...(props.functionName !== undefined ? { functionName: props.functionName } : {}),
      code: lambda.Code.fromAsset(props.bundle.directory),
      handler: `index.${props.handlerExport ?? 'handler'}`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize,
      timeout,
      role,
      logGroup,
      // The bundles import zod (and the layer's other packages) from the stack's shared layer.
      layers: [runtime.layer],
      // JSON lines (the JSON console logger's are passed through as they are), filtered per stage.
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: runtime.applicationLogLevel,
      systemLogLevelV2: runtime.systemLogLevel,
      description: `stepster: ${props.purpose}`.slice(0, 256),
      environment: { ...(props.environment ?? {}) },
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      tracing: props.tracing ?? lambda.Tracing.ACTIVE,
    });
    if ((props.tracing ?? lambda.Tracing.ACTIVE) !== lambda.Tracing.DISABLED) acknowledgeFunctionTracing(role);
    this.logGroupResource = logGroup;
    // Without a chosen name, the group's name is known only at deploy time.
    this.logGroupLiteralName = logGroupName ?? logGroup.logGroupName;
  }
}
