import { describe, expect, it } from 'vitest';
import {
  byDueDay,
  canMove,
  groupByStatus,
  localDay,
  monthGrid,
  slaState,
  type OrderLike,
} from '../../../displays/facility/lib/board.js';

const o = (id: string, over: Partial<OrderLike> = {}): OrderLike => ({
  id,
  status: 'open',
  sitePath: '/hn/ttpvhcc/cn01/hn-p-ba-dinh/',
  dueAt: 10_000_000,
  resolvedAt: null,
  severity: 'major',
  ...over,
});

describe('work-order board', () => {
  it('puts every order in its status column, soonest due first, with every column present', () => {
    const g = groupByStatus([o('a', { dueAt: 5 }), o('b', { status: 'resolved' }), o('c', { dueAt: 1 })]);
    expect([...g.keys()]).toEqual(['open', 'assigned', 'in_progress', 'on_hold', 'resolved', 'verified', 'reopened']);
    expect(g.get('open')?.map((x) => x.id)).toEqual(['c', 'a']);
    expect(g.get('resolved')?.map((x) => x.id)).toEqual(['b']);
  });
  it('tells SLA state from due time and resolution', () => {
    expect(slaState(o('a', { dueAt: 100 }), 200)).toBe('breached');
    expect(slaState(o('a', { dueAt: 3_600_000 }), 0)).toBe('due-soon');
    expect(slaState(o('a', { dueAt: 10 * 3_600_000 }), 0)).toBe('on-time');
    expect(slaState(o('a', { dueAt: 100, resolvedAt: 50 }), 1e9)).toBe('met');
    expect(slaState(o('a', { dueAt: 100, resolvedAt: 150 }), 0)).toBe('breached');
  });
  it('lets technicians move work along but only managers verify or reopen, inside their subtree', () => {
    const tech = [{ role: 'technician' as const, path: '/hn/ttpvhcc/cn01/' }];
    const mgr = [{ role: 'facility-manager' as const, path: '/hn/' }];
    const viewer = [{ role: 'viewer' as const, path: '/hn/' }];
    expect(canMove(tech, o('a'), 'resolved')).toBe(true);
    expect(canMove(tech, o('a', { status: 'resolved' }), 'verified')).toBe(false);
    expect(canMove(mgr, o('a', { status: 'resolved' }), 'verified')).toBe(true);
    expect(canMove(viewer, o('a'), 'in_progress')).toBe(false);
    expect(canMove([{ role: 'technician', path: '/hn/ttpvhcc/cn02/' }], o('a'), 'resolved')).toBe(false);
    expect(canMove(mgr, o('a'), 'open')).toBe(false);
  });
  it('builds a Monday-first month grid and files orders by Hà Nội due day', () => {
    const g = monthGrid(2026, 3); // March 2026 starts on a Sunday
    expect(g[0]).toEqual([null, null, null, null, null, null, '2026-03-01']);
    expect(g.flat().filter(Boolean)).toHaveLength(31);
    expect(g.every((w) => w.length === 7)).toBe(true);
    // 20:00 UTC on 1 March is 03:00 on 2 March in Hà Nội.
    expect(localDay(Date.UTC(2026, 2, 1, 20))).toBe('2026-03-02');
    expect([...byDueDay([{ dueAt: Date.UTC(2026, 2, 1, 20) }]).keys()]).toEqual(['2026-03-02']);
  });
});
