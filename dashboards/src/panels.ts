// The few shapes every weft dashboard is made of. Each helper insists on a description
// and a unit, so no panel can ship without them.
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import * as common from '@grafana/grafana-foundation-sdk/common';

/** Every query goes to the data source the dashboard's `datasource` variable names. */
export const DATASOURCE: dashboard.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export interface Query {
  expr: string;
  /** Grafana legend template, e.g. `{{dst_service}}`. */
  legend: string;
  /**
   * Why this query may rightly return no series in a healthy mesh (no retries happened,
   * no gRPC traffic…); tests that require data from every query skip these.
   */
  optional?: string;
}

export interface PanelSpec {
  title: string;
  description: string;
  /** A Grafana unit id: `reqps`, `s`, `bytes`, `Bps`, `percentunit`, `short`, `ops`… */
  unit: string;
  queries: Query[];
  /** Grid columns out of 24. */
  width?: number;
  height?: number;
  min?: number;
  max?: number;
  stacked?: boolean;
}

// Grafana's JSON has no place for `optional`, so it is kept here, by expression, as panels are built.
const optionalReasons = new Map<string, string>();

/** Why a panel expression may rightly return no series, if it may. */
export function optionalReason(expr: string): string | undefined {
  return optionalReasons.get(expr);
}

function targets(queries: Query[], format?: prometheus.PromQueryFormat): prometheus.DataqueryBuilder[] {
  return queries.map((q, i) => {
    if (q.optional) optionalReasons.set(q.expr, q.optional);
    const b = new prometheus.DataqueryBuilder().expr(q.expr).legendFormat(q.legend).refId(String.fromCharCode(65 + i)).datasource(DATASOURCE);
    return format ? b.format(format) : b;
  });
}

interface CommonBuilder<T> {
  title(t: string): T;
  description(d: string): T;
  unit(u: string): T;
  datasource(d: dashboard.DataSourceRef): T;
  targets(t: prometheus.DataqueryBuilder[]): T;
  min(n: number): T;
  max(n: number): T;
  span(n: number): T;
  height(n: number): T;
}

/** What every panel shares: text, unit, queries, bounds and size. */
function withCommon<T extends CommonBuilder<T>>(b: T, spec: PanelSpec, width: number, height: number, format?: prometheus.PromQueryFormat): T {
  let out = b.title(spec.title).description(spec.description).unit(spec.unit).datasource(DATASOURCE).targets(targets(spec.queries, format));
  if (spec.min !== undefined) out = out.min(spec.min);
  if (spec.max !== undefined) out = out.max(spec.max);
  return out.span(spec.width ?? width).height(spec.height ?? height);
}

export function timeseriesPanel(spec: PanelSpec): timeseries.PanelBuilder {
  const b = new timeseries.PanelBuilder()
    .fillOpacity(spec.stacked ? 30 : 8)
    .showPoints(common.VisibilityMode.Never)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.Table).placement(common.LegendPlacement.Bottom).calcs(['mean', 'lastNotNull', 'max']))
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
  if (spec.stacked) b.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  return withCommon(b, spec, 12, 8);
}

export function statPanel(spec: PanelSpec): stat.PanelBuilder {
  const b = new stat.PanelBuilder()
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.None)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']));
  return withCommon(b, spec, 6, 4);
}

/** A latency heatmap from a Prometheus histogram's buckets (one query, `sum by (le)`). */
export function heatmapPanel(spec: PanelSpec & { yUnit: string }): heatmap.PanelBuilder {
  const b = new heatmap.PanelBuilder()
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(spec.yUnit))
    .cellValues(new heatmap.CellValuesBuilder().unit(spec.unit))
    .color(new heatmap.HeatmapColorOptionsBuilder().mode(heatmap.HeatmapColorMode.Scheme).scheme('Oranges').steps(64).exponent(0.5).fill('dark-orange').scale(heatmap.HeatmapColorScale.Exponential).reverse(false))
    .rowsFrame(new heatmap.RowsHeatmapOptionsBuilder().layout(common.HeatmapCellLayout.Ge))
    .mode(common.TooltipDisplayMode.Single)
    .showYHistogram()
    .showLegend();
  return withCommon(b, spec, 12, 8, prometheus.PromQueryFormat.Heatmap);
}

export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title);
}
