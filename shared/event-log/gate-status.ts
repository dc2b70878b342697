/** A join child whose gate `readGates` inspects: the node and the upstream nodes it waits for. */
export interface GateChild {
  readonly node: string;
  readonly upstream: readonly string[];
}

/** A child's gate: its registered task token (if it is waiting yet) and whether all its upstream steps are done. */
export interface GateStatus {
  readonly token?: string;
  readonly upstreamDone: boolean;
}
