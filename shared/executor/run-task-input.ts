/** The state every op Task receives (the output of the run-start state, plus Catch results). */
export interface RunTaskInput {
  readonly runId: string;
  readonly jobName: string;
  readonly runConfig: RunConfig;
  readonly tags: Readonly<Record<string, string>>;
}

/** Run config, as typed into the console (`{ runConfig: { ops: { fetch_sales: { config: {...} } } } }`). */
export interface RunConfig {
  readonly ops?: Readonly<Record<string, { readonly config?: unknown }>>;
  readonly loggers?: Readonly<Record<string, { readonly config?: unknown }>>;
}
