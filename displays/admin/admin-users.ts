import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { z } from 'zod';
import { apiGet, apiSend } from '../shared/api.js';
import { t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { createUserSchema, userSchema, type User } from '../../server/auth/auth.schemas.js';
import { ROLES } from '../../server/auth/roles.js';
import { canAny, type Me } from './lib/access.js';
import { formText } from './lib/form.js';
import { pageStyles } from './admin-styles.js';
import { unitListSchema } from './admin-org.js';
import '../shared/elements/error-message.js';

const userListSchema = z.object({ items: z.array(userSchema) });

/** Users in scope with their role grants; create users and disable or enable them. */
@customElement('hcpv-admin-users')
export class HcpvAdminUsers extends LitElement {
  @property({ attribute: false }) me: Me | null = null;

  @state() private _notice = '';

  constructor() {
    super();
    new LangController(this);
  }

  private _data = new Task(this, {
    task: async (_args, { signal }) => {
      const [users, units] = await Promise.all([
        apiGet('/users', userListSchema, { signal }),
        apiGet('/org/units', unitListSchema, { signal }),
      ]);
      return { users: users.items, units: units.items };
    },
    args: () => [],
  });

  private _create = new Task(this, {
    autoRun: false,
    task: async ([body]: [unknown], { signal }) => {
      const user = await apiSend('POST', '/users', createUserSchema.parse(body), userSchema, { signal });
      this._notice = t('users.created', { name: user.displayName });
      void this._data.run();
      return user;
    },
  });

  private _toggle = new Task(this, {
    autoRun: false,
    task: async ([user]: [User], { signal }) => {
      await apiSend('PATCH', `/users/${encodeURIComponent(user.id)}`, { disabled: !user.disabled }, userSchema, {
        signal,
      });
      void this._data.run();
    },
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
        gap: 0.75rem 1rem;
        align-items: end;
      }
      form .actions {
        grid-column: 1 / -1;
      }
      .grants span.chip {
        white-space: normal;
      }
      td button {
        padding: 0.25rem 0.6rem;
      }
    `,
  ];

  private _onCreate(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const d = new FormData(form);
    const s = (k: string) => formText(d, k);
    this._notice = '';
    const body = {
      username: s('username').trim(),
      displayName: s('displayName'),
      homeOrgId: s('homeOrgId'),
      password: s('password'),
      grants: [{ role: s('role'), orgId: s('grantOrgId') || s('homeOrgId') }],
    };
    const parsed = createUserSchema.safeParse(body);
    if (!parsed.success) {
      // Show the server's wording for the same problem: send anyway so it answers with details.
      void this._create.run([body]).catch(() => undefined);
      return;
    }
    void this._create.run([parsed.data]).then(() => form.reset());
  }

  private _form(units: readonly { id: string; name: string }[]) {
    return html`<h2>${t('users.new')}</h2>
      <form class="card" @submit=${(e: SubmitEvent) => this._onCreate(e)} aria-label=${t('users.new')}>
        <label
          >${t('users.username')}<input name="username" required autocomplete="off" pattern="[a-z0-9._\\-]{3,64}"
        /></label>
        <label>${t('users.name')}<input name="displayName" required minlength="2" /></label>
        <label
          >${t('users.password')}<input
            name="password"
            type="password"
            required
            minlength="12"
            autocomplete="new-password"
        /></label>
        <label
          >${t('users.home')}
          <select name="homeOrgId" required>
            ${units.map((u) => html`<option value=${u.id}>${u.name}</option>`)}
          </select>
        </label>
        <label
          >${t('users.role')}
          <select name="role">
            ${ROLES.map((r) => html`<option value=${r} ?selected=${r === 'viewer'}>${t(`role.${r}`)}</option>`)}
          </select>
        </label>
        <label
          >${t('users.grantOn')}
          <select name="grantOrgId">
            ${units.map((u) => html`<option value=${u.id}>${u.name}</option>`)}
          </select>
        </label>
        <div class="actions">
          ${
            this._create.status === TaskStatus.ERROR
              ? html`<hcpv-error-message .error=${this._create.error} heading=${t('error.title')}></hcpv-error-message>`
              : nothing
          }
          ${this._notice ? html`<p class="ok" role="status">${this._notice}</p>` : nothing}
          <button type="submit" ?disabled=${this._create.status === TaskStatus.PENDING}>${t('users.create')}</button>
        </div>
      </form>`;
  }

  override render() {
    const manage = this.me ? canAny(this.me.grants, 'user.manage') : false;
    return html`<h1>${t('users.title')}</h1>
      ${this._data.render({
        pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
        error: (e) =>
          html`<hcpv-error-message
            .error=${e}
            heading=${t('error.title')}
            retryLabel=${t('error.retry')}
            @retry=${() => this._data.run()}
          ></hcpv-error-message>`,
        complete: ({ users, units }) => {
          const unitName = new Map(units.map((u) => [u.id, u.shortName ?? u.name]));
          return html`<table class="card" aria-label=${t('users.title')}>
              <thead>
                <tr>
                  <th>${t('users.username')}</th>
                  <th>${t('users.name')}</th>
                  <th>${t('users.home')}</th>
                  <th>${t('users.roles')}</th>
                  <th>${t('users.status')}</th>
                  ${manage ? html`<th></th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${users.map(
                  (u) =>
                    html`<tr>
                      <td><code>${u.username}</code></td>
                      <td>${u.displayName}</td>
                      <td>${unitName.get(u.homeOrgId) ?? u.homeOrgId}</td>
                      <td class="grants">
                        ${u.grants.map((g) => html`<span class="chip">${t(`role.${g.role}`)} · ${unitName.get(g.orgId) ?? g.orgId}</span>`)}
                      </td>
                      <td class=${u.disabled ? 'error' : 'ok'}>
                        ${u.disabled ? t('users.disabled') : t('users.active')}
                      </td>
                      ${
                        manage
                          ? html`<td>
                              ${
                                u.id === this.me?.id
                                  ? nothing
                                  : html`<button class="secondary" @click=${() => this._toggle.run([u])}>
                                      ${u.disabled ? t('users.enable') : t('users.disable')}
                                    </button>`
                              }
                            </td>`
                          : nothing
                      }
                    </tr>`,
                )}
              </tbody>
            </table>
            ${
              this._toggle.status === TaskStatus.ERROR
                ? html`<hcpv-error-message
                    .error=${this._toggle.error}
                    heading=${t('error.title')}
                  ></hcpv-error-message>`
                : nothing
            }
            ${manage ? this._form(units) : nothing}`;
        },
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-users': HcpvAdminUsers;
  }
}
