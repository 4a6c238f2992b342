// Prometheus text exposition format 0.0.4: metric families written with their HELP and TYPE lines, label
// values escaped. Both /metrics halves (the logs in monitor/metrics.ts, the host in perf/prometheus.ts) use it.

/** Label values may hold any text (source and interface names come from the user): backslash, newline and quote escaped. */
export function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export type Labels = Record<string, string | number>;

function labelSet(pairs: Labels): string {
  const entries = Object.entries(pairs);
  return entries.length === 0 ? '' : `{${entries.map(([key, value]) => `${key}="${labelValue(String(value))}"`).join(',')}}`;
}

export class MetricFamily {
  private readonly samples: string[] = [];

  constructor(
    readonly name: string,
    private readonly type: 'gauge' | 'counter',
    private readonly help: string,
  ) {}

  /** A sample; a value not known (null, NaN) is left out rather than written as 0. */
  add(pairs: Labels, value: number | null | undefined): this {
    if (value !== null && value !== undefined && Number.isFinite(value)) this.samples.push(`${this.name}${labelSet(pairs)} ${value}`);
    return this;
  }

  /** The family's lines, or nothing when it has no sample. */
  text(): string {
    return this.samples.length === 0 ? '' : `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} ${this.type}\n${this.samples.join('\n')}\n`;
  }
}

export function exposition(families: readonly MetricFamily[]): string {
  return families.map((family) => family.text()).join('');
}
