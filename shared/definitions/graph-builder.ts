import { DefinitionError } from '../errors/definition-error.js';
import type { RetryPolicy } from '../retry/retry-policy.js';
import { OutputHandle } from './output-handle.js';
import { type InputWiring, inputRefOf, outputHandleOf } from './dynamic-output-handle.js';
import { mappedInputOf } from './fan-out-wiring.js';
import type { AnyOpDefinition } from './op-definition-type.js';

/** One use of an op inside a job, with its inputs wired to upstream outputs. */
export interface NodeSpec {
  readonly name: string;
  readonly op: AnyOpDefinition;
  /** input name → the upstream output it reads */
  readonly inputs: Readonly<Record<string, InputWiring>>;
  /** distinct upstream node names, in input order */
  readonly upstream: readonly string[];
  /** a retry policy given at the call site (`op.withRetryPolicy(p)(...)`) */
  readonly callSiteRetryPolicy?: RetryPolicy;
  /** Set when the node is mapped (called inside `.map`): the input that receives one item. */
  readonly mappedInput?: string;
  /**
   * Asset jobs only: upstream node → the outputs whose failed blocking checks stop this node.
   * An upstream step that failed only by blocking checks (its state's `failedChecks`) blocks
   * this node when one of them is on a listed output; an upstream missing here blocks it on any
   * failure, as for ops. Inputs declared `ignoreBlockingChecks` leave their output out.
   */
  readonly checkedOutputs?: Readonly<Record<string, readonly string[]>>;
}

/** Records op invocations while a job or graph body runs. */
export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  private readonly names = new Set<string>();

  constructor(readonly graphName: string) {}

  addInvocation(
    op: AnyOpDefinition,
    alias: string | undefined,
    args: readonly unknown[],
    callSiteRetryPolicy: RetryPolicy | undefined,
  ): OutputHandle | Record<string, OutputHandle> {
    const name = alias ?? this.freeName(op.name);
    if (this.names.has(name)) {
      throw new DefinitionError(
        `op "${name}" is used twice in "${this.graphName}". Give one use another name with ${op.name}.alias("${name}_2")(...).`,
        { subject: name },
      );
    }
    const inputs = bindInputs(this.graphName, name, op, args);
    this.names.add(name);
    const upstream = [...new Set(Object.values(inputs).map((i) => i.node))];
    for (const up of upstream) {
      if (!this.names.has(up)) {
        throw new DefinitionError(
          `op "${name}" in "${this.graphName}" reads an output of "${up}", which is not part of this job. Call "${up}" inside the same job body.`,
          { subject: name },
        );
      }
    }
    const mappedInput = mappedInputOf(this.graphName, name, inputs, this.nodes);
    this.nodes.push({
      name,
      op,
      inputs,
      upstream,
      ...(callSiteRetryPolicy ? { callSiteRetryPolicy } : {}),
      ...(mappedInput !== undefined ? { mappedInput } : {}),
    });
    const outNames = Object.keys(op.outs);
    if (outNames.length === 1 && outNames[0] !== undefined)
      return outputHandleOf(name, outNames[0], op.outs[outNames[0]]);
    return Object.fromEntries(outNames.map((o) => [o, outputHandleOf(name, o, op.outs[o])]));
  }

  // Dagster aliases a second use of the same op automatically (op, op_2, op_3...).
  private freeName(base: string): string {
    if (!this.names.has(base)) return base;
    let i = 2;
    while (this.names.has(`${base}_${i}`)) i++;
    return `${base}_${i}`;
  }
}

function bindInputs(
  graphName: string,
  nodeName: string,
  op: AnyOpDefinition,
  args: readonly unknown[],
): Record<string, InputWiring> {
  const inputNames = Object.keys(op.ins);
  const bound: Record<string, InputWiring> = {};
  const where = `op "${nodeName}" in "${graphName}"`;
  const asHandle = (value: unknown, inputName: string): OutputHandle => {
    if (value instanceof OutputHandle) return value;
    if (value && typeof value === 'object' && Object.values(value).every((v) => v instanceof OutputHandle)) {
      const outs = Object.keys(value).join(', ');
      throw new DefinitionError(
        `${where}: input "${inputName}" was given all outputs of a multi-output op. Pass one of them: ${outs} (e.g. const { ${outs.split(', ')[0]} } = upstream()).`,
        { subject: nodeName },
      );
    }
    throw new DefinitionError(
      `${where}: input "${inputName}" must be the output of another op call inside the job body, got ${describe(value)}. Constant inputs belong in op config.`,
      { subject: nodeName },
    );
  };

  const first = args[0];
  const keyed =
    args.length === 1 && first !== null && typeof first === 'object' && !(first instanceof OutputHandle)
      ? (first as Record<string, unknown>)
      : undefined;
  const keyedIsInputs = keyed !== undefined && Object.keys(keyed).every((k) => inputNames.includes(k));
  if (keyed && keyedIsInputs) {
    for (const [k, v] of Object.entries(keyed)) {
      const h = asHandle(v, k);
      bound[k] = inputRefOf(h);
    }
  } else {
    if (args.length > inputNames.length) {
      throw new DefinitionError(
        `${where} takes ${inputNames.length} input(s) (${inputNames.join(', ') || 'none'}) but was called with ${args.length}. Declare more inputs in "ins" or pass fewer.`,
        { subject: nodeName },
      );
    }
    args.forEach((v, i) => {
      const k = inputNames[i]!;
      const h = asHandle(v, k);
      bound[k] = inputRefOf(h);
    });
  }
  for (const k of Object.keys(bound)) {
    if (!inputNames.includes(k)) {
      throw new DefinitionError(`${where} has no input "${k}"; its inputs are: ${inputNames.join(', ') || 'none'}.`, {
        subject: nodeName,
      });
    }
  }
  const missing = inputNames.filter((k) => !(k in bound));
  if (missing.length > 0) {
    throw new DefinitionError(
      `${where}: input "${missing[0]}" is not connected. Pass an upstream output for it, positionally or as { ${missing[0]}: upstream() }.`,
      { subject: nodeName },
    );
  }
  return bound;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'a plain object' : `a ${typeof value}`;
}

const stack: GraphBuilder[] = [];

/** Runs a job/graph body with a builder that records op calls. */
export function buildGraph(graphName: string, body: () => unknown): NodeSpec[] {
  const builder = new GraphBuilder(graphName);
  stack.push(builder);
  try {
    const result = body();
    if (result instanceof Promise) {
      throw new DefinitionError(
        `the body of "${graphName}" is async. Job and graph bodies only wire ops together and must be synchronous; put async work inside ops.`,
        { subject: graphName },
      );
    }
  } finally {
    stack.pop();
  }
  if (builder.nodes.length === 0) {
    throw new DefinitionError(`"${graphName}" has no ops. Call at least one op inside its body.`, {
      subject: graphName,
    });
  }
  return builder.nodes;
}

/** The builder of the job body being evaluated, if any. */
export function currentGraphBuilder(): GraphBuilder | undefined {
  return stack[stack.length - 1];
}
