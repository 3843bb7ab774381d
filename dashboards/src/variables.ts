// Template variables. Label variables read their values from Prometheus with
// label_values(), so they follow what is actually being scraped.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE } from './panels.ts';

export function datasourceVariable(): dashboard.DatasourceVariableBuilder {
  return new dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus');
}

export interface LabelVariable {
  name: string;
  label: string;
  /** e.g. `label_values(weft_requests_total{dst_namespace=~"$namespace"}, dst_service)` */
  query: string;
  /** Several values and an "All" (matching `.*`); use the variable with `=~`. */
  multi: boolean;
}

export function labelVariable(v: LabelVariable): dashboard.QueryVariableBuilder {
  const b = new dashboard.QueryVariableBuilder(v.name)
    .label(v.label)
    .datasource(DATASOURCE)
    .query(v.query)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
  return v.multi ? b.multi(true).includeAll(true).allValue('.*') : b;
}

export function choiceVariable(name: string, label: string, values: string[], description: string): dashboard.CustomVariableBuilder {
  const first = values[0] ?? '';
  return new dashboard.CustomVariableBuilder(name)
    .label(label)
    .description(description)
    .values(values.join(','))
    .current({ text: first, value: first, selected: true });
}
