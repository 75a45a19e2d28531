import { describe, expect, it } from 'vitest';
import {
  UnitIndex,
  checkStates,
  commonRoot,
  coverOf,
  targetOf,
  toggleUnit,
  treeKey,
  visibleOrder,
} from '../../../displays/admin/lib/unit-selection.js';

const u = (id: string, parentId: string | null, path: string) => ({ id, parentId, path });
// hn → tt → { cn1 → {a, b}, cn2 → {c}, cn3 (no sites yet) }
const units = [
  u('hn', null, '/hn/'),
  u('tt', 'hn', '/hn/tt/'),
  u('cn1', 'tt', '/hn/tt/cn1/'),
  u('a', 'cn1', '/hn/tt/cn1/a/'),
  u('b', 'cn1', '/hn/tt/cn1/b/'),
  u('cn2', 'tt', '/hn/tt/cn2/'),
  u('c', 'cn2', '/hn/tt/cn2/c/'),
  u('cn3', 'tt', '/hn/tt/cn3/'),
];
const index = new UnitIndex(units);
const sorted = (s: Iterable<string>) => [...s].sort();

describe('unit checkbox tree', () => {
  it('checking a unit checks everything below it; unchecking one child leaves the parent mixed', () => {
    let checked = toggleUnit(index, new Set(), 'cn1');
    expect(sorted(checked)).toEqual(['a', 'b', 'cn1']);
    let states = checkStates(index, checked);
    expect(states.get('cn1')).toBe('checked');
    expect(states.get('tt')).toBe('mixed');
    expect(states.get('hn')).toBe('mixed');
    expect(states.get('cn2')).toBe('unchecked');

    checked = toggleUnit(index, checked, 'b');
    expect(sorted(checked)).toEqual(['a']);
    states = checkStates(index, checked);
    expect(states.get('cn1')).toBe('mixed');
    expect(states.get('a')).toBe('checked');
  });

  it('a unit whose children are all checked becomes checked, up to the root', () => {
    let checked = toggleUnit(index, new Set(), 'a');
    checked = toggleUnit(index, checked, 'b');
    expect(checked.has('cn1')).toBe(true);
    expect(checked.has('tt')).toBe(false);
    checked = toggleUnit(index, checked, 'c');
    expect(checked.has('tt')).toBe(false);
    checked = toggleUnit(index, checked, 'cn3');
    expect(sorted(checked)).toEqual(sorted(units.map((x) => x.id)));
    expect(coverOf(index, checked).map((x) => x.id)).toEqual(['hn']);
    // Unchecking the root clears everything.
    expect(toggleUnit(index, checked, 'hn').size).toBe(0);
  });

  it('sends the fewest units under their deepest common root', () => {
    let checked = toggleUnit(index, new Set(), 'cn1');
    checked = toggleUnit(index, checked, 'c');
    const cover = coverOf(index, checked);
    // cn2 has only c: checking c checks cn2, which is what is sent.
    expect(cover.map((x) => x.id)).toEqual(['cn1', 'cn2']);
    expect(commonRoot(index, cover)?.id).toBe('tt');
    expect(targetOf(index, checked, [])).toEqual({ orgId: 'tt', units: ['cn1', 'cn2'] });
    // One whole unit is sent as the old shape: its id alone.
    expect(targetOf(index, toggleUnit(index, new Set(), 'cn1'), ['lobby'])).toEqual({
      orgId: 'cn1',
      tags: ['lobby'],
    });
    expect(targetOf(index, new Set(), [])).toBeNull();
  });

  it('has no common root across separate grants', () => {
    const two = new UnitIndex([u('cn1', 'tt', '/hn/tt/cn1/'), u('cn2', 'tt', '/hn/tt/cn2/')]);
    expect(two.roots.map((x) => x.id)).toEqual(['cn1', 'cn2']);
    let checked = toggleUnit(two, new Set(), 'cn1');
    checked = toggleUnit(two, checked, 'cn2');
    expect(targetOf(two, checked, [])).toBeNull();
  });

  it('moves with the arrow keys through visible units, opening and closing', () => {
    let expanded: ReadonlySet<string> = new Set(['hn', 'tt']);
    expect(visibleOrder(index, expanded).map((x) => x.id)).toEqual(['hn', 'tt', 'cn1', 'cn2', 'cn3']);
    expect(treeKey(index, expanded, 'tt', 'ArrowDown').focus).toBe('cn1');
    expect(treeKey(index, expanded, 'hn', 'ArrowUp').focus).toBe('hn');
    expect(treeKey(index, expanded, 'cn3', 'ArrowDown').focus).toBe('cn3');
    // → on a unit with nothing below does nothing.
    expect(treeKey(index, expanded, 'cn3', 'ArrowRight')).toMatchObject({ focus: 'cn3' });
    // → opens a closed unit, then enters it.
    let r = treeKey(index, expanded, 'cn1', 'ArrowRight');
    expect(r.focus).toBe('cn1');
    expect(r.expanded.has('cn1')).toBe(true);
    expanded = r.expanded;
    r = treeKey(index, expanded, 'cn1', 'ArrowRight');
    expect(r.focus).toBe('a');
    // ← on a leaf goes to the parent, ← again closes it.
    r = treeKey(index, expanded, 'a', 'ArrowLeft');
    expect(r.focus).toBe('cn1');
    r = treeKey(index, r.expanded, 'cn1', 'ArrowLeft');
    expect(r.expanded.has('cn1')).toBe(false);
    expect(treeKey(index, expanded, 'a', 'End').focus).toBe('cn3');
    expect(treeKey(index, expanded, 'b', 'Home').focus).toBe('hn');
  });
});
