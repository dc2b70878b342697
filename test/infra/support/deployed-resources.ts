// The Lambda functions and state machines of a deployed stack, read from its template as a
// deployment in the fake account would create them: physical names and ARNs, the functions'
// environment with the template's references resolved, each state machine's definition with
// its DefinitionSubstitutions applied.
import { join } from 'node:path';
import { resolveIntrinsics } from './cfn-intrinsics.js';
import { type DeployedStack, qualifiedId, REGION } from './cloud-assembly-stacks.js';
import type { RolePrincipal } from './role-policies.js';

/** A double's endpoint for each caller (`/<caller>/`), as the DynamoDB proxy and the Step Functions double give them. */
export interface CallerEndpoints {
  endpointFor(caller: string): string;
}

/** A Lambda function of the template, as this machine runs it. */
export interface LocalFunction extends RolePrincipal {
  /** Unique in the deployment: in a nested stack, prefixed with the stack's path (see `qualifiedId`). */
  readonly logicalId: string;
  readonly functionName: string;
  readonly arn: string;
  /** The bundle from the cloud assembly, laid out with its layers as Lambda runs it (see `lambdaLayout`). */
  readonly file: string;
  /** The bundle in the cloud assembly (`asset.<hash>/index.mjs`), shared by functions of one op. */
  readonly bundleFile: string;
  readonly handlerExport: string;
  /** Environment from the template, plus what Lambda and the doubles add. */
  readonly environment: Readonly<Record<string, string>>;
  /** The role's logical id in the function's own stack (`stackPath`). */
  readonly roleLogicalId: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
}

/** A job's state machine as deployed: the definition with its substitutions applied. */
export interface LocalStateMachine extends RolePrincipal {
  /** Unique in the deployment, as a function's. */
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

/** Lays a function out as Lambda runs it, and finds the layer directories its `Layers` name. */
export interface FunctionPlacer {
  layout(logicalId: string, bundleFile: string, layerDirectories: readonly string[]): string;
  layersOf(stackPath: string, props: Record<string, unknown>): string[];
}

/**
 * The Lambda functions of one stack, each calling AWS through the doubles' endpoints for its
 * own id (so that every call can be checked against its role).
 */
export function functionsOf(
  { path, template, deployment }: DeployedStack,
  outdir: string,
  endpoints: { readonly dynamo: CallerEndpoints; readonly sfn: CallerEndpoints },
  place: FunctionPlacer,
): LocalFunction[] {
  const functions: LocalFunction[] = [];
  for (const [localId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const logicalId = qualifiedId(path, localId);
    const props = resource.Properties ?? {};
    const functionName = String(props.FunctionName ?? logicalId);
    const [bundleFile, handlerExport] = handlerOf(outdir, props);
    const file = place.layout(logicalId, bundleFile, place.layersOf(path, props));
    const variables = resolveIntrinsics(
      (props.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
      deployment,
    ) as Record<string, string>;
    const fn: LocalFunction = {
      logicalId,
      stackPath: path,
      functionName,
      arn: deployment.getAtt(localId, 'Arn'),
      file,
      bundleFile,
      handlerExport,
      environment: {
        ...variables,
        AWS_LAMBDA_FUNCTION_NAME: functionName,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(props.MemorySize ?? 128),
        AWS_REGION: REGION,
        STEPSTER_DYNAMODB_ENDPOINT: endpoints.dynamo.endpointFor(logicalId),
        STEPSTER_SFN_ENDPOINT: endpoints.sfn.endpointFor(logicalId),
      },
      roleLogicalId: ((props.Role as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'] ?? [''])[0],
      timeoutSeconds: Number(props.Timeout ?? 3),
      memorySize: Number(props.MemorySize ?? 128),
    };
    functions.push(fn);
  }
  return functions;
}

/** The state machines of one stack, their definitions with the substitutions applied. */
export function stateMachinesOf({ path, template, deployment }: DeployedStack): LocalStateMachine[] {
  const machines: LocalStateMachine[] = [];
  for (const [localId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const props = resource.Properties ?? {};
    const definitionString = String(props.DefinitionString);
    const substitutions = resolveIntrinsics(props.DefinitionSubstitutions ?? {}, deployment) as Record<string, string>;
    const substituted = definitionString.replace(
      /\$\{([A-Za-z0-9_]+)\}/g,
      (whole, key: string) => substitutions[key] ?? whole,
    );
    const name = String(props.StateMachineName);
    machines.push({
      logicalId: qualifiedId(path, localId),
      stackPath: path,
      roleLogicalId: ((props.RoleArn as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'] ?? [''])[0],
      name,
      arn: deployment.ref(localId),
      definitionString,
      substitutions,
      definition: JSON.parse(substituted) as Record<string, unknown>,
    });
  }
  return machines;
}

function handlerOf(outdir: string, props: Record<string, unknown>): [string, string] {
  const key = String((props.Code as { S3Key?: unknown } | undefined)?.S3Key ?? '');
  const hash = key.replace(/\.zip$/, '');
  if (!hash) throw new Error('a function without an asset: stepster functions are all bundles');
  const [file = 'index', handlerExport = 'handler'] = String(props.Handler).split('.');
  return [join(outdir, `asset.${hash}`, `${file}.mjs`), handlerExport];
}
