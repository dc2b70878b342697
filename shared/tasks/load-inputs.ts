import type { NodeSpec } from '../definitions/graph-builder.js';
import { TypeCheckError } from '../errors/type-check-error.js';
import { StepEvents } from '../events/step-events.js';
import type { LoadedInput } from './read-attempt.js';
import type { StepEventWriter } from './step-event-writer.js';

/**
 * Phase 2 of an op attempt: hands each stored input value to the body, type-checked against
 * `In({ schema })`, writing LOADED_INPUT and STEP_INPUT as Dagster does. A value that fails
 * its schema throws TypeCheckError, which fails the attempt like an error in the body.
 */
export function loadInputs(
  node: NodeSpec,
  inputs: readonly LoadedInput[],
  writer: StepEventWriter,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const input of inputs) {
    writer.add(
      StepEvents.loadedInput({
        inputName: input.name,
        upstreamStepKey: input.node,
        upstreamOutputName: input.output,
        ...(input.reference ? { manager: input.reference.manager, uri: input.reference.uri } : {}),
      }),
    );
    const schema = node.op.ins[input.name]?.schema;
    if (schema) {
      const parsed = schema.safeParse(input.value);
      if (!parsed.success) {
        throw TypeCheckError.fromZodError(`op "${node.name}" input "${input.name}"`, parsed.error);
      }
    }
    writer.add(StepEvents.input(input.name, schema !== undefined));
    values[input.name] = input.value;
  }
  return values;
}
