import { describeValue } from '../errors/describe-value.js';
import type { TableColumnData, TableSchemaData } from './typed-metadata.js';

/** Constraints of a {@link TableColumn}, as Dagster's `TableColumnConstraints`. */
export type TableColumnConstraints = { nullable?: boolean; unique?: boolean; other?: string[] };

/** Options of {@link TableColumn}. */
export interface TableColumnOptions {
  name: string;
  /**
   * The column's type, free text (e.g. `'int'`, `'float'`, `'date'`).
   * @default 'string'
   */
  type?: string;
  description?: string;
  /** Missing fields take Dagster's defaults: `nullable: true`, `unique: false`, `other: []`. */
  constraints?: TableColumnConstraints;
}

/**
 * One column of a {@link TableSchema}, as Dagster's `TableColumn`.
 *
 * @example
 * new TableColumn({ name: 'amount', type: 'float', description: 'in EUR', constraints: { nullable: false } })
 */
export class TableColumn {
  readonly name: string;
  /** @default 'string' */
  readonly type: string;
  readonly description: string | undefined;
  readonly constraints: Readonly<Required<TableColumnConstraints>> | undefined;

  constructor(options: TableColumnOptions) {
    const { name, type = 'string', description, constraints } = options;
    if (typeof name !== 'string' || name === '') {
      throw new TypeError(`TableColumn.name must be a non-empty string, got ${describeValue(name)}`);
    }
    if (typeof type !== 'string' || type === '') {
      throw new TypeError(
        `TableColumn.type of column "${name}" must be a non-empty string, got ${describeValue(type)}`,
      );
    }
    if (description !== undefined && typeof description !== 'string') {
      throw new TypeError(
        `TableColumn.description of column "${name}" must be a string, got ${describeValue(description)}`,
      );
    }
    this.name = name;
    this.type = type;
    this.description = description;
    this.constraints = constraints === undefined ? undefined : compileConstraints(name, constraints);
    Object.freeze(this);
  }

  /** The stored form. */
  toData(): TableColumnData {
    const data: TableColumnData = { name: this.name, type: this.type };
    if (this.description !== undefined) data.description = this.description;
    if (this.constraints !== undefined) data.constraints = { ...this.constraints, other: [...this.constraints.other] };
    return data;
  }
}

/**
 * The columns of a table, as Dagster's `TableSchema`; attach it with
 * `MetadataValue.tableSchema(schema)` or pass it to `MetadataValue.table`.
 *
 * @example
 * new TableSchema({ columns: [new TableColumn({ name: 'id', type: 'int' }), { name: 'city' }] })
 */
export class TableSchema {
  readonly columns: readonly TableColumn[];

  constructor(options: { columns: readonly (TableColumn | TableColumnOptions)[] }) {
    const columns: unknown = options?.columns;
    if (!Array.isArray(columns)) {
      throw new TypeError(`TableSchema.columns must be an array of TableColumn, got ${describeValue(columns)}`);
    }
    const built = columns.map((c: TableColumn | TableColumnOptions) =>
      c instanceof TableColumn ? c : new TableColumn(c),
    );
    const seen = new Set<string>();
    for (const column of built) {
      if (seen.has(column.name)) {
        throw new TypeError(
          `TableSchema.columns has two columns named "${column.name}". Give each column a unique name.`,
        );
      }
      seen.add(column.name);
    }
    this.columns = Object.freeze(built);
    Object.freeze(this);
  }

  /** The stored form, `{ columns: [...] }`. */
  toData(): TableSchemaData {
    return { columns: this.columns.map((c) => c.toData()) };
  }
}

function compileConstraints(column: string, c: TableColumnConstraints): Required<TableColumnConstraints> {
  const { nullable = true, unique = false, other = [] } = c;
  if (typeof nullable !== 'boolean') {
    throw new TypeError(
      `TableColumn.constraints.nullable of column "${column}" must be a boolean, got ${describeValue(nullable)}`,
    );
  }
  if (typeof unique !== 'boolean') {
    throw new TypeError(
      `TableColumn.constraints.unique of column "${column}" must be a boolean, got ${describeValue(unique)}`,
    );
  }
  if (!Array.isArray(other) || !other.every((o) => typeof o === 'string')) {
    throw new TypeError(
      `TableColumn.constraints.other of column "${column}" must be an array of strings, got ${describeValue(other)}`,
    );
  }
  return Object.freeze({ nullable, unique, other: Object.freeze([...other]) as string[] });
}
