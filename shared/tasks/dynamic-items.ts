import type { AnyOpDefinition } from '../definitions/op-definition-type.js';
import { dynamicItemOutputName } from '../definitions/mapped-step-key.js';
import { MappingKeyError } from '../errors/mapping-key-error.js';
import { TypeCheckError } from '../errors/type-check-error.js';
import type { DynamicOutput } from '../events/dynamic-output.js';
import { normalizeMetadata, type RawMetadata } from '../metadata/normalize-metadata.js';
import { OpContractError } from './op-contract-error.js';
import type { JournalEntry } from './op-journal.js';

/**
 * Most items one dynamic output may emit. The keys travel in the Map state's input, which
 * Step Functions caps at 256 KB: 10,000 keys of up to ~20 characters stay well inside it.
 */
export const MAX_MAPPING_KEYS = 10_000;

/**
 * The items an op attempt yields for its `DynamicOut` outputs. Each item is stored as its
 * own output (`items[a]`), so a mapped step loads only its item; the output itself
 * (`items`) stores the mapping keys in emission order, which is what the Map state iterates
 * over and what `.collect()` follows.
 */
export class DynamicItems {
  private readonly keys = new Map<string, string[]>();

  constructor(
    private readonly op: AnyOpDefinition,
    private readonly nodeName: string,
  ) {}

  /** Journals one item, after checking its output, its key and its value's schema. */
  add(item: DynamicOutput, journal: JournalEntry[]): void {
    const name = item.outputName === 'result' && !this.op.outs.result ? this.onlyDynamicOutput() : item.outputName;
    const def = this.op.outs[name];
    if (!def?.dynamic) {
      throw new OpContractError(
        `op "${this.nodeName}" yielded DynamicOutput for "${name}", which is not a DynamicOut. Declare it out: { ${name}: DynamicOut() }, or yield new Output(value) for a plain output.`,
      );
    }
    const keys = this.keys.get(name) ?? [];
    if (keys.includes(item.mappingKey)) {
      throw new MappingKeyError(
        `op "${this.nodeName}" yielded mapping key "${item.mappingKey}" twice for output "${name}": each item needs its own key, since it names step "<op>[${item.mappingKey}]".`,
      );
    }
    if (keys.length >= MAX_MAPPING_KEYS) {
      throw new MappingKeyError(
        `op "${this.nodeName}" yielded more than ${MAX_MAPPING_KEYS.toLocaleString('en-US')} items for output "${name}" (the limit of one fan-out; item "${item.mappingKey}" is one too many). Batch items into fewer, larger ones.`,
      );
    }
    if (def.schema) {
      const parsed = def.schema.safeParse(item.value);
      if (!parsed.success) {
        throw TypeCheckError.fromZodError(
          `op "${this.nodeName}" output "${name}" item "${item.mappingKey}"`,
          parsed.error,
        );
      }
    }
    keys.push(item.mappingKey);
    this.keys.set(name, keys);
    const itemName = dynamicItemOutputName(name, item.mappingKey);
    journal.push({
      kind: 'output',
      name: itemName,
      value: item.value,
      metadata: normalizeMetadata(
        { ...(def.metadata ?? {}), ...((item.metadata as RawMetadata | undefined) ?? {}) },
        `output "${itemName}" of op "${this.nodeName}"`,
      ),
      at: new Date().toISOString(),
    });
  }

  /**
   * Journals the key list of every dynamic output, `[]` for one that emitted nothing (an
   * empty fan-out, whose `.collect()` gives `[]`), and returns their names.
   */
  finish(journal: JournalEntry[]): string[] {
    const names = Object.keys(this.op.outs).filter((name) => this.op.outs[name]?.dynamic);
    for (const name of names) {
      journal.push({
        kind: 'output',
        name,
        value: this.keys.get(name) ?? [],
        metadata: {},
        silent: true,
        at: new Date().toISOString(),
      });
    }
    return names;
  }

  private onlyDynamicOutput(): string {
    const dynamic = Object.keys(this.op.outs).filter((name) => this.op.outs[name]?.dynamic);
    return dynamic.length === 1 && dynamic[0] !== undefined ? dynamic[0] : 'result';
  }
}
