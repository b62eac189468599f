import { html, css, nothing } from 'lit';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import { api, can, fullAccess, currentSession, PRESETS, PRESET_LABELS } from '../lib/session.js';
import { dateTime } from '../lib/format.js';

/**
 * API keys: every key of the account with its status; create (preset, expiry, IP allowlist), rotate with a grace
 * period, revoke. A new or rotated key's secret is shown once, here, and never again. Writes need a Full Access key.
 */
export class BsKeys extends Page {
  static properties = { keys: { state: true }, issued: { state: true }, actionError: { state: true }, busy: { state: true },
    rotating: { state: true } };
  static styles = [shared, css`
    .secret { font-family: var(--mono); font-size: 0.95rem; padding: 0.5rem; background: var(--code-bg); border-radius: 6px;
      border: 1px solid var(--border); overflow-wrap: anywhere; user-select: all; }
  `];

  constructor() {
    super();
    this.keys = null;
    this.issued = null;
    this.actionError = null;
    this.busy = false;
    this.rotating = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    const answer = await this.run(() => api().get('/v1/keys'));
    if (answer) this.keys = answer.data.apikeys;
  }

  async act(task) {
    this.busy = true;
    this.actionError = null;
    try {
      await task();
      await this.load();
    } catch (error) {
      this.actionError = error;
    } finally {
      this.busy = false;
    }
  }

  create(event) {
    event.preventDefault();
    const form = event.target;
    const body = { apikey_name: form.keyName.value.trim(), apikey_preset: form.preset.value };
    if (form.expires.value) body.apikey_expires_at = new Date(form.expires.value).toISOString();
    const allowlist = form.allowlist.value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    if (allowlist.length) body.apikey_ip_allowlist = allowlist;
    return this.act(async () => {
      const answer = await api().post('/v1/keys', body);
      this.issued = { what: 'created', key: answer.data };
      form.reset();
    });
  }

  rotate(event) {
    event.preventDefault();
    const key = this.rotating;
    const hours = Number(event.target.grace.value);
    return this.act(async () => {
      const answer = await api().post(`/v1/keys/${encodeURIComponent(key.apikey_id)}/rotate`, { grace_period_hours: hours });
      this.issued = { what: 'rotated', key: answer.data, old: answer.data.rotated_apikey };
      this.rotating = null;
    });
  }

  revoke(key) {
    if (!confirm(`Revoke the key "${key.apikey_name}" (${key.apikey_prefix}…)? It stops working at once.`)) return undefined;
    return this.act(async () => {
      await api().post(`/v1/keys/${encodeURIComponent(key.apikey_id)}/revoke`);
      this.issued = null;
    });
  }

  render() {
    if (!can('account:read')) return this.renderNotAllowed('The key list', 'account:read');
    const writable = fullAccess();
    const session = currentSession();
    return html`<h1>API keys</h1>
      ${this.renderError()}
      ${this.issued ? this.renderIssued() : nothing}
      ${this.actionError ? html`<bs-error .error=${this.actionError}></bs-error>` : nothing}
      ${this.rotating ? this.renderRotate() : nothing}
      ${this.keys && this.keys.length === 0 ? html`<div class="empty">No keys.</div>` : nothing}
      ${this.keys && this.keys.length ? html`<div class="table-wrap"><table data-testid="keys-table">
        <thead><tr><th>Name</th><th>Prefix</th><th>Preset</th><th>Status</th><th>Created</th><th>Last used</th><th>Expires</th>
          <th>IP allowlist</th><th>Actions</th></tr></thead>
        <tbody>${this.keys.map((k) => html`<tr data-key-id=${k.apikey_id}>
          <td class="wrap">${k.apikey_name}${k.apikey_id === session.keyId ? html` <span class="small muted">(this key)</span>` : nothing}</td>
          <td class="mono">${k.apikey_prefix}…</td>
          <td>${PRESET_LABELS[k.apikey_preset] || k.apikey_preset}</td>
          <td><span class="badge ${k.apikey_status}" data-testid="key-status">${k.apikey_status}</span>${k.apikey_status === 'rotated'
            && k.apikey_grace_ends_at ? html`<div class="small muted">works until ${dateTime(k.apikey_grace_ends_at)}</div>` : nothing}</td>
          <td>${dateTime(k.apikey_created_at)}</td><td>${dateTime(k.apikey_last_used_at)}</td><td>${dateTime(k.apikey_expires_at)}</td>
          <td class="mono small wrap">${(k.apikey_ip_allowlist || []).length ? k.apikey_ip_allowlist.join(', ') : 'any'}</td>
          <td><div class="row">${k.apikey_status === 'active' ? html`
            <button type="button" class="secondary" ?disabled=${!writable || this.busy}
              @click=${() => { this.rotating = k; this.actionError = null; }} aria-label="Rotate ${k.apikey_name}">Rotate</button>` : nothing}
            ${k.apikey_status === 'active' || k.apikey_status === 'rotated' ? html`
            <button type="button" class="danger" ?disabled=${!writable || this.busy} @click=${() => this.revoke(k)}
              aria-label="Revoke ${k.apikey_name}">Revoke</button>` : nothing}</div></td>
        </tr>`)}</tbody></table></div>` : nothing}
      <h2>Create a key</h2>
      ${writable ? nothing : html`<p class="notice" role="note" data-testid="keys-readonly">Creating, rotating and revoking keys needs a
        <strong>Full Access</strong> key; this key is <strong>${PRESET_LABELS[session.preset] || session.preset}</strong>
        (scopes ${session.scopes.join(', ')}), so the API would refuse it (BSE1003). A narrower key cannot mint a broader one.</p>`}
      <form class="card" @submit=${this.create} aria-label="Create a key">
        <fieldset class="plain" ?disabled=${!writable || this.busy}>
          <label for="key-name">Name <span class="hint">up to 100 characters</span></label>
          <input id="key-name" name="keyName" maxlength="100" required>
          <label for="key-preset">Preset <span class="hint">scopes are fixed at creation</span></label>
          <select id="key-preset" name="preset">${Object.keys(PRESETS).map((p) => html`<option value=${p}>${PRESET_LABELS[p]}
            — ${PRESETS[p].join(', ')}</option>`)}</select>
          <label for="key-expires">Expires <span class="hint">optional; empty = never</span></label>
          <input id="key-expires" name="expires" type="datetime-local">
          <label for="key-allowlist">IP allowlist <span class="hint">optional; exact IPv4/IPv6 addresses, comma or space separated,
            at most 50; empty = any address; cannot be changed later</span></label>
          <input id="key-allowlist" name="allowlist" placeholder="203.0.113.7, 2001:db8::1">
          <div class="actions"><button type="submit">Create key</button></div>
        </fieldset>
      </form>`;
  }

  renderIssued() {
    const { what, key, old } = this.issued;
    return html`<div class="success" role="status" data-testid="issued-key">
      <p><strong>Key ${what}: ${key.apikey_name}</strong> (${PRESET_LABELS[key.apikey_preset] || key.apikey_preset}).
        Copy it now: it is shown this once and never again.</p>
      <div class="secret" data-testid="raw-key">${key.apikey_key}</div>
      <div class="actions"><bs-copy .text=${key.apikey_key} label="Copy key"></bs-copy>
        <button type="button" class="secondary" @click=${() => { this.issued = null; }}>Done, hide it</button></div>
      ${old ? html`<p class="small">The old key (${old.apikey_prefix}…) keeps working until ${dateTime(old.apikey_grace_ends_at)}.</p>` : nothing}
    </div>`;
  }

  renderRotate() {
    const key = this.rotating;
    return html`<form class="card" @submit=${this.rotate} aria-label="Rotate ${key.apikey_name}">
      <h2>Rotate "${key.apikey_name}" (${key.apikey_prefix}…)</h2>
      <p class="small">A new key with the same name, preset, expiry and allowlist is issued; the old one keeps working
        during the grace period, then stops.</p>
      <label for="grace">Grace period (hours) <span class="hint">1–168, default 24</span></label>
      <input id="grace" name="grace" type="number" min="1" max="168" step="1" value="24" required>
      <div class="actions"><button type="submit" ?disabled=${this.busy}>Rotate</button>
        <button type="button" class="secondary" @click=${() => { this.rotating = null; }}>Cancel</button></div>
    </form>`;
  }
}
customElements.define('bs-keys', BsKeys);
