/**
 * The compiler's input: a job reduced to what the state machine needs.
 * Built from a JobDefinition by the definitions layer; the compiler never sees op bodies.
 */
export interface GraphNode {
  /** Node name, also the Task state's name: the op's name or its alias. */
  readonly name: string;
  /** Distinct names of the upstream nodes this node reads outputs from. */
  readonly upstream: readonly string[];
  /** The op Lambda's timeout; the Task's TimeoutSeconds is derived from it. */
  readonly timeoutSeconds: number;
}

export interface JobGraph {
  readonly jobName: string;
  readonly nodes: readonly GraphNode[];
}
