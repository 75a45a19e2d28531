import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, body, errorOf, type TestApp } from '../../helpers/test-app.js';
import { workOrderSchema } from '../../../server/workorders/workorders.store.js';
import { HOUR, MIN, ordersOf, run, state, vn } from './helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const SITE = 'hn-p-ba-dinh';
const KIOSK = 'hn-p-ba-dinh-queue-kiosk';

describe('work orders from alarms', () => {
  it('opens one order per fault, verifies it once the device is healthy for 30 min, reopens it when the fault returns within 72 h, and opens a new one after', () => {
    state(t, KIOSK, SITE, 'queue-kiosk', true, ['PRINTER_JAM']);
    run(t, 2 * MIN);
    let orders = ordersOf(t, KIOSK);
    expect(orders).toHaveLength(1);
    const first = orders[0];
    expect(first?.status).toBe('open');
    expect(first?.severity).toBe('critical');
    // Raised at 09:01 Monday; 4 opening hours: 09:01–12:00 (2 h 59) + 13:30–14:31.
    expect(first?.dueAt).toBe(vn('2026-03-02T14:31:00'));

    // Still broken for an hour: no second order, no verification.
    run(t, HOUR);
    expect(ordersOf(t, KIOSK)).toHaveLength(1);
    expect(ordersOf(t, KIOSK)[0]?.status).toBe('open');

    // Repaired; healthy 29 min → not yet verified; 31 min → verified by telemetry.
    state(t, KIOSK, SITE, 'queue-kiosk', true);
    run(t, 29 * MIN);
    expect(ordersOf(t, KIOSK)[0]?.status).toBe('open');
    run(t, 2 * MIN);
    orders = ordersOf(t, KIOSK);
    expect(orders[0]?.status).toBe('verified');
    expect(orders[0]?.verifiedBy).toBe('telemetry');

    // Same fault 10 h later: the same order reopens.
    run(t, 10 * HOUR, 10 * MIN);
    state(t, KIOSK, SITE, 'queue-kiosk', true, ['PRINTER_JAM']);
    run(t, 2 * MIN);
    orders = ordersOf(t, KIOSK);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.status).toBe('reopened');
    expect(orders[0]?.reopenedCount).toBe(1);
    expect(orders[0]?.id).toBe(first?.id);

    // Fixed again; then the fault returns 4 days after verification: a new order.
    state(t, KIOSK, SITE, 'queue-kiosk', true);
    run(t, 40 * MIN);
    expect(ordersOf(t, KIOSK)[0]?.status).toBe('verified');
    run(t, 4 * 24 * HOUR, 30 * MIN);
    state(t, KIOSK, SITE, 'queue-kiosk', true, ['PRINTER_JAM']);
    run(t, 2 * MIN);
    orders = ordersOf(t, KIOSK);
    expect(orders).toHaveLength(2);
    expect(orders.filter((o) => o.status === 'open')).toHaveLength(1);
    const history = t.services.facility.workorders.store.events(first?.id ?? '').map((e) => e.event);
    expect(history).toEqual(['created', 'verified', 'reopened', 'verified']);
  });

  it('opens no order for alarms below the configured severity, nor for non-equipment alarms', () => {
    state(t, KIOSK, SITE, 'queue-kiosk', true, ['PAPER_LOW']); // warning
    t.services.facility.hub.queue({ siteId: SITE, waiting: 500, p90WaitMs: null, at: t.clock.now() });
    run(t, 5 * MIN);
    expect(t.services.facility.alarms.list({ scopePaths: ['/'], limit: 10 })).toHaveLength(2);
    expect(t.services.facility.workorders.list({ scopePaths: ['/'], limit: 10 })).toHaveLength(0);
  });
});

describe('work orders by hand', () => {
  const png = () =>
    sharp({ create: { width: 120, height: 90, channels: 3, background: '#c0392b' } })
      .png()
      .toBuffer();
  const upload = (token: string, id: string, bytes: Buffer, type: string) =>
    Promise.resolve(
      t.app.request(`/api/v1/work-orders/${id}/photos`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body: new Uint8Array(bytes),
      }),
    );

  it('runs open → assigned → in_progress → on_hold → in_progress → resolved → verified with comments and photos, by role and scope', async () => {
    const fm = await t.login('fm.ba-dinh', [{ role: 'facility-manager', orgId: SITE }]);
    const tech = await t.login('tech.ba-dinh', [{ role: 'technician', orgId: SITE }]);
    const outsider = await t.login('fm.ngoc-ha', [{ role: 'facility-manager', orgId: 'hn-p-ngoc-ha' }]);

    const input = { siteId: SITE, title: 'Ghế chờ bị gãy chân', severity: 'minor' };
    expect((await t.call('POST', '/api/v1/work-orders', { token: tech, body: input })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/work-orders', { token: outsider, body: input })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/work-orders', { token: fm, body: { ...input, extra: 1 } })).status).toBe(400);
    const created = await t.call('POST', '/api/v1/work-orders', { token: fm, body: input });
    expect(created.status).toBe(201);
    const wo = await body(created, workOrderSchema);
    // Minor: 24 opening hours from Mon 09:00 (7 h a weekday, Saturday morning 4 h) → Thu 12:00... counted:
    // Mon 7 h (09–12, 13:30–17:00 = 3 + 3.5 = 6.5 h), Tue 7.5, Wed 7.5 → 21.5 h, Thu 2.5 h more → 10:30.
    expect(wo.dueAt).toBe(vn('2026-03-05T10:30:00'));

    const move = (token: string, status: string) =>
      t.call('POST', `/api/v1/work-orders/${wo.id}/status`, { token, body: { status } });
    const noAssignee = await move(fm, 'assigned');
    expect((await errorOf(noAssignee)).code).toBe('WORKORDER_NO_ASSIGNEE');
    const assigned = await t.call('POST', `/api/v1/work-orders/${wo.id}/assign`, {
      token: fm,
      body: { kind: 'contractor', name: 'Công ty CP Nội thất Thủ đô' },
    });
    expect((await body(assigned, workOrderSchema)).status).toBe('assigned');
    expect((await move(tech, 'in_progress')).status).toBe(200);
    expect((await move(tech, 'on_hold')).status).toBe(200);
    expect((await move(tech, 'in_progress')).status).toBe(200);
    const bad = await move(tech, 'verified');
    expect(bad.status).toBe(403); // verifying is the manager's
    expect((await move(tech, 'resolved')).status).toBe(200);
    expect(
      (
        await t.call('POST', `/api/v1/work-orders/${wo.id}/comments`, {
          token: tech,
          body: { text: 'Đã thay chân ghế' },
        })
      ).status,
    ).toBe(204);

    const photo = await upload(tech, wo.id, await png(), 'image/png');
    expect(photo.status).toBe(201);
    const stored = z.object({ id: z.string(), width: z.number() }).parse(await photo.json());
    expect(stored.width).toBe(120);
    const back = await t.app.request(`/api/v1/work-orders/${wo.id}/photos/${stored.id}`, {
      headers: { authorization: `Bearer ${fm}` },
    });
    expect(back.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(new Uint8Array(await back.arrayBuffer())).metadata()).format).toBe('jpeg');

    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    const refused = await upload(tech, wo.id, svg, 'image/png');
    expect(refused.status).toBe(400);
    expect((await errorOf(refused)).code).toBe('PHOTO_FORMAT');
    const garbage = await upload(tech, wo.id, Buffer.from('not an image at all'), 'image/jpeg');
    expect((await errorOf(garbage)).code).toBe('PHOTO_UNREADABLE');
    const bomb = await sharp({ create: { width: 8_000, height: 6_000, channels: 3, background: '#000' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    const tooMany = await upload(tech, wo.id, bomb, 'image/png');
    expect(tooMany.status).toBe(400);
    expect((await errorOf(tooMany)).code).toBe('PHOTO_TOO_MANY_PIXELS');

    const verified = await move(fm, 'verified');
    expect((await body(verified, workOrderSchema)).status).toBe('verified');
    expect((await move(fm, 'in_progress')).status).toBe(409);

    const detail = await t.call('GET', `/api/v1/work-orders/${wo.id}`, { token: tech });
    const d = z
      .object({ history: z.array(z.object({ event: z.string() })), photos: z.array(z.object({ id: z.string() })) })
      .parse(await detail.json());
    expect(d.history.map((h) => h.event)).toEqual([
      'created',
      'assigned',
      'in_progress',
      'on_hold',
      'in_progress',
      'resolved',
      'comment',
      'photo',
      'verified',
    ]);
    expect(d.photos).toHaveLength(1);
    expect((await t.call('GET', `/api/v1/work-orders/${wo.id}`, { token: outsider })).status).toBe(403);
    expect(
      t.services.audit.query({ scopePaths: ['/'], entity: 'work_order', limit: 50 }).length,
    ).toBeGreaterThanOrEqual(8);
  });
});
