import { DefinitionError } from '../errors/definition-error.js';
import type { OutputDefinition } from './out.js';
import { OutputHandle } from './output-handle.js';

/** How an input reads a fan-out: one item (inside `.map`), or all of them (`.collect()`). */
export const FanInKind = {
  /** `files().collect()`: the emitter's items themselves. */
  ITEMS: 'items',
  /** `files().map(process).collect()`: the output of every mapped step. */
  MAPPED: 'mapped',
} as const;
export type FanInKind = (typeof FanInKind)[keyof typeof FanInKind];

/** One input's wiring: the upstream output it reads, and how, when that output fans out. */
export interface InputWiring {
  readonly node: string;
  readonly output: string;
  /** Set on the input that receives one item inside `.map(...)`. */
  readonly item?: true;
  /** Set on an input given `.collect()`: it receives a list, in emission order. */
  readonly collect?: FanInKind;
  /** With `collect`: the dynamic output whose mapping keys order the list. */
  readonly fanOut?: FanOutSource;
}

/** A dynamic output: the emitter node and the name of its `DynamicOut`. */
export interface FanOutSource {
  readonly node: string;
  readonly output: string;
}

/** The handle a `.map(fn)` passes to `fn`: one item of the dynamic output. */
export class MappedItemHandle extends OutputHandle {}

/** A `.collect()`: all items (or all mapped results) as one list. */
export class CollectedOutputHandle extends OutputHandle {
  constructor(
    node: string,
    output: string,
    readonly kind: FanInKind,
    readonly fanOut: FanOutSource,
  ) {
    super(node, output);
  }
}

/** What `.map(fn)` returns: the output of the mapped op, one per item, to `.collect()`. */
export class MappedOutputHandle extends OutputHandle {
  constructor(
    node: string,
    output: string,
    /** The dynamic output this map fans out from. */
    readonly fanOut: FanOutSource,
  ) {
    super(node, output);
  }

  /**
   * All results of the mapped op, as a list in the order the items were emitted; `[]` when
   * the fan-out emitted none.
   *
   * @example
   * merge(files().map(process).collect());
   */
  collect(): CollectedOutputHandle {
    return new CollectedOutputHandle(this.node, this.output, FanInKind.MAPPED, this.fanOut);
  }

  /** Not supported yet: one op per `.map`. */
  map(_fn: (item: OutputHandle) => unknown): never {
    throw new DefinitionError(
      `the results of mapped op "${this.node}" are mapped again: chaining maps is not supported yet. Map the chain's ops in one op, or collect() and fan out again from an op with a DynamicOut`,
      { subject: this.node },
    );
  }
}

/** The handle of a `DynamicOut` output: `.map(op)` fans out, `.collect()` gathers the items. */
export class DynamicOutputHandle extends OutputHandle {
  /**
   * Runs `fn` once per item at run time: each op `fn` calls becomes one step per mapping key,
   * `op[mappingKey]`. `fn` calls exactly one op and returns its output.
   *
   * @example
   * const results = files().map((f) => process(f)); // or files().map(process)
   */
  map(fn: (item: OutputHandle) => unknown): MappedOutputHandle {
    const result = fn(new MappedItemHandle(this.node, this.output));
    if (!(result instanceof OutputHandle) || result instanceof MappedItemHandle) {
      throw new DefinitionError(
        `the function given to ${this.node}().map(...) must call one op with the item and return its output, e.g. .map((f) => process(f))`,
        { subject: this.node },
      );
    }
    return new MappedOutputHandle(result.node, result.output, { node: this.node, output: this.output });
  }

  /**
   * The items themselves, as one list in emission order.
   *
   * @example
   * merge(files().collect());
   */
  collect(): CollectedOutputHandle {
    return new CollectedOutputHandle(this.node, this.output, FanInKind.ITEMS, { node: this.node, output: this.output });
  }
}

/** The handle a job body gets for output `output` of node `node`. */
export function outputHandleOf(node: string, output: string, definition: OutputDefinition | undefined): OutputHandle {
  return definition?.dynamic ? new DynamicOutputHandle(node, output) : new OutputHandle(node, output);
}

/** The input wiring a handle stands for. */
export function inputRefOf(handle: OutputHandle): InputWiring {
  const ref = { node: handle.node, output: handle.output };
  if (handle instanceof MappedItemHandle) return { ...ref, item: true };
  if (handle instanceof CollectedOutputHandle) return { ...ref, collect: handle.kind, fanOut: handle.fanOut };
  return ref;
}
