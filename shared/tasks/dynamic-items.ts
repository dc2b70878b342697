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
 * Most bytes the keys of one dynamic output may take (as JSON text): with the run's fields
 * they must fit Step Functions' 256 KB state limit, so long keys lower the item count.
 */
export const MAX_MAPPING_KEY_BYTES = 128 * 1024;

/**
 * The items an op attempt yields for its `DynamicOut` outputs. Each item is stored as its
 * own output (`items[a]`), so a mapped step loads only its item; the output itself
 * (`items`) stores the mapping keys in emission order, which is what the Map state iterates
 * over and what `.collect()` follows.
 */
export class DynamicItems {
  private readonly keys = new Map<string, string[]>();
  private readonly bytes = new Map<string, number>();

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
    // A JSON string's bytes: the key (ASCII by its pattern), two quotes and a comma.
    const bytes = (this.bytes.get(name) ?? 2) + item.mappingKey.length + 3;
    if (bytes > MAX_MAPPING_KEY_BYTES) {
      throw new MappingKeyError(
        `op "${this.nodeName}" yielded mapping keys for output "${name}" totalling over ${MAX_MAPPING_KEY_BYTES / 1024} KB at item "${item.mappingKey}": the keys travel in the Map state's input (256 KB at most). Use shorter keys (e.g. an index) or fewer, larger items.`,
      );
    }
    this.bytes.set(name, bytes);
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
