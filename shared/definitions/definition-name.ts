import { DefinitionError } from '../errors/definition-error.js';

/**
 * The one naming rule of ops, their inputs and outputs, aliases, graphs, jobs, schedules and
 * sensors: letters, digits and underscores, starting with a letter or an underscore. A node
 * name becomes a Task state's name and part of Lambda function names, neither of which takes
 * other characters; the other kinds follow the same rule so that one rule is learnt.
 *
 * @example
 * DEFINITION_NAME_PATTERN.test('fetch_sales') // → true
 */
export const DEFINITION_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Longest name: 64 characters, so that the longest state derived from a node (`<name>.retry`)
 * fits Step Functions' 80-character limit on state names.
 */
export const DEFINITION_NAME_MAX_LENGTH = 64;

/** Options of {@link assertValidDefinitionName}. */
export interface DefinitionNameOptions {
  /**
   * Longest name of this kind, when it is shorter (schedule names prefix run ids).
   * @default DEFINITION_NAME_MAX_LENGTH
   */
  readonly maxLength?: number;
  /**
   * A valid name of this kind, shown in the error message.
   * @default 'fetch_sales'
   */
  readonly example?: string;
}

/**
 * True when `name` follows {@link DEFINITION_NAME_PATTERN} and is at most `maxLength` characters.
 *
 * @example
 * isValidDefinitionName('fetch-sales') // → false
 */
export function isValidDefinitionName(name: unknown, maxLength = DEFINITION_NAME_MAX_LENGTH): name is string {
  return typeof name === 'string' && DEFINITION_NAME_PATTERN.test(name) && name.length <= maxLength;
}

/**
 * Checks a definition's name against the naming rule; `what` says what the name belongs to.
 *
 * @throws DefinitionError naming the bad name, the rule and an example.
 * @example
 * assertValidDefinitionName('daily-sales', 'schedule', { maxLength: 60, example: 'daily_sales' });
 * // throws: schedule name "daily-sales" is invalid: use letters, digits and underscores, starting
 * //         with a letter or underscore, at most 60 characters (e.g. "daily_sales").
 */
export function assertValidDefinitionName(
  name: unknown,
  what: string,
  options: DefinitionNameOptions = {},
): asserts name is string {
  const { maxLength = DEFINITION_NAME_MAX_LENGTH, example = 'fetch_sales' } = options;
  if (!isValidDefinitionName(name, maxLength)) {
    throw new DefinitionError(
      `${what} name ${JSON.stringify(name)} is invalid: use letters, digits and underscores, starting with a letter or underscore, at most ${maxLength} characters (e.g. "${example}").`,
      { subject: String(name) },
    );
  }
}
