import { DefinitionError } from '../errors/definition-error.js';

/**
 * The sensor's `requiredResourceKeys`, checked: a list of distinct non-empty strings.
 *
 * @example
 * assertValidResourceKeys('on_failure', ['slack']); // ['slack']
 */
export function assertValidResourceKeys(sensorName: string, keys: unknown): readonly string[] {
  const subject = `sensor "${sensorName}"`;
  if (keys === undefined) return Object.freeze([]);
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string' || key.length === 0)) {
    throw new DefinitionError(
      `${subject}: requiredResourceKeys must be a list of resource keys, e.g. requiredResourceKeys: ['slack'].`,
      { subject: sensorName },
    );
  }
  const duplicate = keys.find((key, index) => keys.indexOf(key) !== index);
  if (duplicate !== undefined) {
    throw new DefinitionError(`${subject}: requiredResourceKeys names "${duplicate}" twice; list each key once.`, {
      subject: sensorName,
    });
  }
  return Object.freeze([...(keys as string[])]);
}
