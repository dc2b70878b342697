import type { UserEvent } from '../events/user-event.js';
import type { TypedMetadata } from '../metadata/typed-metadata.js';

/** One thing an op did, in the order it happened: the raw material of its step events. */
export type JournalEntry =
  | { readonly kind: 'event'; readonly event: UserEvent; readonly at: string }
  | {
      readonly kind: 'log';
      readonly level: string;
      readonly message: string;
      readonly extra?: Record<string, unknown>;
      readonly at: string;
    }
  | {
      readonly kind: 'output';
      readonly name: string;
      readonly value: unknown;
      readonly metadata: TypedMetadata;
      /** The version the body set with `new Output(value, { dataVersion })`. */
      readonly dataVersion?: string;
      /** Stored without STEP_OUTPUT: a dynamic output's key list, bookkeeping of its items. */
      readonly silent?: true;
      readonly at: string;
    };
