import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EventLogError } from './event-log-error.js';
import type { ExpressionFragment } from './in-filter.js';

/**
 * A filter expression that keeps run items carrying every given tag (`tags` is a map attribute):
 * `#tags.#tag0 = :tag0 AND …`; a list of values matches any of them (`IN`), as Dagster's
 * `RunsFilter(tags={'k': ['a', 'b']})`. Undefined when there is nothing to filter on.
 *
 * @example
 * runTagsFilter({ team: 'data', env: ['dev', 'prod'] });
 * // → { expression: '#tags.#tag0 = :tag0 AND #tags.#tag1 IN (:tag1_0, :tag1_1)', names: {…}, values: {…} }
 */
export function runTagsFilter(
  tags: Readonly<Record<string, string | readonly string[]>> | undefined,
): ExpressionFragment | undefined {
  const entries = Object.entries(tags ?? {});
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = { '#tags': 'tags' };
  const values: Record<string, AttributeValue> = {};
  const terms = entries.map(([key, wanted], index) => {
    names[`#tag${index}`] = key;
    if (typeof wanted === 'string') {
      values[`:tag${index}`] = { S: wanted };
      return `#tags.#tag${index} = :tag${index}`;
    }
    if (wanted.length === 0) {
      throw new EventLogError(`getRuns tags.${key} is an empty list: give at least one value, or leave the tag out`);
    }
    const placeholders = wanted.map((value, i) => {
      values[`:tag${index}_${i}`] = { S: value };
      return `:tag${index}_${i}`;
    });
    return `#tags.#tag${index} IN (${placeholders.join(', ')})`;
  });
  return { expression: terms.join(' AND '), names, values };
}

/**
 * Both fragments (AND), either one, or undefined: the parts of one FilterExpression.
 *
 * @example
 * const filter = allOf(inFilter('status', ['FAILURE'], 'status'), runTagsFilter({ team: 'data' }));
 */
export function allOf(...fragments: readonly (ExpressionFragment | undefined)[]): ExpressionFragment | undefined {
  const present = fragments.filter((fragment): fragment is ExpressionFragment => fragment !== undefined);
  if (present.length === 0) return undefined;
  return {
    expression: present.map((fragment) => `(${fragment.expression})`).join(' AND '),
    names: Object.assign({}, ...present.map((fragment) => fragment.names)),
    values: Object.assign({}, ...present.map((fragment) => fragment.values)),
  };
}
