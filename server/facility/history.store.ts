/**
 * Facility history the reports are computed from: downtime episodes per device (offline, or a
 * fault at or above the type's `downAtSeverity`) and hourly queue figures per site. Both are
 * written as things happen, so availability, MTBF/MTTR and citizen impact come from real
 * episodes, never from labour entries.
 */
import type { Db, Migration } from '../db/database.js';
import { DEVICE_TYPES, type DeviceType } from '../../devices/device-types.js';

export const facilityMigrations: Migration[] = [
  {
    id: 'facility-001-history',
    up: `
      CREATE TABLE downtime_episodes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        device_id TEXT NOT NULL,
        site_id TEXT NOT NULL,
        device_type TEXT NOT NULL,
        cause TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      CREATE INDEX downtime_site ON downtime_episodes(site_id, started_at);
      CREATE INDEX downtime_device ON downtime_episodes(device_id, started_at);
      CREATE TABLE queue_hourly (
        site_id TEXT NOT NULL,
        hour INTEGER NOT NULL,
        issued INTEGER NOT NULL DEFAULT 0,
        called INTEGER NOT NULL DEFAULT 0,
        wait_sum_ms INTEGER NOT NULL DEFAULT 0,
        finished INTEGER NOT NULL DEFAULT 0,
        no_show INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (site_id, hour)
      ) WITHOUT ROWID;
    `,
  },
];

export const HOUR_MS = 3_600_000;

const VN_OFFSET = 7 * HOUR_MS;
const DAY = 24 * HOUR_MS;

export interface SlotFigures {
  siteId: string;
  slot: number;
  down: boolean;
  hours: number;
  called: number;
  waitSumMs: number;
  finished: number;
  noShow: number;
}

export interface Episode {
  deviceId: string;
  siteId: string;
  deviceType: DeviceType;
  cause: string;
  startedAt: number;
  endedAt: number | null;
}

export interface QueueHour {
  siteId: string;
  hour: number;
  issued: number;
  called: number;
  waitSumMs: number;
  finished: number;
  noShow: number;
}

interface EpisodeRow {
  device_id: string;
  site_id: string;
  device_type: string;
  cause: string;
  started_at: number;
  ended_at: number | null;
}

const DEVICE_TYPE_SET: ReadonlySet<string> = new Set(DEVICE_TYPES);
const isDeviceType = (v: string): v is DeviceType => DEVICE_TYPE_SET.has(v);
function unknownType(v: string): never {
  throw new Error(`downtime_episodes holds an unknown device type "${v}"`);
}

const toEpisode = (r: EpisodeRow): Episode => ({
  deviceId: r.device_id,
  siteId: r.site_id,
  deviceType: isDeviceType(r.device_type) ? r.device_type : unknownType(r.device_type),
  cause: r.cause,
  startedAt: r.started_at,
  endedAt: r.ended_at,
});

export class FacilityHistoryStore {
  constructor(private readonly db: Db) {}

  startDowntime(deviceId: string, siteId: string, type: DeviceType, cause: string, at: number): void {
    const open = this.db
      .prepare<[string], { id: number }>('SELECT id FROM downtime_episodes WHERE device_id = ? AND ended_at IS NULL')
      .get(deviceId);
    if (open) return;
    this.db
      .prepare(
        'INSERT INTO downtime_episodes (device_id, site_id, device_type, cause, started_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(deviceId, siteId, type, cause, at);
  }

  endDowntime(deviceId: string, at: number): void {
    this.db
      .prepare('UPDATE downtime_episodes SET ended_at = ? WHERE device_id = ? AND ended_at IS NULL')
      .run(at, deviceId);
  }

  /** Is the device in an open downtime episode now? */
  isDown(deviceId: string): boolean {
    return (
      this.db
        .prepare<[string], { n: number }>(
          'SELECT 1 AS n FROM downtime_episodes WHERE device_id = ? AND ended_at IS NULL',
        )
        .get(deviceId) !== undefined
    );
  }

  /** Devices down now, by id. */
  downNow(): Set<string> {
    return new Set(
      this.db
        .prepare<[], { device_id: string }>('SELECT device_id FROM downtime_episodes WHERE ended_at IS NULL')
        .all()
        .map((r) => r.device_id),
    );
  }

  /** Episodes overlapping [from, to), optionally for one site, ordered by device then start. */
  episodes(from: number, to: number, siteId?: string): Episode[] {
    const sql =
      'SELECT device_id, site_id, device_type, cause, started_at, ended_at FROM downtime_episodes ' +
      'WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?)' +
      (siteId === undefined ? '' : ' AND site_id = ?') +
      ' ORDER BY device_id, started_at';
    const args: (string | number)[] = siteId === undefined ? [to, from] : [to, from, siteId];
    return this.db
      .prepare<(string | number)[], EpisodeRow>(sql)
      .all(...args)
      .map(toEpisode);
  }

  insertEpisodes(rows: readonly Episode[]): void {
    const st = this.db.prepare(
      'INSERT INTO downtime_episodes (device_id, site_id, device_type, cause, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const e of rows) st.run(e.deviceId, e.siteId, e.deviceType, e.cause, e.startedAt, e.endedAt);
    })();
  }

  addTicket(
    siteId: string,
    at: number,
    kind: 'issued' | 'called' | 'finished' | 'no_show',
    waitMs: number | undefined,
  ): void {
    const hour = Math.floor(at / HOUR_MS) * HOUR_MS;
    const col = kind === 'no_show' ? 'no_show' : kind;
    this.db
      .prepare(
        `INSERT INTO queue_hourly (site_id, hour, ${col}, wait_sum_ms) VALUES (?, ?, 1, ?)
         ON CONFLICT(site_id, hour) DO UPDATE SET ${col} = ${col} + 1, wait_sum_ms = wait_sum_ms + excluded.wait_sum_ms`,
      )
      .run(siteId, hour, kind === 'called' ? (waitMs ?? 0) : 0);
  }

  insertQueueHours(rows: readonly QueueHour[]): void {
    const st = this.db.prepare(
      'INSERT OR REPLACE INTO queue_hourly (site_id, hour, issued, called, wait_sum_ms, finished, no_show) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const q of rows) st.run(q.siteId, q.hour, q.issued, q.called, q.waitSumMs, q.finished, q.noShow);
    })();
  }

  /**
   * Queue figures summed per site, local weekday-and-hour slot (`weekday * 24 + hour`, 0 = Sunday)
   * and whether the hour is in `downHours` — the aggregation runs in SQLite so a year of a
   * city's hours never crosses into JavaScript row by row.
   */
  queueBySlot(
    from: number,
    to: number,
    siteId: string | undefined,
    downHours: readonly { siteId: string; hour: number }[],
  ): SlotFigures[] {
    return this.db.transaction(() => {
      this.db.exec(
        'CREATE TEMP TABLE IF NOT EXISTS report_down_hours (site_id TEXT NOT NULL, hour INTEGER NOT NULL, PRIMARY KEY (site_id, hour)) WITHOUT ROWID',
      );
      this.db.exec('DELETE FROM temp.report_down_hours');
      const ins = this.db.prepare('INSERT OR IGNORE INTO temp.report_down_hours (site_id, hour) VALUES (?, ?)');
      for (const d of downHours) ins.run(d.siteId, d.hour);
      const sql = `
        SELECT q.site_id AS siteId,
               (((q.hour + ${VN_OFFSET}) / ${DAY}) + 4) % 7 * 24 + ((q.hour + ${VN_OFFSET}) % ${DAY}) / ${HOUR_MS} AS slot,
               d.hour IS NOT NULL AS down,
               COUNT(*) AS hours, SUM(q.called) AS called, SUM(q.wait_sum_ms) AS waitSumMs,
               SUM(q.finished) AS finished, SUM(q.no_show) AS noShow
        FROM queue_hourly q LEFT JOIN temp.report_down_hours d ON d.site_id = q.site_id AND d.hour = q.hour
        WHERE q.hour >= ? AND q.hour < ?${siteId === undefined ? '' : ' AND q.site_id = ?'}
        GROUP BY q.site_id, slot, down`;
      const args: (string | number)[] = siteId === undefined ? [from, to] : [from, to, siteId];
      const rows = this.db.prepare<(string | number)[], Omit<SlotFigures, 'down'> & { down: number }>(sql).all(...args);
      this.db.exec('DELETE FROM temp.report_down_hours');
      return rows.map((r) => ({ ...r, down: r.down === 1 }));
    })();
  }

  queueHours(from: number, to: number, siteId?: string): QueueHour[] {
    const sql =
      'SELECT site_id, hour, issued, called, wait_sum_ms, finished, no_show FROM queue_hourly WHERE hour >= ? AND hour < ?' +
      (siteId === undefined ? '' : ' AND site_id = ?') +
      ' ORDER BY site_id, hour';
    const args: (string | number)[] = siteId === undefined ? [from, to] : [from, to, siteId];
    return this.db
      .prepare<
        (string | number)[],
        {
          site_id: string;
          hour: number;
          issued: number;
          called: number;
          wait_sum_ms: number;
          finished: number;
          no_show: number;
        }
      >(sql)
      .all(...args)
      .map((r) => ({
        siteId: r.site_id,
        hour: r.hour,
        issued: r.issued,
        called: r.called,
        waitSumMs: r.wait_sum_ms,
        finished: r.finished,
        noShow: r.no_show,
      }));
  }
}
