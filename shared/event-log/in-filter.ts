import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A filter or condition expression fragment with its attribute names and value placeholders. */
export interface ExpressionFragment {
  readonly expression: string;
  readonly names: Record<string, string>;
  readonly values: Record<string, AttributeValue>;
}

/**
 * `#<prefix> IN (:<prefix>0, :<prefix>1, …)` over `attribute`, for filter and condition expressions.
 * The prefix keeps placeholders of two fragments in one request apart.
 */
export function inFilter(attribute: string, values: readonly string[], prefix: string): ExpressionFragment {
  const placeholders: Record<string, AttributeValue> = {};
  values.forEach((value, index) => {
    placeholders[`:${prefix}${index}`] = { S: value };
  });
  return {
    expression: `#${prefix} IN (${Object.keys(placeholders).join(', ')})`,
    names: { [`#${prefix}`]: attribute },
    values: placeholders,
  };
}
