// The stacks of a cloud assembly as one deployment in a fake account sees them: the stack's own
// template and, for each `AWS::CloudFormation::Stack` resource, the nested template the assembly
// stores beside it (`<path>.nested.template.json`). The parent names that file only through its
// TemplateURL, which ends in the asset's hash; the asset manifest (`*.assets.json`) maps the hash
// to the file. Inside a nested stack, a `Ref` to one of its Parameters resolves to what the parent
// passes; in the parent, `Fn::GetAtt [<nested stack>, Outputs.<name>]` to that output's value.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FakeDeployment, resolveIntrinsics } from './cfn-intrinsics.js';
import type { CfnTemplate } from './stepster-synth.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** One stack of the deployment, nested or not. */
export interface DeployedStack {
  /** '' for the stack itself; for a nested stack, the logical ids of the stack resources from the top, joined by '.'. */
  readonly path: string;
  readonly template: CfnTemplate;
  /** Resolves this template's intrinsics. */
  readonly deployment: FakeDeployment;
}

/**
 * The id of a resource unique across the deployment: its logical id, prefixed with its nested
 * stack's path. Logical ids are alphanumeric, so '.' never occurs in one (and is safe in a URL path).
 */
export function qualifiedId(stackPath: string, logicalId: string): string {
  return stackPath === '' ? logicalId : `${stackPath}.${logicalId}`;
}

/** Every stack of the deployment, the top one first, then nested ones depth-first. */
export function deployedStacks(outdir: string, template: CfnTemplate): DeployedStack[] {
  const files = nestedTemplateFiles(outdir);
  const stacks: DeployedStack[] = [];
  const visit = (path: string, stackTemplate: CfnTemplate, parameters: Readonly<Record<string, string>>): void => {
    const nested = new Map<string, DeployedStack>();
    const deployment = fakeDeployment(stackTemplate, {
      parameters,
      // Resolved on first use: the parent's resources are all known by then.
      output: (logicalId, name) => {
        const child = nested.get(logicalId);
        const value = child?.template.Outputs?.[name] as { Value?: unknown } | undefined;
        if (!child || value === undefined) throw new Error(`nested stack ${logicalId} has no output ${name}`);
        return String(resolveIntrinsics(value.Value, child.deployment));
      },
    });
    stacks.push({ path, template: stackTemplate, deployment });
    for (const [logicalId, resource] of Object.entries(stackTemplate.Resources)) {
      if (resource.Type !== 'AWS::CloudFormation::Stack') continue;
      const hash = /([0-9a-f]{64})\.json/.exec(JSON.stringify(resource.Properties?.TemplateURL))?.[1];
      const file = hash === undefined ? undefined : files.get(hash);
      if (file === undefined)
        throw new Error(`nested stack ${logicalId}: no template in ${outdir} for its TemplateURL`);
      const nestedTemplate = JSON.parse(readFileSync(join(outdir, file), 'utf8')) as CfnTemplate;
      const nestedParameters = resolveIntrinsics(resource.Properties?.Parameters ?? {}, deployment) as Record<
        string,
        string
      >;
      const before = stacks.length;
      visit(qualifiedId(path, logicalId), nestedTemplate, nestedParameters);
      const child = stacks[before];
      if (child) nested.set(logicalId, child);
    }
  };
  visit('', template, {});
  return stacks;
}

/** Asset hash → file, for the file assets of the assembly (templates among them). */
function nestedTemplateFiles(outdir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(outdir)) {
    if (!name.endsWith('.assets.json')) continue;
    const manifest = JSON.parse(readFileSync(join(outdir, name), 'utf8')) as {
      files?: Record<string, { source?: { path?: string } }>;
    };
    for (const [hash, asset] of Object.entries(manifest.files ?? {})) {
      if (asset.source?.path) files.set(hash, asset.source.path);
    }
  }
  return files;
}

/**
 * What a template's `Ref`s and `Fn::GetAtt`s resolve to in the fake account: physical names for
 * the resources stepster names, ARNs built from them, and for a nested stack its parameters and
 * outputs.
 */
export function fakeDeployment(
  template: CfnTemplate,
  nesting: {
    readonly parameters?: Readonly<Record<string, string>>;
    readonly output?: (logicalId: string, name: string) => string;
  } = {},
): FakeDeployment {
  const resources = template.Resources;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
  const nameOf = (id: string, key: string) => String(resources[id]?.Properties?.[key] ?? id);
  const deployment: FakeDeployment = {
    account: ACCOUNT,
    region: REGION,
    partition: 'aws',
    ref(id) {
      const parameter = nesting.parameters?.[id];
      if (parameter !== undefined) return parameter;
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
      if (type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
        if (!nesting.output) throw new Error(`GetAtt ${id}.${attribute}: no nested stacks known`);
        return nesting.output(id, attribute.slice('Outputs.'.length));
      }
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
