import { DevalueError, parse, stringify } from 'devalue';
import { describeValue } from '../errors/describe-value.js';
import { errorMessage } from '../errors/error-message.js';
import { isPlainJson } from './plain-json.js';

/**
 * How an output value is written as text. Plain JSON data is stored as JSON, the shape it has
 * always had (readable in the console, by older readers, by any tool); anything JSON would
 * change (NaN, ±Infinity, -0, undefined, Date, Map, Set, BigInt, RegExp, URL, typed arrays,
 * Buffer, holes, shared or cyclic references) is stored as devalue's tagged text, which
 * round-trips it exactly.
 */
export const OutputValueFormat = {
  JSON: 'json',
  DEVALUE: 'devalue',
} as const;

export type OutputValueFormat = (typeof OutputValueFormat)[keyof typeof OutputValueFormat];

/** An output value as text, with the format that reads it back. */
export interface EncodedOutputValue {
  readonly format: OutputValueFormat;
  readonly text: string;
}

/** Why a value cannot be stored exactly: where in it, and what is there. */
export interface UnstorableValue {
  /** Path inside the value, e.g. `payload.rows[3].total`; `''` for the value itself. */
  readonly path: string;
  /** What is at `path`, e.g. `a function`, `an instance of Point, whose class cannot be rebuilt from stored data`. */
  readonly problem: string;
}

/** The result of {@link encodeOutputValue}: the text, or what cannot be stored. */
export type OutputValueEncoding =
  | { readonly ok: true; readonly encoded: EncodedOutputValue }
  | { readonly ok: false; readonly unstorable: UnstorableValue };

// devalue keeps a Buffer's bytes but hands back a plain Uint8Array; this pair keeps it a Buffer.
const BUFFER_TAG = 'Buffer';
const reducers = { [BUFFER_TAG]: (value: unknown) => Buffer.isBuffer(value) && value.toString('base64') };
const revivers = { [BUFFER_TAG]: (base64: string) => Buffer.from(base64, 'base64') };

/**
 * Encodes an output value so that {@link decodeOutputValue} gives back exactly the same value,
 * or says what in it cannot be (a function, a symbol, a class instance, a Promise, an object
 * with symbol keys): such a value is never changed silently.
 *
 * @example
 * encodeOutputValue({ rows: [1, 2] }); // { ok: true, encoded: { format: 'json', text: '{"rows":[1,2]}' } }
 * encodeOutputValue({ total: Number.NaN }).ok; // true (format 'devalue')
 * encodeOutputValue({ payload: { fn: () => 1 } }); // { ok: false, unstorable: { path: 'payload.fn', problem: 'a function' } }
 */
export function encodeOutputValue(value: unknown): OutputValueEncoding {
  if (isPlainJson(value)) return { ok: true, encoded: { format: OutputValueFormat.JSON, text: JSON.stringify(value) } };
  try {
    return { ok: true, encoded: { format: OutputValueFormat.DEVALUE, text: stringify(value, reducers) } };
  } catch (error) {
    return { ok: false, unstorable: describeUnstorable(error) };
  }
}

/**
 * What in `value` cannot be stored exactly, or undefined when all of it can: the check the op
 * task runs before committing, without building the text for plain JSON data.
 *
 * @example
 * findUnstorableValue({ rows: [new Date()] }); // undefined
 * findUnstorableValue([Symbol('s')]); // { path: '[0]', problem: 'a symbol (Symbol(s))' }
 */
export function findUnstorableValue(value: unknown): UnstorableValue | undefined {
  if (isPlainJson(value)) return undefined;
  const encoding = encodeOutputValue(value);
  return encoding.ok ? undefined : encoding.unstorable;
}

/**
 * Reads back a value written by {@link encodeOutputValue}.
 *
 * @example
 * decodeOutputValue({ format: 'devalue', text: '[["Map",1,2],"a",1]' }); // Map(1) { 'a' => 1 }
 */
export function decodeOutputValue(encoded: EncodedOutputValue): unknown {
  return encoded.format === OutputValueFormat.JSON ? JSON.parse(encoded.text) : parse(encoded.text, revivers);
}

/** devalue's message for an object whose prototype is neither Object's, null, nor a type it knows. */
const NOT_A_PLAIN_OBJECT = 'Cannot stringify arbitrary non-POJOs';

function describeUnstorable(error: unknown): UnstorableValue {
  if (!(error instanceof DevalueError)) {
    // A getter that throws, nesting deeper than the stack: no path to name.
    return { path: '', problem: `a value that cannot be read for storage (${errorMessage(error)})` };
  }
  return { path: error.path.replace(/^\./, ''), problem: describeProblem(error) };
}

function describeProblem(error: DevalueError): string {
  const what = describeValue(error.value);
  if (what === 'a function' || what.startsWith('a symbol')) return what;
  if (what === 'a Promise') return 'a Promise (await it in the op before returning it)';
  if (error.message === NOT_A_PLAIN_OBJECT) return `${what}, whose class cannot be rebuilt from stored data`;
  return `${what}: ${error.message}`;
}
