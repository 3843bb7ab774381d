// The list of weft's dashboards, their committed JSON form, and every PromQL expression
// they run (for tests that check each one against Prometheus).
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { meshOverview } from './mesh-overview.ts';
import { serviceDetail } from './service-detail.ts';
import { proxyResources } from './proxy-resources.ts';
import { controlPlane } from './control-plane.ts';
import { nodesContainers } from './nodes-containers.ts';
import { optionalReason } from './panels.ts';

export interface DashboardDef {
  /** File name under dashboards/, without `.json`. */
  name: string;
  build: () => dashboard.Dashboard;
}

export const DASHBOARDS: readonly DashboardDef[] = [
  { name: 'mesh-overview', build: meshOverview },
  { name: 'service-detail', build: serviceDetail },
  { name: 'proxy-resources', build: proxyResources },
  { name: 'control-plane', build: controlPlane },
  { name: 'nodes-containers', build: nodesContainers },
];

/** The JSON committed as dashboards/<name>.json. */
export function renderDashboard(d: dashboard.Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

export interface PanelQuery {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
  /** Template variables the expression uses (without `$`), Grafana's built-ins included. */
  variables: string[];
  /** Set when the query may rightly return no series (no retries happened, …): why. */
  optional?: string;
}

/** Every panel, including those inside collapsed rows. */
export function panelsOf(d: { panels?: unknown[] }): dashboard.Panel[] {
  return ((d.panels ?? []) as (dashboard.Panel & { panels?: unknown[] })[]).flatMap((p) => (p.type === 'row' ? [p, ...panelsOf(p)] : [p]));
}

/** Every panel's PromQL, with template variables still in place. */
export function allQueries(): PanelQuery[] {
  return DASHBOARDS.flatMap((def) =>
    panelsOf(def.build()).flatMap((p) =>
      ((p.targets ?? []) as { expr?: string; refId?: string }[])
        .filter((t) => t.expr !== undefined)
        .map((t) => {
          const expr = t.expr ?? '';
          const optional = optionalReason(expr);
          return { dashboard: def.name, panel: p.title ?? '', refId: t.refId ?? '', expr, variables: variablesIn(expr), ...(optional ? { optional } : {}) };
        }),
    ),
  );
}

// $name, ${name}, ${name:format} and [[name]]; `$1` in label_replace is not a variable.
const VARIABLE = /\$\{([A-Za-z_]\w*)(?::\w+)?\}|\$([A-Za-z_]\w*)|\[\[([A-Za-z_]\w*)\]\]/g;

export function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => (m[1] ?? m[2] ?? m[3])!))];
}

/** Values Grafana gives its built-in variables, close to what a dashboard over an hour uses. */
export const BUILTIN_VARIABLES: Readonly<Record<string, string>> = { __rate_interval: '1m', __interval: '15s', __range: '1h' };

/**
 * The expression as Grafana would send it, with `values` for the dashboard's variables
 * (a multi-value variable's "All" is `.*`); throws on a variable without a value.
 */
export function substituteVariables(expr: string, values: Readonly<Record<string, string>>): string {
  return expr.replace(VARIABLE, (_m, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c)!;
    const value = values[name] ?? BUILTIN_VARIABLES[name];
    if (value === undefined) throw new Error(`no value for template variable $${name} in ${expr}`);
    return value;
  });
}
