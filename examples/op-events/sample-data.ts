/** A tiny "dataframe": the examples' stand-in for get_some_data()/read_df(). */
export type Frame = { columns: string[]; rows: Record<string, unknown>[] };

export function getSomeData(): Frame {
  return {
    columns: ['id', 'name', 'price'],
    rows: [
      { id: 1, name: 'grinder', price: 129 },
      { id: 2, name: 'frother', price: 59 },
      { id: 3, name: 'kettle', price: 89 },
    ],
  };
}

export function calculateBytes(frame: Frame): number {
  return Buffer.byteLength(JSON.stringify(frame.rows));
}

/** Stands in for store_to_s3 / persist_to_storage: returns where it "wrote". */
export function persistToStorage(frame: Frame, key = 'my_dataset'): string {
  return `/tmp/stepster-examples/${key}-${frame.rows.length}.json`;
}

export function doSomeTransform(frame: Frame): Frame {
  return { ...frame, rows: frame.rows.map((r) => ({ ...r, price_with_tax: Math.round(Number(r.price) * 120) / 100 })) };
}
