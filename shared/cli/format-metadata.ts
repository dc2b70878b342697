import type { TypedMetadata } from '../metadata/typed-metadata.js';

/** One-line rendering of stored metadata for the terminal. */
export function formatMetadata(metadata: unknown): string {
  if (!metadata || typeof metadata !== 'object') return '';
  const parts: string[] = [];
  for (const [label, entry] of Object.entries(metadata as TypedMetadata)) {
    const value = entry?.value;
    let text: string;
    if (entry?.type === 'md') text = `(markdown, ${String(value).split('\n').length} lines)`;
    else if (entry?.type === 'table_schema') {
      const cols = (value as { columns?: { name: string; type: string }[] }).columns ?? [];
      text = `(${cols.map((c) => `${c.name}: ${c.type}`).join(', ')})`;
    } else if (typeof value === 'object' && value !== null) text = JSON.stringify(value);
    else text = String(value);
    if (text.length > 80) text = `${text.slice(0, 77)}...`;
    parts.push(`${label}=${text}`);
  }
  return parts.join('  ');
}
