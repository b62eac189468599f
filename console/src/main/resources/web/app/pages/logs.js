import { html, nothing } from 'lit';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import { api, can } from '../lib/session.js';
import { dateTime } from '../lib/format.js';

const PAGE = 100;

/** The request log: every /v1 call of the account (no bodies), newest first. */
export class BsLogs extends Page {
  static properties = { logs: { state: true }, total: { state: true }, offset: { state: true } };
  static styles = [shared];

  constructor() {
    super();
    this.logs = null;
    this.total = 0;
    this.offset = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    const answer = await this.run(() => api().get('/v1/logs', { query: { limit: PAGE, offset: this.offset } }));
    if (answer) {
      this.logs = answer.data.logs;
      this.total = answer.body.total;
    }
  }

  go(offset) {
    this.offset = Math.max(0, offset);
    this.load();
  }

  render() {
    if (!can('account:read')) return this.renderNotAllowed('The request log', 'account:read');
    return html`<div class="spread"><h1>Request log</h1>
        <button type="button" class="secondary" @click=${() => this.load()}>Refresh</button></div>
      <p class="small muted">Every call to /v1 with this account's keys: no bodies are stored; the client address is shown as the first
        12 hex digits of its SHA-256.</p>
      ${this.renderError()}
      ${this.logs && this.logs.length === 0 ? html`<div class="empty">No requests logged yet.</div>` : nothing}
      ${this.logs && this.logs.length ? html`<div class="table-wrap"><table data-testid="logs-table">
        <thead><tr><th>When</th><th>Key</th><th>Method</th><th>Endpoint</th><th class="num">Status</th><th>Code</th>
          <th class="num">ms</th><th>IP hash</th><th>User agent</th></tr></thead>
        <tbody>${this.logs.map((l) => html`<tr>
          <td>${dateTime(l.created_at)}</td>
          <td class="small">${l.apikey_name || '—'} <span class="mono">${l.apikey_prefix || ''}</span></td>
          <td class="mono">${l.method}</td>
          <td class="mono small wrap">${l.endpoint}${l.query ? `?${l.query}` : ''}${l.replayed ? ' (replayed)' : ''}</td>
          <td class="num"><span class="badge ${l.status < 400 ? 'ok' : 'error'}">${l.status}</span></td>
          <td class="mono small">${l.error_code || ''}</td>
          <td class="num">${Number(l.duration_ms).toFixed(1)}</td>
          <td class="mono small">${l.ip_hash || '—'}</td>
          <td class="small wrap">${l.user_agent || '—'}</td></tr>`)}</tbody></table></div>
        <div class="actions" role="navigation" aria-label="Pages">
          <button type="button" class="secondary" ?disabled=${this.offset === 0} @click=${() => this.go(this.offset - PAGE)}>Newer</button>
          <span class="small muted">${this.offset + 1}–${Math.min(this.offset + PAGE, this.total)} of ${this.total}</span>
          <button type="button" class="secondary" ?disabled=${this.offset + PAGE >= this.total} @click=${() => this.go(this.offset + PAGE)}>Older</button>
        </div>` : nothing}`;
  }
}
customElements.define('bs-logs', BsLogs);
