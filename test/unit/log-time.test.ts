// Log times (wall clock of the Murmur host, no offset): their walls, and their instants in a zone or on the viewer's clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  logTimeInstant,
  logTimeOnLocalClock,
  logTimeWall,
  requireLogTimeWall,
  secondsBetweenWalls,
  wallAsUtc,
  wallToLogTime,
  zonedLogTimeToMs,
  zoneNow,
  zoneOffsetMs,
} from '../../main/log-time.js';

const HOUR_MS = 3_600_000;

test('a log time in UTC and in fixed-offset zones east and west', () => {
  assert.equal(zonedLogTimeToMs('2026-11-27T13:11:15.961', 'UTC'), Date.parse('2026-11-27T13:11:15.961Z'));
  assert.equal(zonedLogTimeToMs('2026-11-27T13:11:15.961', 'Asia/Kolkata'), Date.parse('2026-11-27T13:11:15.961+05:30'));
  assert.equal(zonedLogTimeToMs('2026-11-27T01:00:00.000', 'Pacific/Kiritimati'), Date.parse('2026-11-26T11:00:00.000Z'));
  assert.equal(zonedLogTimeToMs('2026-11-27T13:11:15.961', 'America/Sao_Paulo'), Date.parse('2026-11-27T13:11:15.961-03:00'));
  assert.equal(zonedLogTimeToMs('2026-01-05T23:30:00.5', 'America/Los_Angeles'), Date.parse('2026-01-06T07:30:00.500Z'));
});

test('Europe/Berlin: the skipped hour in March reads as after the change, the repeated hour in October as its first pass', () => {
  const berlin = 'Europe/Berlin';
  assert.equal(zonedLogTimeToMs('2026-03-29T01:59:59.999', berlin), Date.parse('2026-03-29T01:59:59.999+01:00'));
  assert.equal(zonedLogTimeToMs('2026-03-29T02:30:00.000', berlin), Date.parse('2026-03-29T03:30:00.000+02:00'), 'nonexistent');
  assert.equal(zonedLogTimeToMs('2026-03-29T03:00:00.000', berlin), Date.parse('2026-03-29T03:00:00.000+02:00'));
  assert.equal(zonedLogTimeToMs('2026-10-25T01:59:59.000', berlin), Date.parse('2026-10-25T01:59:59.000+02:00'));
  assert.equal(zonedLogTimeToMs('2026-10-25T02:30:00.000', berlin), Date.parse('2026-10-25T02:30:00.000+02:00'), 'ambiguous');
  assert.equal(zonedLogTimeToMs('2026-10-25T03:00:00.000', berlin), Date.parse('2026-10-25T03:00:00.000+01:00'));
  assert.equal(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), berlin), 2 * HOUR_MS);
  assert.equal(zoneOffsetMs(Date.parse('2026-12-01T12:00:00Z'), berlin), HOUR_MS);
});

test('America/New_York: the same rules west of Greenwich', () => {
  const york = 'America/New_York';
  assert.equal(zonedLogTimeToMs('2026-03-08T01:59:00.000', york), Date.parse('2026-03-08T01:59:00.000-05:00'));
  assert.equal(zonedLogTimeToMs('2026-03-08T02:30:00.000', york), Date.parse('2026-03-08T03:30:00.000-04:00'), 'nonexistent');
  assert.equal(zonedLogTimeToMs('2026-03-08T03:00:00.000', york), Date.parse('2026-03-08T03:00:00.000-04:00'));
  assert.equal(zonedLogTimeToMs('2026-11-01T01:30:00.000', york), Date.parse('2026-11-01T01:30:00.000-04:00'), 'ambiguous');
  assert.equal(zonedLogTimeToMs('2026-11-01T02:00:00.000', york), Date.parse('2026-11-01T02:00:00.000-05:00'));
  assert.equal(zoneOffsetMs(Date.parse('2026-07-01T12:00:00Z'), york), -4 * HOUR_MS);
});

test('every instant of a year round-trips through the wall clock, but for the second pass of a repeated hour', () => {
  for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe']) {
    const start = Date.parse('2026-01-01T00:00:00.250Z');
    let repeated = 0;
    // Every 20 minutes plus a few seconds, so every hour of every day is hit at varied offsets.
    for (let ms = start; ms < start + 366 * 24 * HOUR_MS; ms += 20 * 60_000 + 7_000) {
      const wall = zoneNow(zone, ms);
      const back = zonedLogTimeToMs(wall, zone);
      if (back !== ms) {
        repeated += 1;
        assert.ok(back < ms && ms - back <= HOUR_MS, `${zone} ${new Date(ms).toISOString()} read as ${wall} → ${new Date(back).toISOString()}`);
        assert.equal(zoneNow(zone, back), wall, 'the earlier instant with the same wall time');
      }
    }
    assert.ok(repeated > 0 && repeated <= 5, `${zone}: only the repeated hour differs (${repeated} samples)`);
  }
});

test('zoneNow is the wall clock of the zone; no zone or an unknown one reads as the viewer\'s local time', () => {
  assert.equal(zoneNow('Asia/Kolkata', Date.parse('2026-11-27T07:41:15.961Z')), '2026-11-27T13:11:15.961');
  assert.equal(zoneNow('America/New_York', Date.parse('2026-11-27T03:00:00.000Z')), '2026-11-26T22:00:00.000');
  assert.equal(logTimeInstant('2026-11-27T13:11:15.961', undefined), logTimeOnLocalClock('2026-11-27T13:11:15.961'));
  assert.equal(logTimeInstant('2026-11-27T13:11:15.961', 'UTC'), Date.parse('2026-11-27T13:11:15.961Z'));
  assert.equal(zonedLogTimeToMs('2026-11-27T13:11:15.961', 'Mars/Olympus'), logTimeOnLocalClock('2026-11-27T13:11:15.961'));
  assert.equal(zonedLogTimeToMs('not a time', 'UTC'), 0);
});

test('a session across a DST change lasts what the clock on the wall did not show', () => {
  const berlin = 'Europe/Berlin';
  const between = (start: string, end: string): number => secondsBetweenWalls(logTimeWall(start), logTimeWall(end), berlin);
  // 01:30 to 03:30 on the night clocks go forward is one hour; on the night they go back, three.
  assert.equal(between('2026-03-29T01:30:00.000', '2026-03-29T03:30:00.000'), 3600);
  assert.equal(between('2026-10-25T01:30:00.000', '2026-10-25T03:30:00.000'), 3 * 3600);
  assert.equal(between('2026-11-27T10:00:00.000', '2026-11-27T12:30:00.500'), 9001);
  assert.equal(between('2026-11-27T12:00:00.000', '2026-11-27T11:00:00.000'), 0, 'never negative');
});

test('a log time read by hand is what Date.parse reads as UTC, and anything else is NaN', () => {
  for (const time of ['2026-11-27T13:11:15.961', '2026-11-27T13:11:15', '2026-11-27T13:11:15.5', '2026-11-27T13:11:15.05', '2024-02-29T23:59:59.999', '0999-01-01T00:00:00.000']) {
    assert.equal(logTimeWall(time), Date.parse(`${time}Z`), time);
  }
  for (const time of ['', '2026-11-27', '2026-11-27 13:11:15.961', '2026-11-27T13:11:15.', '2026-11-27T13:11:15.9611', '2026-13-27T13:11:15.961', '2026-11-00T13:11:15.961', '2026-11-27T24:00:00.000', '2026-11-27T13:60:15.961', '2026-11-27T13:11:1x.961', '2026-11-27T13:11:15,961', '+02026-11-27T13:11']) {
    assert.ok(Number.isNaN(logTimeWall(time)), JSON.stringify(time));
  }
});

test('offsets remembered by the day are the zone\'s own at every quarter hour, through changes by an hour and by half an hour', () => {
  const days = [
    ['Europe/Berlin', '2026-03-28', '2026-10-24'],
    ['Australia/Lord_Howe', '2026-04-04', '2026-10-03'],
    ['America/St_Johns', '2026-03-07', '2026-10-31'],
    ['Asia/Kathmandu', '2026-06-01', '2026-12-01'],
  ] as const;
  for (const [zone, ...firsts] of days) {
    for (const first of firsts) {
      const start = Date.parse(`${first}T00:00:00Z`);
      // Three days around the change, every quarter hour and a minute into it.
      for (let ms = start; ms < start + 72 * HOUR_MS; ms += 15 * 60_000) {
        for (const at of [ms, ms + 60_000]) {
          assert.equal(zoneOffsetMs(at, zone), wallAsUtc(ms, zone) - ms, `${zone} at ${new Date(at).toISOString()}`);
        }
      }
    }
  }
});

test('a stored time written back is the ISO text without its zone, and reads back to the same number', () => {
  let ms = Date.parse('1970-01-01T00:00:00.000Z');
  const last = Date.parse('2100-01-01T00:00:00.000Z');
  // Steps of a little over a week and an odd number of milliseconds: every field takes many values.
  for (; ms < last; ms += 7 * 86_400_000 + 3_723_457) {
    const time = wallToLogTime(ms);
    assert.equal(time, new Date(ms).toISOString().slice(0, 23));
    assert.equal(requireLogTimeWall(time), ms);
  }
  assert.equal(wallToLogTime(Date.parse('2026-11-27T09:05:03.007Z')), '2026-11-27T09:05:03.007');
});
