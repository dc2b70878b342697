import { Annotations, ArnFormat, Lazy, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, type IConstruct } from 'constructs';
import type { LayerBundle } from '../bundling/layer-bundle.js';

/** Properties of {@link StepsterRuntime}. */
export interface StepsterRuntimeProps {
  /** The layer the bundles leave their heavy packages to (`bundles.layer`). */
  readonly layer: LayerBundle;
  /**
   * Lambda's application log level (advanced logging controls, JSON format). Keep it at or
   * below the JSON console logger's level (INFO by default): Lambda drops lines below it.
   * @default lambda.ApplicationLogLevel.INFO
   */
  readonly applicationLogLevel?: lambda.ApplicationLogLevel;
  /**
   * Lambda's system log level (START/END/REPORT lines are INFO).
   * @default lambda.SystemLogLevel.WARN
   */
  readonly systemLogLevel?: lambda.SystemLogLevel;
  /**
   * KMS key for the functions' and CloudWatch loggers' log groups.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logsEncryptionKey?: kms.IKey;
  /**
   * What happens to the layer's old versions.
   * @default - CDK's default (RETAIN)
   */
  readonly removalPolicy?: RemovalPolicy;
}

const ID = 'StepsterRuntime';

/**
 * What every stepster function of a stack shares: the Lambda layer with the packages the
 * bundles import at run time (zod, stepster's runtime), the advanced logging settings, and the log groups' KMS
 * key. One per (root) stack: {@link StepsterRuntime.ensure} finds it or makes it with defaults.
 *
 * @example
 * new StepsterRuntime(stack, { layer: bundles.layer, applicationLogLevel: lambda.ApplicationLogLevel.DEBUG });
 */
export class StepsterRuntime extends Construct {
  readonly layer: lambda.LayerVersion;
  readonly layerDirectory: string;
  readonly applicationLogLevel: lambda.ApplicationLogLevel;
  readonly systemLogLevel: lambda.SystemLogLevel;
  readonly logsEncryptionKey?: kms.IKey;
  private readonly encryptedGroupNames: string[] = [];

  /** The runtime of `scope`'s root stack, created with defaults for `layer` if there is none. */
  static ensure(scope: IConstruct, layer: LayerBundle): StepsterRuntime {
    const root = rootStack(scope);
    const found = root.node.tryFindChild(ID);
    const runtime = found instanceof StepsterRuntime ? found : new StepsterRuntime(root, { layer });
    if (runtime.layerDirectory !== layer.directory) {
      throw new Error(
        `stack ${root.stackName} got bundles from two builds (layers ${runtime.layerDirectory} and ${layer.directory}): build the bundles of a stack once, with one buildFunctionBundles call.`,
      );
    }
    return runtime;
  }

  constructor(stack: Stack, props: StepsterRuntimeProps) {
    super(rootStack(stack), ID);
    this.layerDirectory = props.layer.directory;
    this.layer = new lambda.LayerVersion(this, 'Layer', {
      code: lambda.Code.fromAsset(props.layer.directory),
      compatibleRuntimes: [lambda.Runtime.NODEJS_24_X],
      compatibleArchitectures: [lambda.Architecture.ARM_64],
      description: `stepster: ${props.layer.packages.join(', ')} for the stack's functions`,
      ...(props.removalPolicy !== undefined ? { removalPolicy: props.removalPolicy } : {}),
    });
    this.applicationLogLevel = props.applicationLogLevel ?? lambda.ApplicationLogLevel.INFO;
    this.systemLogLevel = props.systemLogLevel ?? lambda.SystemLogLevel.WARN;
    if (props.logsEncryptionKey) {
      this.logsEncryptionKey = props.logsEncryptionKey;
      this.allowLogsToUseKey(props.logsEncryptionKey);
    }
  }

  /** The key for the log group `logGroupName` (and records that CloudWatch Logs may use it for it), if any. */
  keyFor(logGroupName: string): kms.IKey | undefined {
    if (this.logsEncryptionKey) this.encryptedGroupNames.push(logGroupName);
    return this.logsEncryptionKey;
  }

  // CloudWatch Logs encrypts with the key as its regional service principal, only for these groups.
  private allowLogsToUseKey(key: kms.IKey): void {
    const stack = Stack.of(this);
    const groupArns = Lazy.list({
      produce: () =>
        [...new Set(this.encryptedGroupNames)].map((name) =>
          stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: name,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ),
    });
    const statement = new iam.PolicyStatement({
      sid: `CloudWatchLogsOf${stack.stackName.replace(/[^A-Za-z0-9]/g, '')}`,
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': groupArns } },
    });
    const { statementAdded } = key.addToResourcePolicy(statement, true);
    if (!statementAdded) {
      Annotations.of(this).addWarningV2(
        'stepster:logsKmsKeyPolicy',
        `the logs KMS key ${key.keyArn} is not managed by this app, so its key policy cannot be changed here: allow the principal logs.<region>.amazonaws.com kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey* and kms:Describe* on it for the log groups of stack ${stack.stackName} (condition kms:EncryptionContext:aws:logs:arn), or CloudFormation cannot create the log groups.`,
      );
    }
  }
}

function rootStack(scope: IConstruct): Stack {
  let stack = Stack.of(scope);
  while (stack.nestedStackParent) stack = stack.nestedStackParent;
  return stack;
}
