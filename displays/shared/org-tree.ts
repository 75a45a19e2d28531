/**
 * The org tree as the console shows it: nested nodes built from the flat, tree-ordered list the
 * API returns, and a search that keeps matches with their ancestors so context is never lost.
 */
export interface UnitLike {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string | null;
  kind: string;
  tags: readonly string[];
}

export interface TreeNode<U extends UnitLike> {
  unit: U;
  children: TreeNode<U>[];
  /** This node matched the search itself (not only through a descendant). */
  match: boolean;
}

/** Lower-case, without Vietnamese diacritics, so "ba dinh" finds "Ba Đình". */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .trim();
}

export function unitMatches(unit: UnitLike, query: string): boolean {
  const q = foldText(query);
  if (q === '') return true;
  const hay = foldText([unit.name, unit.shortName ?? '', unit.id, ...unit.tags].join(' '));
  return q.split(/\s+/).every((word) => hay.includes(word));
}

/** Nested tree of `units`; with a query, only matches and their ancestors remain. */
export function buildTree<U extends UnitLike>(units: readonly U[], query = ''): TreeNode<U>[] {
  const nodes = new Map<string, TreeNode<U>>();
  for (const u of units) nodes.set(u.id, { unit: u, children: [], match: unitMatches(u, query) });
  const roots: TreeNode<U>[] = [];
  for (const n of nodes.values()) {
    const parent = n.unit.parentId === null ? undefined : nodes.get(n.unit.parentId);
    // A unit whose parent is outside the user's scope is a root of what they may see.
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  if (foldText(query) === '') return roots;
  const prune = (list: TreeNode<U>[]): TreeNode<U>[] =>
    list.flatMap((n) => {
      const children = prune(n.children);
      return n.match || children.length > 0 ? [{ ...n, children }] : [];
    });
  return prune(roots);
}

/** How many units a (pruned) tree holds. */
export function countNodes<U extends UnitLike>(nodes: readonly TreeNode<U>[]): number {
  return nodes.reduce((sum, n) => sum + 1 + countNodes(n.children), 0);
}
