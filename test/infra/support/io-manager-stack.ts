// What the IO manager infra tests share: a small job storing outputs through IO managers, its
// stack synthesized with cdk-nag's AwsSolutions rules, and each op function's S3 statements.
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { In, job, Out, op } from 'stepster';
import { StepsterStack } from '../../../infra/stepster-stack.js';
import type { Definitions } from '../../../shared/definitions/definitions.js';
import { fakeBundles } from './fake-bundles.js';
import { type IamStatement, statementsOfRole } from './iam-statements.js';

// extract stores rows through io_manager and its summary through small_io; load reads rows,
// audit reads the summary only.
export const extract = op(
  { name: 'extract', out: { rows: Out(), summary: Out({ ioManagerKey: 'small_io' }) } },
  async () => ({ rows: [1], summary: 'one row' }),
);
const load = op({ name: 'load', ins: { rows: In() } }, async () => 1);
export const audit = op({ name: 'audit', ins: { summary: In() } }, async () => 1);
export const etl = job({ name: 'etl' }, () => {
  const { rows, summary } = extract();
  load(rows);
  audit(summary);
});

/** Synthesizes stage `stage` of `definitions` (cdk-nag checked: a finding fails the synth). */
export function synthIoStack(
  definitions: Definitions,
  options: {
    readonly stage?: string;
    readonly context?: Record<string, unknown>;
    readonly resourceEnv?: Readonly<Record<string, string | undefined>>;
  } = {},
) {
  const stage = options.stage ?? 'io';
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'stepster-cdk-')), context: options.context ?? {} });
  const opNames = [...new Set(definitions.jobs.flatMap((j) => j.nodes.map((n) => n.op.name)))];
  const stack = new StepsterStack(app, `stepster-${stage}`, {
    definitions,
    bundles: fakeBundles(opNames),
    stage,
    ...(options.resourceEnv ? { resourceEnv: options.resourceEnv } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  app.synth();
  return { stack, template: Template.fromStack(stack) };
}

/** The function named `functionName` in the template. */
export function functionNamed(template: Template, functionName: string) {
  const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
    (resource) => resource.Properties?.FunctionName === functionName,
  );
  if (fn === undefined) throw new Error(`no function ${functionName} in the template`);
  return fn;
}

/** The S3 statements of the op function `functionName`'s role. */
export function s3Statements(template: Template, functionName: string): IamStatement[] {
  const role = (functionNamed(template, functionName).Properties?.Role as { 'Fn::GetAtt'?: [string, string] })?.[
    'Fn::GetAtt'
  ]?.[0];
  if (role === undefined) throw new Error(`function ${functionName} has no role in the template`);
  return statementsOfRole(template, role).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
}
