// Buckets → chart points. The range runs from its first bucket with data (at most 24 h / 30 d back) to the
// bucket that is filling now; a bucket with no readings (the monitor was down, the machine slept) becomes
// a point of nulls, so a chart draws a gap there instead of a line through zeros.
import type { NetRate, PerfPeak, PerfPoint, PerfRange } from '../../contract.js';
import { FIVE_MINUTES_MS, HOUR_MS, RETENTION, bucketStart, type Agg, type Bucket, type RollupData } from './rollup.js';

const RANGES: Record<PerfRange, { widthMs: number; spanMs: number; list: (data: RollupData) => Bucket[] }> = {
  '24h': { widthMs: FIVE_MINUTES_MS, spanMs: RETENTION.fiveMinuteMs, list: (data) => data.fiveMinute },
  '30d': { widthMs: HOUR_MS, spanMs: RETENTION.hourlyMs, list: (data) => data.hourly },
};

export function rangeWidthSeconds(range: PerfRange): number {
  return RANGES[range].widthMs / 1000;
}

const avg = (agg: Agg | undefined): number | null => (agg ? agg[1] / agg[0] : null);
const peak = (agg: Agg | undefined): number | null => (agg ? agg[2] : null);

function netOf(bucket: Bucket, pick: (agg: Agg) => number): Record<string, NetRate> {
  const net: Record<string, NetRate> = {};
  for (const [iface, [rx, tx]] of Object.entries(bucket.net ?? {})) net[iface] = { rxKbps: pick(rx), txKbps: pick(tx) };
  return net;
}

function bucketPoint(bucket: Bucket): PerfPoint {
  const max: PerfPeak = {
    cpu: peak(bucket.cpu),
    net: netOf(bucket, (agg) => agg[2]),
    murmur: { cpu: peak(bucket.murmurCpu), memMB: peak(bucket.murmurMem) },
  };
  return {
    t: bucket.t,
    cpu: avg(bucket.cpu),
    net: netOf(bucket, (agg) => agg[1] / agg[0]),
    murmur: { cpu: avg(bucket.murmurCpu), memMB: avg(bucket.murmurMem) },
    max,
  };
}

function gapPoint(t: number): PerfPoint {
  return { t, cpu: null, net: {}, murmur: { cpu: null, memMB: null } };
}

/** One point per bucket from the first bucket with data in the range up to the current one. */
export function rangePoints(data: RollupData, range: PerfRange, now: number): PerfPoint[] {
  const { widthMs, spanMs, list } = RANGES[range];
  const current = bucketStart(now, widthMs);
  const from = current - spanMs + widthMs;
  const buckets = list(data).filter((bucket) => bucket.t >= from && bucket.t <= current);
  const first = buckets[0];
  if (!first) return [];
  const byStart = new Map(buckets.map((bucket) => [bucket.t, bucket]));
  const points: PerfPoint[] = [];
  for (let t = first.t; t <= current; t += widthMs) {
    const bucket = byStart.get(t);
    points.push(bucket ? bucketPoint(bucket) : gapPoint(t));
  }
  return points;
}
