// Synthesizes a stepster app the way `cdk synth` does (bundles, assets, cdk-nag), into a
// temporary cloud assembly, once per test file.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { createStepsterApp, type StepsterApp } from '../../../infra/stepster-app.js';

/** A synthesized app: the constructs, and the template and assets as `cdk deploy` would upload them. */
export interface SynthesizedStepster extends StepsterApp {
  /** The cloud assembly directory (templates and `asset.<hash>` directories). */
  readonly outdir: string;
  /** The stack's CloudFormation template. */
  readonly template: CfnTemplate;
  /** Seconds the synth took (bundling included). */
  readonly synthSeconds: number;
}

/** The parts of a CloudFormation template the tests read. */
export interface CfnTemplate {
  readonly Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; DependsOn?: unknown }
  >;
  readonly Outputs?: Record<string, unknown>;
}

/**
 * Builds and synthesizes the stepster app for a Definitions module and stage.
 *
 * @example
 * const synth = await synthStepster({ definitionsFile: 'examples/definitions.ts', stage: 'test' });
 */
export async function synthStepster(options: { definitionsFile: string; stage: string }): Promise<SynthesizedStepster> {
  const started = performance.now();
  const outdir = mkdtempSync(join(tmpdir(), 'stepster-cdk-'));
  const built = await createStepsterApp({
    app: new App({ outdir }),
    stage: options.stage,
    definitionsFile: options.definitionsFile,
  });
  const assembly = built.app.synth();
  const artifact = assembly.getStackByName(built.stack.stackName);
  const template = JSON.parse(readFileSync(join(outdir, artifact.templateFile), 'utf8')) as CfnTemplate;
  return { ...built, outdir, template, synthSeconds: (performance.now() - started) / 1000 };
}
