// The exporter's own data model: what parsers return and the exposition writes.

export type MetricType = 'counter' | 'gauge' | 'untyped';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  labels?: Labels;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

export function family(name: string, help: string, type: MetricType, samples: Sample[] = []): MetricFamily {
  return { name, help, type, samples };
}

/** A family with a single unlabelled sample. */
export function single(name: string, help: string, type: MetricType, value: number): MetricFamily {
  return { name, help, type, samples: [{ value }] };
}
