import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AwsEnvironment } from '../shared/aws/aws-environment.js';
import type { Definitions } from '../shared/definitions/definitions.js';
import { buildFunctionBundles, type FunctionBundles } from './bundling/function-bundles.js';
import { STAGE_PATTERN, StepsterStack, type StepsterStackProps } from './stepster-stack.js';

/** The Definitions module `cdk synth` deploys unless `-c definitions=<path>` says otherwise. */
export const DEFAULT_DEFINITIONS_FILE = 'examples/definitions.ts';
/** The stage unless `-c stage=<name>` says otherwise. */
export const DEFAULT_STAGE = 'dev';

/** Options of {@link createStepsterApp}. */
export interface StepsterAppOptions {
  /** @default a new App */
  readonly app?: App;
  /** @default 'dev' */
  readonly stage?: string;
  /** The Definitions module, absolute or relative to the working directory. @default 'examples/definitions.ts' */
  readonly definitionsFile?: string;
  /** Reuse bundles whose inputs are unchanged. @default true */
  readonly bundleCache?: boolean;
  /** Run cdk-nag's AwsSolutions checks at synth. @default true */
  readonly nag?: boolean;
  /** More stack properties (e.g. `sweepInterval`). */
  readonly stackProps?: Partial<Omit<StepsterStackProps, 'definitions' | 'bundles' | 'stage'>>;
}

/** What {@link createStepsterApp} built. */
export interface StepsterApp {
  readonly app: App;
  readonly stack: StepsterStack;
  readonly definitions: Definitions;
  readonly bundles: FunctionBundles;
  readonly definitionsFile: string;
}

/**
 * Loads a Definitions module (with `STEPSTER_STAGE` set, so it can choose jobs and loggers
 * per stage), bundles its Lambda code, and adds the `stepster-<stage>` stack to the app
 * with cdk-nag's AwsSolutions checks. The stack is environment-agnostic: synth needs no
 * AWS credentials.
 *
 * @example
 * const { app } = await createStepsterApp({ stage: 'prod' });
 * app.synth();
 */
export async function createStepsterApp(options: StepsterAppOptions = {}): Promise<StepsterApp> {
  const app = options.app ?? new App();
  const stage = options.stage ?? DEFAULT_STAGE;
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`stage "${stage}" is invalid: use 1-20 lowercase letters, digits and '-', starting with a letter (e.g. -c stage=prod).`);
  }
  const chosen = options.definitionsFile ?? DEFAULT_DEFINITIONS_FILE;
  const definitionsFile = isAbsolute(chosen) ? chosen : resolve(process.cwd(), chosen);
  process.env[AwsEnvironment.STAGE] = stage;
  // What this stage deploys (`stages` of the Definitions); the functions make the same choice at run time.
  const definitions = (await loadDefinitions(definitionsFile)).forStage(stage);
  const opNames = [...new Set(definitions.jobs.flatMap((job) => job.nodes.map((node) => node.op.name)))];
  const bundles = await buildFunctionBundles({ definitionsFile, opNames, cache: options.bundleCache ?? true });
  const stack = new StepsterStack(app, `stepster-${stage}`, { ...(options.stackProps ?? {}), definitions, bundles, stage });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, definitions, bundles, definitionsFile };
}

/** Imports a module whose default export is a Definitions. */
export async function loadDefinitions(file: string): Promise<Definitions> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new Error(`cannot load the definitions module ${file}: ${(error as Error).message}. Pass -c definitions=<path> to a module whose default export is a Definitions.`, {
      cause: error,
    });
  }
  const definitions = module.default;
  if (!definitions || typeof definitions !== 'object' || (definitions as { kind?: unknown }).kind !== 'definitions') {
    throw new Error(`${file} must \`export default new Definitions({ jobs: [...] })\`.`);
  }
  return definitions as Definitions;
}
