import { isAbsolute, resolve } from 'node:path';
import { Annotations, App, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StepsterEnv } from '../shared/environment/environment-variable.js';
import type { Definitions } from '../shared/definitions/definitions.js';
import { DEFAULT_DEFINITIONS_FILE, loadDefinitions } from '../shared/definitions/load-definitions.js';
import { buildFunctionBundles, type FunctionBundles } from './bundling/function-bundles.js';
import { STAGE_PATTERN, StepsterStack, type StepsterStackProps } from './stepster-stack.js';

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
  /**
   * Lambda's application log level for every function (`-c logLevel=`): TRACE, DEBUG, INFO,
   * WARN, ERROR or FATAL. Above INFO, Lambda drops the JSON console logger's INFO lines.
   * @default - DEBUG for the stage `dev`, INFO otherwise
   */
  readonly logLevel?: string;
  /** KMS key ARN for the log groups (`-c logsKmsKeyArn=`). @default - none */
  readonly logsKmsKeyArn?: string;
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
    throw new Error(
      `stage "${stage}" is invalid: use 1-20 lowercase letters, digits and '-', starting with a letter (e.g. -c stage=prod).`,
    );
  }
  // Checked before the (slow) bundling, so a typo fails at once.
  if (options.logLevel !== undefined) parseApplicationLogLevel(options.logLevel);
  const chosen = options.definitionsFile ?? DEFAULT_DEFINITIONS_FILE;
  const definitionsFile = isAbsolute(chosen) ? chosen : resolve(process.cwd(), chosen);
  process.env[StepsterEnv.STAGE] = stage;
  // What this stage deploys (`stages` of the Definitions); the functions make the same choice at run time.
  const definitions = (await loadDefinitions(definitionsFile, { howToChoose: 'Pass -c definitions=<path>' })).forStage(
    stage,
  );
  const opNames = [...new Set(definitions.jobs.flatMap((job) => job.nodes.map((node) => node.op.name)))];
  const bundles = await buildFunctionBundles({ definitionsFile, opNames, cache: options.bundleCache ?? true });
  const applicationLogLevel = options.logLevel !== undefined ? parseApplicationLogLevel(options.logLevel) : undefined;
  const stack = new StepsterStack(app, `stepster-${stage}`, {
    ...(options.stackProps ?? {}),
    ...(applicationLogLevel ? { applicationLogLevel } : {}),
    ...(options.logsKmsKeyArn !== undefined ? { logsKmsKeyArn: options.logsKmsKeyArn } : {}),
    definitions,
    bundles,
    stage,
  });
  if (
    applicationLogLevel &&
    LEVEL_ORDER.indexOf(applicationLogLevel) > LEVEL_ORDER.indexOf(lambda.ApplicationLogLevel.INFO)
  ) {
    Annotations.of(stack).addWarningV2(
      'stepster:logLevel',
      `logLevel ${applicationLogLevel} is above INFO: Lambda drops the JSON console logger's DEBUG and INFO lines (and INFO is its default level). Use -c logLevel=INFO or lower to keep them.`,
    );
  }
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, definitions, bundles, definitionsFile };
}

const LEVEL_ORDER: readonly lambda.ApplicationLogLevel[] = [
  lambda.ApplicationLogLevel.TRACE,
  lambda.ApplicationLogLevel.DEBUG,
  lambda.ApplicationLogLevel.INFO,
  lambda.ApplicationLogLevel.WARN,
  lambda.ApplicationLogLevel.ERROR,
  lambda.ApplicationLogLevel.FATAL,
];

/** `-c logLevel=` as Lambda's application log level (case-insensitive; WARNING and CRITICAL as Dagster spells them). */
export function parseApplicationLogLevel(text: string): lambda.ApplicationLogLevel {
  const word = text.trim().toUpperCase();
  const aliased = word === 'WARNING' ? 'WARN' : word === 'CRITICAL' ? 'FATAL' : word;
  const level = LEVEL_ORDER.find((candidate) => candidate === aliased);
  if (!level) {
    throw new Error(
      `logLevel "${text}" is not a Lambda application log level: use one of ${LEVEL_ORDER.join(', ')} (e.g. -c logLevel=INFO).`,
    );
  }
  return level;
}
