import type { z } from 'zod';
import type { AnyOpDefinition } from '../definitions/op-definition-type.js';
import type { OpExecutionContext } from '../definitions/op-execution-context.js';
import { TypeCheckError } from '../errors/type-check-error.js';
import { isUserEvent } from '../events/user-event.js';
import { Output } from '../events/output.js';
import { DynamicOutput } from '../events/dynamic-output.js';
import { DynamicItems } from './dynamic-items.js';
import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import { OpContractError } from './op-contract-error.js';
import type { JournalEntry } from './op-journal.js';

/**
 * Runs an op body and records, in order, the events it logged or yielded and the outputs
 * it produced (type-checked against `Out({ schema })`). Throws what the body throws, after
 * journaling the events it logged before the throw.
 */
export async function runOpBody(
  op: AnyOpDefinition,
  nodeName: string,
  context: OpExecutionContext,
  inputs: Record<string, unknown>,
  journal: JournalEntry[],
): Promise<void> {
  const now = () => new Date().toISOString();
  const drainLogged = () => {
    for (const event of context.loggedEvents.splice(0)) {
      if (event instanceof Output) {
        throw new OpContractError(
          `op "${nodeName}" passed an Output to context.logEvent. Return or yield outputs instead.`,
        );
      }
      journal.push({ kind: 'event', event, at: now() });
    }
  };
  const seen = new Set<string>();
  const emit = (name: string, value: unknown, metadata: RawMetadata | undefined, dataVersion?: string) => {
    drainLogged();
    const def = op.outs[name];
    if (!def) {
      throw new OpContractError(
        `op "${nodeName}" produced output "${name}", which it does not declare. Declared outputs: ${Object.keys(op.outs).join(', ')}.`,
      );
    }
    if (def.dynamic) {
      throw new OpContractError(
        `op "${nodeName}" produced a plain value for DynamicOut "${name}". Yield new DynamicOutput(value, { mappingKey, outputName: '${name}' }) per item.`,
      );
    }
    if (seen.has(name)) {
      throw new OpContractError(`op "${nodeName}" produced output "${name}" twice. Each output is produced once.`);
    }
    seen.add(name);
    typeCheck(nodeName, name, def.schema, value);
    const added = context.addedOutputMetadata.get(name) ?? context.addedOutputMetadata.get('');
    const where = `output "${name}" of op "${nodeName}"`;
    journal.push({
      kind: 'output',
      name,
      value,
      metadata: normalizeMetadata({ ...(def.metadata ?? {}), ...(metadata ?? {}), ...(added ?? {}) }, where),
      ...(dataVersion !== undefined ? { dataVersion } : {}),
      at: now(),
    });
  };
  const outNames = Object.keys(op.outs);
  const dynamicItems = new DynamicItems(op, nodeName);
  const single = outNames.length === 1 ? outNames[0] : undefined;
  const emitOutput = (o: Output<unknown>, fallback?: string) => {
    let name = o.outputName;
    if (single !== undefined && name === 'result' && !op.outs.result) name = single;
    if (fallback !== undefined && o.outputName !== fallback && o.outputName !== 'result') {
      throw new OpContractError(
        `op "${nodeName}" returned Output(outputName: "${o.outputName}") under key "${fallback}". Use the same name for both.`,
      );
    }
    emit(fallback ?? name, o.value, o.metadata as RawMetadata | undefined, o.dataVersion?.value);
  };

  try {
    // The erased body, typed back: the graph checked the inputs against the op's ins when it was built.
    const body = op.body as (context: OpExecutionContext<unknown>, values: Record<string, unknown>) => unknown;
    const result: unknown = body(context, inputs);
    if (isGenerator(result)) {
      for (;;) {
        const step = await result.next();
        drainLogged();
        if (step.done) {
          if (step.value !== undefined) {
            throw new OpContractError(
              `op "${nodeName}" is a generator and returned a value. Yield outputs instead: yield new Output(value).`,
            );
          }
          break;
        }
        const item: unknown = step.value;
        if (item instanceof Output) emitOutput(item);
        else if (item instanceof DynamicOutput) {
          drainLogged();
          dynamicItems.add(item, journal);
        } else if (isUserEvent(item)) journal.push({ kind: 'event', event: item, at: now() });
        else {
          throw new OpContractError(
            `op "${nodeName}" yielded ${describe(item)}. A generator op yields Output, AssetMaterialization, AssetObservation, ExpectationResult or AssetCheckResult.`,
          );
        }
      }
    } else {
      const value = await result;
      drainLogged();
      if (single !== undefined) {
        if (value instanceof Output) emitOutput(value);
        else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof DynamicOutput)) {
          for (const item of value) dynamicItems.add(item, journal);
        } else if (op.outs[single]?.dynamic && Array.isArray(value) && value.length === 0) {
          // An empty list of DynamicOutputs: an empty fan-out.
        } else emit(single, value, undefined);
      } else {
        if (value === null || typeof value !== 'object' || value instanceof Output) {
          throw new OpContractError(
            `op "${nodeName}" has outputs ${outNames.join(', ')} and must return an object keyed by them, e.g. { ${outNames.map((n) => `${n}: ...`).join(', ')} }.`,
          );
        }
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
          if (v instanceof Output) emitOutput(v, key);
          else emit(key, v, undefined);
        }
      }
    }
  } catch (error) {
    // What the body logged before it threw is kept: only the throw fails the attempt (DESIGN section 12).
    for (const event of context.loggedEvents.splice(0)) {
      if (!(event instanceof Output)) journal.push({ kind: 'event', event, at: now() });
    }
    throw error;
  }
  for (const name of dynamicItems.finish(journal)) seen.add(name);
  for (const name of outNames) {
    if (!seen.has(name) && op.outs[name]?.isRequired) {
      throw new OpContractError(
        `op "${nodeName}" did not produce its required output "${name}". Produce it, or declare it Out({ isRequired: false }) so ops that read it are skipped.`,
      );
    }
  }
}

function typeCheck(nodeName: string, outputName: string, schema: z.ZodType | undefined, value: unknown): void {
  if (!schema) return;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw TypeCheckError.fromZodError(`op "${nodeName}" output "${outputName}"`, parsed.error);
  }
}

type AnyGenerator = AsyncGenerator<unknown, unknown, unknown> | Generator<unknown, unknown, unknown>;

function isGenerator(x: unknown): x is AnyGenerator {
  const tag = Object.prototype.toString.call(x);
  return tag === '[object AsyncGenerator]' || tag === '[object Generator]';
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (typeof x === 'object') return `an object (${(x as object).constructor?.name ?? 'Object'})`;
  return `a ${typeof x}`;
}
