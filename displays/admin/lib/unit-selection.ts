/**
 * Choosing org units with a tree of checkboxes: checking a unit checks everything below it, a
 * unit whose children are all checked is checked itself, and one with only some is "mixed".
 * The selection is a set of checked unit ids kept closed under those two rules, so what is sent
 * (the cover: checked units whose parent is not) never names a unit twice.
 */

export interface TreeUnit {
  id: string;
  parentId: string | null;
  path: string;
}

export type CheckState = 'checked' | 'mixed' | 'unchecked';

/** Parent → children among `units` (a unit whose parent is absent is a root). */
export class UnitIndex<U extends TreeUnit> {
  readonly byId: ReadonlyMap<string, U>;
  readonly roots: readonly U[];
  private readonly kids = new Map<string, U[]>();

  constructor(units: readonly U[]) {
    this.byId = new Map(units.map((u) => [u.id, u]));
    const roots: U[] = [];
    for (const u of units) {
      if (u.parentId !== null && this.byId.has(u.parentId)) {
        const list = this.kids.get(u.parentId) ?? [];
        list.push(u);
        this.kids.set(u.parentId, list);
      } else roots.push(u);
    }
    this.roots = roots;
  }

  children(id: string): readonly U[] {
    return this.kids.get(id) ?? [];
  }

  parent(id: string): U | undefined {
    const p = this.byId.get(id)?.parentId;
    return p === null || p === undefined ? undefined : this.byId.get(p);
  }

  /** The unit and everything below it. */
  subtree(id: string): string[] {
    const out: string[] = [];
    const walk = (x: string) => {
      out.push(x);
      for (const c of this.children(x)) walk(c.id);
    };
    if (this.byId.has(id)) walk(id);
    return out;
  }

  ancestors(id: string): U[] {
    const out: U[] = [];
    for (let p = this.parent(id); p; p = this.parent(p.id)) out.push(p);
    return out;
  }
}

/** Check or uncheck a unit with everything below it, then settle its ancestors. */
export function toggleUnit<U extends TreeUnit>(
  index: UnitIndex<U>,
  checked: ReadonlySet<string>,
  id: string,
): Set<string> {
  const next = new Set(checked);
  const on = !checked.has(id);
  for (const x of index.subtree(id)) {
    if (on) next.add(x);
    else next.delete(x);
  }
  for (const a of index.ancestors(id)) {
    const all = index.children(a.id).every((c) => next.has(c.id));
    if (on && all) next.add(a.id);
    else next.delete(a.id);
  }
  return next;
}

/** Every unit's box: checked, mixed (something below is checked) or unchecked. */
export function checkStates<U extends TreeUnit>(
  index: UnitIndex<U>,
  checked: ReadonlySet<string>,
): Map<string, CheckState> {
  const out = new Map<string, CheckState>();
  const visit = (u: U): boolean => {
    let someChecked = checked.has(u.id);
    for (const c of index.children(u.id)) someChecked = visit(c) || someChecked;
    out.set(u.id, checked.has(u.id) ? 'checked' : someChecked ? 'mixed' : 'unchecked');
    return someChecked;
  };
  for (const r of index.roots) visit(r);
  return out;
}

/** The fewest units that say the same: checked units whose parent is not checked, in tree order. */
export function coverOf<U extends TreeUnit>(index: UnitIndex<U>, checked: ReadonlySet<string>): U[] {
  const out: U[] = [];
  const visit = (u: U) => {
    if (checked.has(u.id)) out.push(u);
    else for (const c of index.children(u.id)) visit(c);
  };
  for (const r of index.roots) visit(r);
  return out;
}

/**
 * The deepest unit of the tree that contains every unit of `cover` (the rollout's root, where
 * the user must hold the right); null when they sit under different roots of the tree.
 */
export function commonRoot<U extends TreeUnit>(index: UnitIndex<U>, cover: readonly U[]): U | null {
  const [first, ...rest] = cover;
  if (!first) return null;
  const chain = [first, ...index.ancestors(first.id)];
  return chain.find((c) => rest.every((u) => u.path.startsWith(c.path))) ?? null;
}

/** The API's target for a selection: the root, plus `units` unless the root alone says it. */
export function targetOf<U extends TreeUnit>(
  index: UnitIndex<U>,
  checked: ReadonlySet<string>,
  tags: readonly string[],
): { orgId: string; units?: string[]; tags?: string[] } | null {
  const cover = coverOf(index, checked);
  const root = commonRoot(index, cover);
  if (!root) return null;
  const whole = cover.length === 1 && cover[0]?.id === root.id;
  return {
    orgId: root.id,
    ...(whole ? {} : { units: cover.map((u) => u.id) }),
    ...(tags.length ? { tags: [...tags] } : {}),
  };
}

/** Units shown in the tree in visual order (children only under expanded units). */
export function visibleOrder<U extends TreeUnit>(index: UnitIndex<U>, expanded: ReadonlySet<string>): U[] {
  const out: U[] = [];
  const visit = (u: U) => {
    out.push(u);
    if (expanded.has(u.id)) for (const c of index.children(u.id)) visit(c);
  };
  for (const r of index.roots) visit(r);
  return out;
}

export type TreeKey = 'ArrowDown' | 'ArrowUp' | 'ArrowRight' | 'ArrowLeft' | 'Home' | 'End';

/**
 * Keyboard moves of the WAI-ARIA tree pattern: ↑/↓ between visible units, → expands (or enters
 * the first child), ← collapses (or goes to the parent), Home/End. Returns the unit to focus and
 * the expansion after the key.
 */
export function treeKey<U extends TreeUnit>(
  index: UnitIndex<U>,
  expanded: ReadonlySet<string>,
  focusId: string,
  key: TreeKey,
): { focus: string; expanded: Set<string> } {
  const exp = new Set(expanded);
  const order = visibleOrder(index, expanded);
  const at = order.findIndex((u) => u.id === focusId);
  const hasKids = index.children(focusId).length > 0;
  const to = (i: number) => order[Math.max(0, Math.min(order.length - 1, i))]?.id ?? focusId;
  switch (key) {
    case 'ArrowDown':
      return { focus: to(at + 1), expanded: exp };
    case 'ArrowUp':
      return { focus: to(at - 1), expanded: exp };
    case 'Home':
      return { focus: to(0), expanded: exp };
    case 'End':
      return { focus: to(order.length - 1), expanded: exp };
    case 'ArrowRight':
      if (!hasKids) return { focus: focusId, expanded: exp };
      if (!exp.has(focusId)) {
        exp.add(focusId);
        return { focus: focusId, expanded: exp };
      }
      return { focus: index.children(focusId)[0]?.id ?? focusId, expanded: exp };
    case 'ArrowLeft':
      if (hasKids && exp.has(focusId)) {
        exp.delete(focusId);
        return { focus: focusId, expanded: exp };
      }
      return { focus: index.parent(focusId)?.id ?? focusId, expanded: exp };
  }
}
