import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/** A dashboard with weft's common settings: tags, time range, refresh, shared crosshair. */
export function weftDashboard(uid: string, title: string, description: string): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(['weft'])
    .editable()
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .timezone('browser');
}

/**
 * Builds the dashboard with every row expanded, in the layout Grafana itself saves: the
 * SDK nests a row's panels in the row (which Grafana only keeps for a collapsed row), so
 * they are moved to follow it at the top level. Every panel gets a stable id, so the
 * committed JSON diffs cleanly and re-imports without churn.
 */
export function finish(builder: dashboard.DashboardBuilder): dashboard.Dashboard {
  const built = builder.build();
  const flat: dashboard.Panel[] = [];
  for (const p of (built.panels ?? []) as dashboard.Panel[]) {
    const rowPanels = (p as { panels?: dashboard.Panel[] }).panels;
    if (p.type === 'row' && rowPanels) {
      flat.push({ ...p, collapsed: false, panels: [] } as dashboard.Panel, ...rowPanels);
    } else {
      flat.push(p);
    }
  }
  flat.forEach((p, i) => (p.id = i + 1));
  return { ...built, panels: flat };
}
