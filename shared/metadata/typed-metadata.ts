/** The stored (typed) form of one metadata value, e.g. `{ type: 'int', value: 3 }`. */
export type TypedMetadataValue =
  | { type: 'text'; value: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'url'; value: string }
  | { type: 'path'; value: string }
  | { type: 'json'; value: unknown }
  | { type: 'md'; value: string }
  | { type: 'timestamp'; value: number }
  | { type: 'null'; value: null }
  | { type: 'table'; value: { records: Record<string, unknown>[]; schema?: TableSchemaData } }
  | { type: 'table_schema'; value: TableSchemaData }
  | { type: 'asset'; value: string }
  | { type: 'job'; value: { jobName: string; location?: string } };

export type TableColumnData = {
  name: string;
  type: string;
  description?: string;
  constraints?: { nullable?: boolean; unique?: boolean; other?: string[] };
};

export type TableSchemaData = { columns: TableColumnData[] };

/** Metadata as stored: label → typed value. */
export type TypedMetadata = Record<string, TypedMetadataValue>;
