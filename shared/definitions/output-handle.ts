/** What calling an op inside a job body returns: a reference to one of its outputs. */
export class OutputHandle {
  constructor(
    readonly node: string,
    readonly output: string,
  ) {}

  toString(): string {
    return `${this.node}.${this.output}`;
  }
}
