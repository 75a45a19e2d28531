import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { themeStyles } from '../theme.js';
import { buildTree, type TreeNode, type UnitLike } from '../org-tree.js';

/**
 * The org tree (city → centre → branch → site) as nested links, filtered by `query`
 * (diacritics optional), with the selected unit marked `aria-current`.
 */
@customElement('hcpv-org-tree')
export class HcpvOrgTree extends LitElement {
  /** Units in tree order, as `GET /org/units` returns them. */
  @property({ attribute: false }) units: readonly UnitLike[] = [];
  /** Search text; matches stay with their ancestors. */
  @property() query = '';
  @property() selectedId: string | null = null;
  /** Link target of a unit. */
  @property({ attribute: false }) hrefFor: (id: string) => string = (id) => `#${id}`;
  /** Label of a unit kind (translated by the host). */
  @property({ attribute: false }) kindLabel: (kind: string) => string = (k) => k;

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding-left: 1rem;
      }
      :host > ul {
        padding-left: 0;
      }
      a {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
        padding: 0.25rem 0.5rem;
        border-radius: 6px;
        color: var(--hcpv-text);
        text-decoration: none;
      }
      a:hover {
        background: var(--hcpv-background);
      }
      a[aria-current='true'] {
        background: var(--hcpv-primary);
        color: var(--hcpv-primary-contrast);
      }
      .kind {
        font-size: 0.75rem;
        color: var(--hcpv-muted);
      }
      a[aria-current='true'] .kind {
        color: inherit;
        opacity: 0.85;
      }
      mark {
        background: none;
        color: inherit;
        font-weight: 700;
      }
    `,
  ];

  private _node(n: TreeNode<UnitLike>): unknown {
    const name = n.unit.shortName ?? n.unit.name;
    return html`<li>
      <a
        href=${this.hrefFor(n.unit.id)}
        aria-current=${n.unit.id === this.selectedId ? 'true' : 'false'}
        title=${n.unit.name}
      >
        ${n.match && this.query ? html`<mark>${name}</mark>` : name}
        <span class="kind">${this.kindLabel(n.unit.kind)}</span>
      </a>
      ${
        n.children.length
          ? html`<ul>
              ${n.children.map((c) => this._node(c))}
            </ul>`
          : nothing
      }
    </li>`;
  }

  override render() {
    const roots = buildTree(this.units, this.query);
    return html`<ul role="list">
      ${roots.map((n) => this._node(n))}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-org-tree': HcpvOrgTree;
  }
}
