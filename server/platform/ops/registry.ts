/**
 * A small Prometheus registry: counters and gauges with labels, rendered in the text
 * exposition format at /metrics. Gauges may be read lazily from the running parts.
 */
type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, { labels: Labels; value: number }>;
  /** For gauges read at scrape time. */
  collect?: () => Promise<{ labels: Labels; value: number }[]> | { labels: Labels; value: number }[];
}

export class Registry {
  private readonly families = new Map<string, Family>();

  counter(name: string, help: string): (labels?: Labels, by?: number) => void {
    const family = this.family(name, help, 'counter');
    return (labels = {}, by = 1) => {
      const key = labelText(labels);
      const entry = family.values.get(key);
      if (entry) entry.value += by;
      else family.values.set(key, { labels, value: by });
    };
  }

  gauge(name: string, help: string, collect: Family['collect']): void {
    this.family(name, help, 'gauge').collect = collect;
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`);
      const samples = family.collect ? await family.collect() : [...family.values.values()];
      for (const { labels, value } of samples) lines.push(`${name}${labelText(labels)} ${Number.isFinite(value) ? value : 'NaN'}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private family(name: string, help: string, type: Family['type']): Family {
    let family = this.families.get(name);
    if (!family) this.families.set(name, (family = { help, type, values: new Map() }));
    return family;
  }
}

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}
