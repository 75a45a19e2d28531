/**
 * The SQLite telemetry file's tables: raw points (one row per point, fields as JSON, indexed by
 * site and time), minute and hour rollups, and the writer's marks (the last raw row folded into
 * the rollups, the last batch committed). Applied by SqliteTelemetryStore on the main thread
 * before its writer thread opens the file.
 */
import type { Migration } from '../db/database.js';

export const sqliteTelemetryMigrations: Migration[] = [
  {
    id: 'telemetry-001-raw-rollups',
    up: `
      CREATE TABLE telemetry_raw (
        ts INTEGER NOT NULL, measurement TEXT NOT NULL, site TEXT NOT NULL, zone TEXT NOT NULL,
        dtype TEXT NOT NULL, device TEXT NOT NULL, service TEXT, fields TEXT NOT NULL
      );
      CREATE INDEX telemetry_raw_device ON telemetry_raw(device, ts);
      CREATE INDEX telemetry_raw_site ON telemetry_raw(site, ts);
      ${['minute', 'hour']
        .map(
          (r) => `CREATE TABLE telemetry_${r} (
        bucket INTEGER NOT NULL, measurement TEXT NOT NULL, site TEXT NOT NULL, zone TEXT NOT NULL, dtype TEXT NOT NULL,
        device TEXT NOT NULL, service TEXT NOT NULL, field TEXT NOT NULL,
        count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL,
        PRIMARY KEY (device, bucket, field, service, measurement)
      ) WITHOUT ROWID;
      CREATE INDEX telemetry_${r}_site ON telemetry_${r}(site, bucket);`,
        )
        .join('\n')}
    `,
  },
  {
    id: 'telemetry-002-rollup-watermark',
    // The last raw rowid folded into the rollups; rows after it are re-folded at start-up.
    up: `CREATE TABLE telemetry_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
         INSERT INTO telemetry_meta (key, value) SELECT 'rollup_rowid', coalesce(max(rowid), 0) FROM telemetry_raw;`,
  },
  {
    id: 'telemetry-003-raw-dedupe',
    // MQTT QoS 1 is at-least-once: the same message can arrive twice. One row per distinct point.
    up: `DELETE FROM telemetry_raw WHERE rowid NOT IN (
           SELECT min(rowid) FROM telemetry_raw GROUP BY device, measurement, ts, coalesce(service, ''), fields);
         CREATE UNIQUE INDEX telemetry_raw_point ON telemetry_raw(device, ts, measurement, coalesce(service, ''), fields);`,
  },
  {
    id: 'telemetry-004-raw-same-ms',
    // Identical readings in the same millisecond can be distinct events (two tickets issued, the
    // ticket number never stored), so rows are not unique by content: QoS 1 redeliveries are
    // dropped by message in the ingest pipeline instead.
    up: `DROP INDEX IF EXISTS telemetry_raw_point;`,
  },
  {
    id: 'telemetry-005-raw-site-index-only',
    // Rows arrive in time order from every device at once: an index led by the device id gets
    // ~1 dirty page per device per batch (≈ 2 KB of WAL per row at 1,000 devices), which cost
    // more than everything else in ingest. Every API query names its site, so (site, ts) serves
    // them; a device's rows are filtered inside its site's time range.
    up: `DROP INDEX IF EXISTS telemetry_raw_device;`,
  },
  {
    id: 'telemetry-006-batch-seq',
    // The last batch the writer thread committed: a batch sent to a writer that died is
    // committed iff its sequence number is at most this (so it is neither lost nor written twice).
    up: `INSERT INTO telemetry_meta (key, value) VALUES ('batch_seq', 0);`,
  },
];
