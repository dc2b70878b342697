import type { z } from 'zod';
import type { Output } from '../events/output.js';
import type { UserEvent } from '../events/user-event.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import type { AssetSpec } from './asset-spec.js';
import type { InputDefinition } from './in.js';
import type { OpExecutionContext } from './op-execution-context.js';
import type { OutputDefinition } from './out.js';
import type { OutputHandle } from './output-handle.js';
import type { DynamicOutputHandle } from './dynamic-output-handle.js';
import type { DynamicOutput } from '../events/dynamic-output.js';

// What an op is, apart from `op()` that makes one. The graph builder records ops by these types
// and `op()` calls into the graph builder, so the types stand below both: no import circle.

/** Deployment knobs of an op's Lambda function. */
export interface OpLambdaOptions {
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 60 */
  readonly timeoutSeconds?: number;
}

/** An op's inputs: input name → `In(...)`. */
export type InsShape = Record<string, InputDefinition>;
/** An op's outputs: output name → `Out(...)`. */
export type OutsShape = Record<string, OutputDefinition>;

type InputValue<I> = I extends InputDefinition<infer S> ? (S extends z.ZodType ? z.infer<S> : unknown) : unknown;
/** The inputs object an op body receives. */
export type InputsOf<Ins extends InsShape> = { [K in keyof Ins]: InputValue<Ins[K]> };

type ConfigOf<C> = C extends z.ZodType ? z.infer<C> : Record<string, never>;

/** What an op body may produce. */
export type OpBodyResult = unknown;
export type OpBody<C, Ins extends InsShape> = (
  context: OpExecutionContext<ConfigOf<C>>,
  inputs: InputsOf<Ins>,
) =>
  | Promise<OpBodyResult>
  | OpBodyResult
  | AsyncGenerator<Output<unknown> | DynamicOutput<unknown> | UserEvent, unknown, unknown>;

/** The handle of one output: a `DynamicOut` output's handle can `.map` and `.collect()`. */
type HandleOf<O> = O extends { readonly dynamic: true } ? DynamicOutputHandle : OutputHandle;

/** What calling an op in a job body returns: one handle, or one per output of a multi-output op. */
export type CallResult<Outs extends OutsShape> = keyof Outs extends never
  ? OutputHandle
  : string extends keyof Outs
    ? OutputHandle
    : [keyof Outs] extends [infer Only]
      ? IsUnion<Only> extends true
        ? { [K in keyof Outs]: HandleOf<Outs[K]> }
        : Only extends keyof Outs
          ? HandleOf<Outs[Only]>
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
  /** The resource keys `context.resources` holds. */
  readonly requiredResourceKeys: readonly string[];
  readonly body: OpBody<C, Ins>;
  /** Set when this op is an asset's (made by `asset()`): the key it materializes. */
  readonly asset?: AssetSpec;
  /** The same op under another name, to use it twice in one job. */
  alias(name: string): (...args: unknown[]) => CallResult<Outs>;
  /** This call site retries with `policy` (beats the op's and the job's policy). */
  withRetryPolicy(policy: RetryPolicy): (...args: unknown[]) => CallResult<Outs>;
}

/**
 * The erased form of every op, for collections (jobs, selections, bundles): its facts, and a
 * body whose parameters are erased. Every `OpDefinition` is one. The one caller of the body
 * (`runOpBody`) restores its type: the graph checked the inputs against `ins` when it was built.
 */
export interface AnyOpDefinition {
  readonly kind: 'op';
  readonly name: string;
  readonly description?: string;
  readonly configSchema?: z.ZodType;
  readonly ins: InsShape;
  readonly outs: OutsShape;
  readonly retryPolicy?: RetryPolicy;
  readonly lambda: Required<OpLambdaOptions>;
  readonly tags: Readonly<Record<string, string>>;
  readonly requiredResourceKeys: readonly string[];
  readonly body: (context: never, inputs: never) => unknown;
  readonly asset?: AssetSpec;
  alias(name: string): (...args: unknown[]) => unknown;
  withRetryPolicy(policy: RetryPolicy): (...args: unknown[]) => unknown;
}
