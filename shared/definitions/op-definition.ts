import type { z } from 'zod';
import { DefinitionError } from '../errors/definition-error.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import { assertValidDefinitionName } from './definition-name.js';
import { currentGraphBuilder } from './graph-builder.js';
import type { InputDefinition } from './in.js';
import type {
  AnyOpDefinition,
  CallResult,
  InsShape,
  OpBody,
  OpDefinition,
  OpLambdaOptions,
  OutsShape,
} from './op-definition-type.js';
import { MAX_MEMORY_MB, MAX_TIMEOUT_SECONDS, MIN_MEMORY_MB, MIN_TIMEOUT_SECONDS } from './lambda-limits.js';
import { DEFAULT_OUTPUT_NAME, Out, type OutputDefinition } from './out.js';

/** Options of {@link op}. */
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
  /**
   * Keys of the `Definitions({ resources })` the body reads; `context.resources` holds exactly
   * these, as in Dagster. A key the Definitions lack is a DefinitionError.
   * @default []
   */
  readonly requiredResourceKeys?: readonly string[];
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
  assertValidDefinitionName(options?.name, 'op');
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
    assertValidDefinitionName(k, `op "${options.name}" output`);
    if (v?.kind !== 'output') {
      throw new DefinitionError(`op "${options.name}" output "${k}" must be declared with Out(...).`, {
        subject: options.name,
      });
    }
  }
  const ins = (options.ins ?? {}) as Ins;
  for (const [k, v] of Object.entries(ins)) {
    assertValidDefinitionName(k, `op "${options.name}" input`);
    if (v?.kind !== 'input') {
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
      requiredResourceKeys: Object.freeze([...new Set(options.requiredResourceKeys ?? [])]),
      body,
      alias: (name: string): ((...args: unknown[]) => CallResult<Outs>) => {
        assertValidDefinitionName(name, `alias of op "${options.name}"`);
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
