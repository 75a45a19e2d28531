/**
 * The screens' group commit on a real SQLite file: a write resolves only once committed (seen
 * by a second connection), one failing write fails alone, a failed commit fails every write of
 * the batch, and flush() commits what is queued (shutdown).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../server/db/database.js';
import { WriteBatch } from '../../../server/screens/write-batch.js';

let dir: string;
let db: Db;
let other: Db;
const count = (d: Db) => d.prepare<[], { n: number }>('SELECT count(*) AS n FROM t').get()?.n ?? -1;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hcpv-wb-'));
  db = openDatabase(join(dir, 'x.db'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  other = openDatabase(join(dir, 'x.db'));
});
afterEach(() => {
  other.close();
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('WriteBatch', () => {
  it('resolves each write with its result only after the batch is committed, in one transaction', async () => {
    let rollbacks = 0;
    const wb = new WriteBatch(db, () => rollbacks++);
    const insert = db.prepare<[number, string]>('INSERT INTO t (id, v) VALUES (?, ?)');
    const seenAtResolve: number[] = [];
    const writes = Array.from({ length: 50 }, (_, i) =>
      wb
        .run(() => insert.run(i, `v${i}`).changes)
        .then((n) => {
          seenAtResolve.push(count(other));
          return n;
        }),
    );
    // Queued, not committed: another connection sees nothing yet.
    expect(count(other)).toBe(0);
    expect(await Promise.all(writes)).toEqual(Array.from({ length: 50 }, () => 1));
    expect(seenAtResolve.every((n) => n === 50)).toBe(true);
    expect(wb.stats).toEqual({ commits: 1, writes: 50 });
    expect(rollbacks).toBe(0);
  });

  it('a failing write fails alone; the others of its batch commit', async () => {
    let rollbacks = 0;
    const wb = new WriteBatch(db, () => rollbacks++);
    const insert = db.prepare<[number, string | null]>('INSERT INTO t (id, v) VALUES (?, ?)');
    const a = wb.run(() => insert.run(1, 'a'));
    const bad = wb.run(() => {
      insert.run(2, 'b'); // rolled back with its savepoint
      insert.run(3, null); // NOT NULL
    });
    const c = wb.run(() => insert.run(4, 'c'));
    await expect(bad).rejects.toThrow(/NOT NULL/);
    await a;
    await c;
    expect(
      other
        .prepare<[], { id: number }>('SELECT id FROM t ORDER BY id')
        .all()
        .map((r) => r.id),
    ).toEqual([1, 4]);
    // Once for the plain run of the batch, once for the savepoint of the failing write in the rerun.
    expect(rollbacks).toBe(2);
  });

  it('a batch that cannot commit fails every write in it, and nothing is half-written', async () => {
    let rollbacks = 0;
    const wb = new WriteBatch(db, () => rollbacks++);
    const insert = db.prepare<[number, string]>('INSERT INTO t (id, v) VALUES (?, ?)');
    const writes = [wb.run(() => insert.run(1, 'a')), wb.run(() => insert.run(2, 'b'))];
    db.close();
    for (const w of writes) await expect(w).rejects.toThrow(/closed/);
    expect(count(other)).toBe(0);
    expect(rollbacks).toBe(1);
  });

  it('flush() commits what is queued at once (shutdown)', async () => {
    const wb = new WriteBatch(db);
    const insert = db.prepare<[number, string]>('INSERT INTO t (id, v) VALUES (?, ?)');
    const w = wb.run(() => insert.run(1, 'a'));
    expect(wb.pending).toBe(1);
    wb.flush();
    expect(wb.pending).toBe(0);
    expect(count(other)).toBe(1);
    await w;
  });

  it('a full batch is committed at the end of the loop turn, not after the window', async () => {
    const wb = new WriteBatch(db, () => undefined, { maxDelayMs: 60_000, maxBatch: 10 });
    const insert = db.prepare<[number, string]>('INSERT INTO t (id, v) VALUES (?, ?)');
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 10 }, (_, i) => wb.run(() => insert.run(i, 'x'))));
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(count(other)).toBe(10);
  });
});
