// The PromQL queries of the example Grafana dashboard and alert rules (contrib/), as the tests read them:
// each with where it comes from, Grafana's variables replaced by what they stand for when everything is chosen.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export const DASHBOARD_FILE = 'contrib/grafana/murmur-monitor.json';
export const ALERTS_FILE = 'contrib/prometheus/alerts.yml';
export const ALERTS_TEST_FILE = 'contrib/prometheus/alerts.test.yml';

export interface ContribQuery {
  where: string;
  expr: string;
}

export interface DashboardPanel {
  title: string;
  type: string;
  timeFrom?: string;
  interval?: string;
  fieldConfig: { defaults: { unit?: string } };
  targets: Array<{ expr: string; refId: string }>;
}

interface Dashboard {
  panels: DashboardPanel[];
  templating: { list: Array<{ name: string; query?: string | { query: string } }> };
}

/** `$instance` and `$source` as "All"; `label_values(SELECTOR, label)` as its selector. */
function asPromQL(expr: string): string {
  const labelValues = /^label_values\((.*),\s*\w+\)$/.exec(expr.trim());
  return (labelValues?.[1] ?? expr).replace(/\$(instance|source)\b/g, '.*');
}

export function dashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

export function dashboardQueries(): ContribQuery[] {
  const board = dashboard();
  const panels = board.panels.flatMap((panel) => panel.targets.map((target) => ({ where: `panel "${panel.title}" ${target.refId}`, expr: asPromQL(target.expr) })));
  const variables = board.templating.list
    .filter((variable) => typeof variable.query === 'object')
    .map((variable) => ({ where: `variable $${variable.name}`, expr: asPromQL((variable.query as { query: string }).query) }));
  return [...panels, ...variables];
}

export function alertQueries(): ContribQuery[] {
  const rules = parse(readFileSync(ALERTS_FILE, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
  return rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })));
}

/** Every metric name a query selects: names before a `{`, and bare names of this project's metrics. */
export function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const selected = [...withoutStrings.matchAll(/([A-Za-z_:][\w:]*)\s*\{/g)].map((match) => match[1] as string);
  const bare = [...withoutStrings.matchAll(/\bmurmur_monitor_\w+/g)].map((match) => match[0]);
  return [...new Set([...selected, ...bare])];
}
