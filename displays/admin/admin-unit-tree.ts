import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { foldText } from '../shared/org-tree.js';
import {
  UnitIndex,
  checkStates,
  toggleUnit,
  treeKey,
  visibleOrder,
  type CheckState,
  type TreeKey,
  type TreeUnit,
} from './lib/unit-selection.js';

export interface CheckUnit extends TreeUnit {
  name: string;
  shortName: string | null;
  kind: string;
}

const TREE_KEYS: readonly string[] = ['ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowLeft', 'Home', 'End'];
const isTreeKey = (k: string): k is TreeKey => TREE_KEYS.includes(k);

/**
 * Org units as a tree of checkboxes (the WAI-ARIA checkbox tree): one tab stop, ↑/↓ to move,
 * → / ← to open and close, Space to check, typing a letter jumps to the next unit starting with
 * it. Checking a unit covers everything below it; a partly chosen unit shows "mixed".
 * Fires `hcpv-units-change` with the new set of checked ids in `detail`.
 */
@customElement('hcpv-admin-unit-tree')
export class HcpvAdminUnitTree extends LitElement {
  /** Units in tree order (`GET /org/units`), only those the user may choose. */
  @property({ attribute: false }) units: readonly CheckUnit[] = [];
  /** Checked unit ids (kept closed: see lib/unit-selection.ts). */
  @property({ attribute: false }) checked: ReadonlySet<string> = new Set();
  /** Accessible name of the tree. */
  @property() label = '';
  /** How to use it (shown above the tree and read as its description). */
  @property() hint = '';

  @state() private _expanded: ReadonlySet<string> | null = null;
  @state() private _focusId: string | null = null;
  private _index: UnitIndex<CheckUnit> = new UnitIndex([]);

  constructor() {
    super();
    new LangController(this);
  }

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ul[role='group'] {
        padding-left: 1.35rem;
      }
      li {
        outline: none;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 0.4rem;
        padding: 0.2rem 0.4rem;
        border-radius: 6px;
        cursor: pointer;
        user-select: none;
      }
      .row:hover {
        background: var(--hcpv-background);
      }
      li:focus-visible > .row {
        outline: 3px solid var(--hcpv-accent);
        outline-offset: -1px;
      }
      .twisty {
        width: 1.1rem;
        text-align: center;
        color: var(--hcpv-muted);
        flex: none;
        transition: transform 0.1s;
      }
      li[aria-expanded='true'] > .row > .twisty {
        transform: rotate(90deg);
      }
      .box {
        flex: none;
        width: 1rem;
        height: 1rem;
        border: 2px solid var(--hcpv-muted);
        border-radius: 3px;
        display: grid;
        place-items: center;
        font-size: 0.8rem;
        line-height: 1;
        font-weight: 700;
        color: var(--hcpv-primary-contrast);
        box-sizing: border-box;
      }
      li[aria-checked='true'] > .row > .box,
      li[aria-checked='mixed'] > .row > .box {
        background: var(--hcpv-primary);
        border-color: var(--hcpv-primary);
      }
      .hint {
        margin: 0 0 0.5rem;
        font-size: 0.8rem;
        color: var(--hcpv-muted);
      }
      .kind {
        font-size: 0.75rem;
        color: var(--hcpv-muted);
      }
    `,
  ];

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('units')) {
      this._index = new UnitIndex(this.units);
      if (this._expanded === null && this.units.length) this._expanded = this._initiallyOpen();
      if (this._focusId === null || !this._index.byId.has(this._focusId))
        this._focusId = this._index.roots[0]?.id ?? null;
    }
  }

  /** The roots are open, and below them every unit that is its parent's only child (city → centre). */
  private _initiallyOpen(): Set<string> {
    const open = new Set<string>();
    const descend = (id: string) => {
      open.add(id);
      const kids = this._index.children(id);
      if (kids.length === 1 && kids[0]) descend(kids[0].id);
    };
    for (const r of this._index.roots) descend(r.id);
    return open;
  }

  private _toggle(id: string): void {
    this._focusId = id;
    this.dispatchEvent(new CustomEvent('hcpv-units-change', { detail: toggleUnit(this._index, this.checked, id) }));
  }

  private _toggleExpanded(id: string): void {
    const next = new Set(this._expanded);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this._expanded = next;
    this._focusId = id;
  }

  private async _focus(id: string): Promise<void> {
    this._focusId = id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`li[data-id="${CSS.escape(id)}"]`)?.focus();
  }

  private _onKeydown(e: KeyboardEvent): void {
    const id = this._focusId;
    if (!id || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === ' ' || e.key === 'Spacebar') {
      e.preventDefault();
      this._toggle(id);
      return;
    }
    if (isTreeKey(e.key)) {
      e.preventDefault();
      const r = treeKey(this._index, this._expanded ?? new Set(), id, e.key);
      this._expanded = r.expanded;
      void this._focus(r.focus);
      return;
    }
    // Type-ahead: the next visible unit whose name starts with the letter.
    if (e.key.length === 1 && /\S/.test(e.key)) {
      const order = visibleOrder(this._index, this._expanded ?? new Set());
      const at = order.findIndex((u) => u.id === id);
      const letter = foldText(e.key);
      const hit = [...order.slice(at + 1), ...order.slice(0, at + 1)].find((u) =>
        foldText(u.shortName ?? u.name).startsWith(letter),
      );
      if (hit) {
        e.preventDefault();
        void this._focus(hit.id);
      }
    }
  }

  private _onFocusIn(e: FocusEvent): void {
    const li = e.target instanceof HTMLElement ? e.target.closest('li[data-id]') : null;
    const id = li instanceof HTMLElement ? li.dataset['id'] : undefined;
    if (id) this._focusId = id;
  }

  private _item(
    u: CheckUnit,
    level: number,
    states: ReadonlyMap<string, CheckState>,
    pos: number,
    size: number,
  ): TemplateResult {
    const kids = this._index.children(u.id);
    const open = kids.length > 0 && (this._expanded?.has(u.id) ?? false);
    const state = states.get(u.id) ?? 'unchecked';
    return html`<li
      role="treeitem"
      data-id=${u.id}
      aria-label=${`${u.shortName ?? u.name}, ${t(`kind.${u.kind}`)}`}
      aria-checked=${state === 'checked' ? 'true' : state === 'mixed' ? 'mixed' : 'false'}
      aria-expanded=${kids.length ? String(open) : nothing}
      aria-level=${level}
      aria-posinset=${pos}
      aria-setsize=${size}
      tabindex=${u.id === this._focusId ? 0 : -1}
    >
      <div class="row" @click=${() => this._toggle(u.id)}>
        <span
          class="twisty"
          aria-hidden="true"
          @click=${(e: Event) => {
            e.stopPropagation();
            if (kids.length) this._toggleExpanded(u.id);
          }}
          >${kids.length ? '▸' : ''}</span
        >
        <span class="box" aria-hidden="true">${state === 'checked' ? '✓' : state === 'mixed' ? '–' : ''}</span>
        <span title=${u.name}>${u.shortName ?? u.name}</span>
        <span class="kind">${t(`kind.${u.kind}`)}</span>
      </div>
      ${
        open
          ? html`<ul role="group">
              ${repeat(
                kids,
                (c) => c.id,
                (c, i): TemplateResult => this._item(c, level + 1, states, i + 1, kids.length),
              )}
            </ul>`
          : nothing
      }
    </li>`;
  }

  override render() {
    const states = checkStates(this._index, this.checked);
    const roots = this._index.roots;
    return html`${this.hint ? html`<p class="hint" id="hint">${this.hint}</p>` : nothing}
      <ul
        role="tree"
        aria-label=${this.label}
        aria-describedby=${this.hint ? 'hint' : nothing}
        aria-multiselectable="true"
        @keydown=${(e: KeyboardEvent) => this._onKeydown(e)}
        @focusin=${(e: FocusEvent) => this._onFocusIn(e)}
      >
        ${repeat(
          roots,
          (r) => r.id,
          (r, i) => this._item(r, 1, states, i + 1, roots.length),
        )}
      </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-unit-tree': HcpvAdminUnitTree;
  }
}
