import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Every metric of the control plane, declared in one place, registered on a registry passed in. */
export function controlMetrics(registry: Registry) {
  const registers = [registry];
  return {
    proxiesConnected: new Gauge({ name: 'weft_control_proxies_connected', help: 'Watch streams open now.', registers }),
    updatesPushed: new Counter({ name: 'weft_control_updates_pushed_total', help: 'Updates written to Watch streams (snapshots, deltas, no-such-service).', labelNames: ['type'] as const, registers }),
    pushLatency: new Histogram({
      name: 'weft_control_push_latency_seconds',
      help: 'From a source event reaching the control plane to the resulting update being written to a stream.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    watchEvents: new Counter({ name: 'weft_control_watch_events_total', help: 'Objects received from sources, by resource kind.', labelNames: ['kind'] as const, registers }),
    sourceErrors: new Counter({ name: 'weft_control_source_errors_total', help: 'Errors from sources (invalid objects, failed watches), by source and reason.', labelNames: ['source', 'reason'] as const, registers }),
    slowDisconnects: new Counter({ name: 'weft_control_slow_streams_disconnected_total', help: 'Streams disconnected because their queue overflowed.', registers }),
    authorities: new Gauge({ name: 'weft_control_watched_authorities', help: 'Distinct authorities with at least one stream.', registers }),
    objects: new Gauge({ name: 'weft_control_objects', help: 'Cluster objects held, by kind.', labelNames: ['kind'] as const, registers }),
  };
}

export type ControlMetrics = ReturnType<typeof controlMetrics>;
