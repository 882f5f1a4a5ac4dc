// Kea's statistics manager for the DHCPv6 engine: named integer observations, each
// keeping its recent samples as [value, "YYYY-MM-DD HH:MM:SS.ffffff"] (newest first),
// limited by a sample count (Kea's default 20) or a sample age. The statistic-* commands
// read and reset these; the names and meanings are Kea's (statistic-get-all of kea-dhcp6).

export type StatisticSample = [number, string];

/** Kea's default max-sample-count. */
export const DEFAULT_MAX_SAMPLE_COUNT = 20;

class Observation {
  /** value, time (µs since epoch) pairs, oldest first */
  samples: number[] = [];
  maxCount: number | null;
  /** seconds; used instead of maxCount when set (Kea: the two limits exclude each other) */
  maxAge: number | null = null;

  constructor(maxCount: number) {
    this.maxCount = maxCount;
  }

  get value(): number {
    return this.samples.length === 0 ? 0 : this.samples[this.samples.length - 2];
  }

  record(value: number, now: number): void {
    const s = this.samples;
    s.push(value, now);
    if (this.maxAge !== null) {
      const oldest = now - this.maxAge * 1e6;
      let drop = 0;
      // Keep at least the current sample, as Kea does.
      while (drop < s.length - 2 && s[drop + 1] < oldest) drop += 2;
      if (drop > 0) s.splice(0, drop);
    } else if (this.maxCount !== null && s.length > this.maxCount * 2) {
      s.splice(0, s.length - this.maxCount * 2);
    }
  }

  render(): StatisticSample[] {
    const out: StatisticSample[] = [];
    for (let i = this.samples.length - 2; i >= 0; i -= 2) out.push([this.samples[i], formatSampleTime(this.samples[i + 1])]);
    return out;
  }
}

const origin = performance.timeOrigin;
function nowMicros(): number {
  return Math.floor((origin + performance.now()) * 1000);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Kea prints sample times in local time with microseconds. */
export function formatSampleTime(micros: number): string {
  const d = new Date(Math.floor(micros / 1000));
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)} ` +
    `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(((micros % 1e6) + 1e6) % 1e6, 6)}`
  );
}

/** Kea statistics are 64-bit integers; ours are exact up to 2^53 and clamped above. */
function clampValue(v: number): number {
  if (v > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
  if (v < -Number.MAX_SAFE_INTEGER) return -Number.MAX_SAFE_INTEGER;
  return v;
}

export class Statistics {
  private readonly observations = new Map<string, Observation>();
  private defaultMaxCount = DEFAULT_MAX_SAMPLE_COUNT;
  private defaultMaxAge: number | null = null;

  private observation(name: string): Observation {
    let o = this.observations.get(name);
    if (!o) {
      o = new Observation(this.defaultMaxCount);
      if (this.defaultMaxAge !== null) {
        o.maxAge = this.defaultMaxAge;
        o.maxCount = null;
      }
      this.observations.set(name, o);
    }
    return o;
  }

  /** Kea's addValue: creates the statistic at 0 when missing. */
  add(name: string, delta: number): void {
    const o = this.observation(name);
    o.record(clampValue(o.value + delta), nowMicros());
  }

  /** Kea's setValue. */
  set(name: string, value: number): void {
    this.observation(name).record(clampValue(value), nowMicros());
  }

  /** Sets the value only when it differs, so periodic refreshes do not flood the samples. */
  update(name: string, value: number): void {
    const o = this.observations.get(name);
    if (o && o.samples.length > 0 && o.value === value) return;
    this.set(name, value);
  }

  has(name: string): boolean {
    return this.observations.has(name);
  }

  /** The current value; undefined when there is no such statistic. */
  value(name: string): number | undefined {
    return this.observations.get(name)?.value;
  }

  /** The samples of one statistic, newest first; undefined when there is no such statistic. */
  get(name: string): StatisticSample[] | undefined {
    return this.observations.get(name)?.render();
  }

  /** Every statistic by name (sorted, as Kea lists them). */
  getAll(): Record<string, StatisticSample[]> {
    const out: Record<string, StatisticSample[]> = {};
    for (const name of [...this.observations.keys()].sort()) out[name] = this.observations.get(name)!.render();
    return out;
  }

  names(): string[] {
    return [...this.observations.keys()].sort();
  }

  /** Kea's statistic-reset: samples cleared, value back to 0. False when unknown. */
  reset(name: string): boolean {
    const o = this.observations.get(name);
    if (!o) return false;
    o.samples = [];
    o.record(0, nowMicros());
    return true;
  }

  resetAll(): void {
    const now = nowMicros();
    for (const o of this.observations.values()) {
      o.samples = [];
      o.record(0, now);
    }
  }

  /** Kea's statistic-remove. False when unknown. */
  remove(name: string): boolean {
    return this.observations.delete(name);
  }

  removeAll(): void {
    this.observations.clear();
  }

  /** Removes every statistic whose name starts with `prefix` (a deleted subnet's "subnet[7]."). */
  removePrefix(prefix: string): void {
    for (const name of [...this.observations.keys()]) if (name.startsWith(prefix)) this.observations.delete(name);
  }

  /** Kea's statistic-sample-count-set. False when unknown. */
  setMaxSampleCount(name: string, count: number): boolean {
    const o = this.observations.get(name);
    if (!o) return false;
    o.maxCount = count;
    o.maxAge = null;
    if (o.samples.length > count * 2) o.samples.splice(0, o.samples.length - count * 2);
    return true;
  }

  /** Kea's statistic-sample-count-set-all: also the default for statistics created later. */
  setMaxSampleCountAll(count: number): void {
    this.defaultMaxCount = count;
    this.defaultMaxAge = null;
    for (const name of this.observations.keys()) this.setMaxSampleCount(name, count);
  }

  /** Kea's statistic-sample-age-set (seconds). False when unknown. */
  setMaxSampleAge(name: string, seconds: number): boolean {
    const o = this.observations.get(name);
    if (!o) return false;
    o.maxAge = seconds;
    o.maxCount = null;
    return true;
  }

  /** Kea's statistic-sample-age-set-all: also the default for statistics created later. */
  setMaxSampleAgeAll(seconds: number): void {
    this.defaultMaxAge = seconds;
    for (const name of this.observations.keys()) this.setMaxSampleAge(name, seconds);
  }
}
