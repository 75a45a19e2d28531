import { describe, expect, it } from 'vitest';
import { buildTree, countNodes, foldText, unitMatches } from '../../../displays/shared/org-tree.js';

const u = (id: string, parentId: string | null, name: string, kind = 'site', tags: string[] = []) => ({
  id,
  parentId,
  name,
  shortName: null,
  kind,
  tags,
});
const units = [
  u('hn', null, 'Thành phố Hà Nội', 'city'),
  u('hn-tt', 'hn', 'Trung tâm PVHCC Hà Nội', 'centre'),
  u('cn1', 'hn-tt', 'Chi nhánh số 1', 'branch'),
  u('ba-dinh', 'cn1', 'Phường Ba Đình', 'site', ['ward']),
  u('ngoc-ha', 'cn1', 'Phường Ngọc Hà'),
  u('cn2', 'hn-tt', 'Chi nhánh số 2', 'branch'),
  u('dong-da', 'cn2', 'Phường Đống Đa'),
];

describe('org tree', () => {
  it('folds Vietnamese diacritics and đ', () => {
    expect(foldText('Phường Đống Đa')).toBe('phuong dong da');
    expect(foldText('  Hà Nội ')).toBe('ha noi');
  });

  it('nests units under their parents', () => {
    const tree = buildTree(units);
    expect(tree.map((n) => n.unit.id)).toEqual(['hn']);
    expect(tree[0]?.children[0]?.children.map((n) => n.unit.id)).toEqual(['cn1', 'cn2']);
    expect(countNodes(tree)).toBe(units.length);
  });

  it('keeps matches with their ancestors and drops the rest', () => {
    const tree = buildTree(units, 'dong da');
    expect(countNodes(tree)).toBe(4);
    const branch = tree[0]?.children[0]?.children;
    expect(branch?.map((n) => n.unit.id)).toEqual(['cn2']);
    expect(branch?.[0]?.match).toBe(false);
    expect(branch?.[0]?.children[0]?.match).toBe(true);
  });

  it('matches on id and tags, every word, and finds nothing for nonsense', () => {
    expect(unitMatches(units[3]!, 'ward')).toBe(true);
    expect(unitMatches(units[3]!, 'ba-dinh')).toBe(true);
    expect(unitMatches(units[3]!, 'ba hà')).toBe(false);
    expect(buildTree(units, 'zzz')).toEqual([]);
  });

  it('makes a unit whose parent is out of scope a root', () => {
    expect(buildTree([units[3]!, units[4]!]).map((n) => n.unit.id)).toEqual(['ba-dinh', 'ngoc-ha']);
  });
});
