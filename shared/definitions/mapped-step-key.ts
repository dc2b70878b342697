/**
 * The step key of one item of a mapped op, as Dagster writes it: `process[a]`. Node names
 * never contain `[`, so the node of a step key is what comes before it.
 *
 * @example
 * mappedStepKey('process', 'a'); // 'process[a]'
 */
export function mappedStepKey(node: string, mappingKey: string): string {
  return `${node}[${mappingKey}]`;
}

/**
 * The node a step key belongs to: itself for an unmapped step, `process` for `process[a]`.
 *
 * @example
 * nodeOfStepKey('process[a]'); // 'process'
 */
export function nodeOfStepKey(stepKey: string): string {
  const bracket = stepKey.indexOf('[');
  return bracket < 0 ? stepKey : stepKey.slice(0, bracket);
}

/**
 * The name under which one item of a dynamic output is stored: `items[a]`. The output's own
 * name (`items`) holds the list of mapping keys, in emission order.
 */
export function dynamicItemOutputName(output: string, mappingKey: string): string {
  return `${output}[${mappingKey}]`;
}

/**
 * The output an item's stored name belongs to: `items` for `items[a]`, itself otherwise.
 *
 * @example
 * outputOfItem('items[a]'); // 'items'
 */
export function outputOfItem(storedName: string): string {
  return nodeOfStepKey(storedName);
}

/**
 * The mapping key in a mapped step key or a stored item name: `a` for `process[a]` and
 * `items[a]`, `undefined` for a name with no key.
 *
 * @example
 * mappingKeyOf('process[a]'); // 'a'
 */
export function mappingKeyOf(name: string): string | undefined {
  const node = nodeOfStepKey(name);
  return node === name || !name.endsWith(']') ? undefined : name.slice(node.length + 1, -1);
}
