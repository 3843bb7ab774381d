import type { ClusterObject, Kind } from '../model/objects.ts';

/**
 * Where a source delivers what it sees. `origin` groups objects so that one group can be
 * replaced whole: a manifest file, or one Kubernetes resource kind.
 */
export interface SourceSink {
  /** Replaces every object of `origin` with `objects` (a file re-read, a re-list). */
  replace(origin: string, objects: ClusterObject[]): void;
  upsert(origin: string, object: ClusterObject): void;
  remove(origin: string, kind: Kind, namespace: string, name: string): void;
  /** Counted in weft_control_source_errors_total{source,reason} and logged. */
  error(source: string, reason: string, err: unknown, context?: Record<string, unknown>): void;
}

export interface Source {
  readonly name: string;
  /** Resolves once the first full state has been delivered (or failed clearly). */
  start(sink: SourceSink): Promise<void>;
  /** True once every resource kind has been listed at least once. */
  synced(): boolean;
  stop(): Promise<void>;
}
