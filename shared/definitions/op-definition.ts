import type { z } from 'zod';
import { DefinitionError } from '../errors/index.js';
import type { Output, UserEvent } from '../events/index.js';
import type { RetryPolicy } from '../retry/index.js';
import type { InputDefinition } from './in.js';
import type { OpExecutionContext } from './op-execution-context.js';
import { DEFAULT_OUTPUT_NAME, Out, type OutputDefinition } from './out.js';
import { currentGraphBuilder } from './graph-builder.js';
import type { OutputHandle } from './output-handle.js';
import { MAX_MEMORY_MB, MAX_TIMEOUT_SECONDS, MIN_MEMORY_MB, MIN_TIMEOUT_SECONDS } from './lambda-limits.js';

/** Deployment knobs of an op's Lambda function. */
export interface OpLambdaOptions {
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 60 */
  readonly timeoutSeconds?: number;
}

type InsShape = Record<string, InputDefinition>;
type OutsShape = Record<string, OutputDefinition>;

type InputValue<I> = I extends InputDefinition<infer S> ? (S extends z.ZodType ? z.infer<S> : unknown) : unknown;
/** The inputs object an op body receives. */
export type InputsOf<Ins extends InsShape> = { [K in keyof Ins]: InputValue<Ins[K]> };

type ConfigOf<C> = C extends z.ZodType ? z.infer<C> : Record<string, never>;

/** What an op body may produce. */
export type OpBodyResult = unknown;
export type OpBody<C, Ins extends InsShape> = (
  context: OpExecutionContext<ConfigOf<C>>,
  inputs: InputsOf<Ins>,
) => Promise<OpBodyResult> | OpBodyResult | AsyncGenerator<Output<unknown> | UserEvent, unknown, unknown>;

export interface OpOptions<C extends z.ZodType | undefined, Ins extends InsShape, Outs extends OutsShape> {
  /** Unique op name: letters, digits and underscores, ≤ 64 characters. */
  readonly name: string;
  readonly description?: string;
  /** Run config schema for this op (`runConfig.ops.<name>.config`), validated before any op runs. */
  readonly config?: C;
  readonly ins?: Ins;
  /** @default { result: Out() } */
  readonly out?: Outs;
  readonly retryPolicy?: RetryPolicy;
  readonly lambda?: OpLambdaOptions;
  readonly tags?: Record<string, string>;
}

type CallResult<Outs extends OutsShape> = keyof Outs extends never
  ? OutputHandle
  : string extends keyof Outs
    ? OutputHandle
    : [keyof Outs] extends [infer Only]
      ? IsUnion<Only> extends true
        ? { [K in keyof Outs]: OutputHandle }
        : OutputHandle
      : never;
type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/** An op: callable inside a job body to wire it, and inspectable everywhere else. */
export interface OpDefinition<
  C extends z.ZodType | undefined = z.ZodType | undefined,
  Ins extends InsShape = InsShape,
  Outs extends OutsShape = OutsShape,
> {
  (...inputs: OutputHandle[]): CallResult<Outs>;
  (inputs: Partial<Record<keyof Ins, OutputHandle>>): CallResult<Outs>;
  readonly kind: 'op';
  readonly name: string;
  readonly description?: string;
  readonly configSchema?: C;
  readonly ins: Ins;
  readonly outs: Outs;
  readonly retryPolicy?: RetryPolicy;
  readonly lambda: Required<OpLambdaOptions>;
  readonly tags: Readonly<Record<string, string>>;
  readonly body: OpBody<C, Ins>;
  /** The same op under another name, to use it twice in one job. */
  alias(name: string): (...args: unknown[]) => CallResult<Outs>;
  /** This call site retries with `policy` (beats the op's and the job's policy). */
  withRetryPolicy(policy: RetryPolicy): (...args: unknown[]) => CallResult<Outs>;
}

// biome-ignore lint/suspicious/noExplicitAny: the erased form of any op, for collections
export type AnyOpDefinition = OpDefinition<any, any, any>;

export const OP_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_NAME = 64;

/** Checks a name used as an op/node name (it becomes a state name and part of Lambda names). */
export function assertValidNodeName(name: unknown, what: string): asserts name is string {
  if (typeof name !== 'string' || !OP_NAME_PATTERN.test(name) || name.length > MAX_NAME) {
    throw new DefinitionError(
      `${what} name ${JSON.stringify(name)} is invalid: use letters, digits and underscores, starting with a letter or underscore, at most ${MAX_NAME} characters (e.g. "fetch_sales").`,
      { subject: String(name) },
    );
  }
}

/**
 * Defines an op, like Dagster's `@op`.
 *
 * @example
 * const fetchSales = op({ name: 'fetch_sales', config: z.object({ date: z.string() }) },
 *   async (context) => {
 *     context.log.info(`loading ${context.opConfig.date}`);
 *     return new Output(rows, { metadata: { rowCount: rows.length } });
 *   });
 */
export function op<
  C extends z.ZodType | undefined = undefined,
  Ins extends InsShape = Record<never, InputDefinition>,
  Outs extends OutsShape = { result: OutputDefinition },
>(options: OpOptions<C, Ins, Outs>, body: OpBody<C, Ins>): OpDefinition<C, Ins, Outs> {
  assertValidNodeName(options?.name, 'op');
  if (typeof body !== 'function') {
    throw new DefinitionError(`op "${options.name}" has no body: pass a function as the second argument.`, {
      subject: options.name,
    });
  }
  const outs = (options.out ?? { [DEFAULT_OUTPUT_NAME]: Out() }) as Outs;
  if (Object.keys(outs).length === 0) {
    throw new DefinitionError(`op "${options.name}" declares "out: {}". Declare at least one output or omit "out".`, {
      subject: options.name,
    });
  }
  for (const [k, v] of Object.entries(outs)) {
    assertValidNodeName(k, `op "${options.name}" output`);
    if (!v || v.kind !== 'output') {
      throw new DefinitionError(`op "${options.name}" output "${k}" must be declared with Out(...).`, {
        subject: options.name,
      });
    }
  }
  const ins = (options.ins ?? {}) as Ins;
  for (const [k, v] of Object.entries(ins)) {
    assertValidNodeName(k, `op "${options.name}" input`);
    if (!v || v.kind !== 'input') {
      throw new DefinitionError(`op "${options.name}" input "${k}" must be declared with In(...).`, {
        subject: options.name,
      });
    }
  }
  const lambda = {
    memorySize: options.lambda?.memorySize ?? 512,
    timeoutSeconds: options.lambda?.timeoutSeconds ?? 60,
  };
  if (!Number.isInteger(lambda.memorySize) || lambda.memorySize < MIN_MEMORY_MB || lambda.memorySize > MAX_MEMORY_MB) {
    throw new DefinitionError(
      `op "${options.name}" lambda.memorySize must be an integer from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB} (MB), got ${lambda.memorySize}.`,
      { subject: options.name },
    );
  }
  if (
    !Number.isInteger(lambda.timeoutSeconds) ||
    lambda.timeoutSeconds < MIN_TIMEOUT_SECONDS ||
    lambda.timeoutSeconds > MAX_TIMEOUT_SECONDS
  ) {
    throw new DefinitionError(
      `op "${options.name}" lambda.timeoutSeconds must be an integer from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS} (Lambda's limit), got ${lambda.timeoutSeconds}.`,
      { subject: options.name },
    );
  }

  const invoke = (alias: string | undefined, policy: RetryPolicy | undefined, args: unknown[]): CallResult<Outs> => {
    const builder = currentGraphBuilder();
    if (!builder) {
      throw new DefinitionError(
        `op "${options.name}" was called outside a job or graph body. Wire ops inside job({...}, () => { ... }); to run one op directly in a test use ${options.name}.body(buildOpContext(...), inputs).`,
        { subject: options.name },
      );
    }
    return builder.addInvocation(definition as AnyOpDefinition, alias, args, policy) as CallResult<Outs>;
  };

  const definition: object = Object.assign(
    (...args: unknown[]): CallResult<Outs> => invoke(undefined, undefined, args),
    {
      kind: 'op' as const,
      ...(options.description !== undefined ? { description: options.description } : {}),
      ...(options.config !== undefined ? { configSchema: options.config } : {}),
      ins,
      outs,
      ...(options.retryPolicy !== undefined ? { retryPolicy: options.retryPolicy } : {}),
      lambda,
      tags: Object.freeze({ ...(options.tags ?? {}) }),
      body,
      alias: (name: string): ((...args: unknown[]) => CallResult<Outs>) => {
        assertValidNodeName(name, `alias of op "${options.name}"`);
        return (...args: unknown[]) => invoke(name, undefined, args);
      },
      withRetryPolicy:
        (policy: RetryPolicy): ((...args: unknown[]) => CallResult<Outs>) =>
        (...args: unknown[]) =>
          invoke(undefined, policy, args),
    },
  );
  Object.defineProperty(definition, 'name', { value: options.name });
  return definition as unknown as OpDefinition<C, Ins, Outs>;
}
