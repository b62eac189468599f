import { html, nothing } from 'lit';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import { api, can } from '../lib/session.js';

/** Provider, model, storage and cache health, as the API reports them (`health:read`). */
export class BsHealth extends Page {
  static properties = { providers: { state: true }, models: { state: true }, storage: { state: true }, cache: { state: true } };
  static styles = [shared];

  constructor() {
    super();
    this.providers = null;
    this.models = null;
    this.storage = null;
    this.cache = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    await this.run(async () => {
      const client = api();
      const [providers, models, storage, cache] = await Promise.all(['/v1/health/inference/providers', '/v1/health/inference/models',
        '/v1/health/storage', '/v1/health/cache'].map((path) => client.get(path).then((r) => r.data)));
      this.providers = providers;
      this.models = models;
      this.storage = storage;
      this.cache = cache;
    });
  }

  badge(healthy) {
    return html`<span class="badge ${healthy ? 'healthy' : 'error'}">${healthy ? 'healthy' : 'unhealthy'}</span>`;
  }

  render() {
    if (!can('health:read')) return this.renderNotAllowed('Health', 'health:read');
    const p = this.providers;
    const m = this.models;
    return html`<div class="spread"><h1>Health</h1>
        <button type="button" class="secondary" @click=${() => this.load()}>Refresh</button></div>
      ${this.renderError()}
      ${this.storage ? html`<div class="grid">
        <div class="card"><div class="stat-label">Providers</div><div class="stat">${this.badge(p.healthy)}</div>
          <div class="small muted">${p.providers_total} providers${p.error ? ` · ${p.error}` : ''}</div></div>
        <div class="card"><div class="stat-label">Models</div><div class="stat">${this.badge(m.healthy)}</div>
          <div class="small muted">${m.models_total} models${m.error ? ` · ${m.error}` : ''}</div></div>
        <div class="card"><div class="stat-label">Storage</div><div class="stat" data-testid="storage-health">${this.badge(this.storage.healthy)}</div>
          <div class="small muted">${this.storage.latency_ms ?? '—'} ms${this.storage.bucket ? ` · ${this.storage.bucket}` : ''}${
            this.storage.error ? ` · ${this.storage.error}` : ''}</div></div>
        <div class="card"><div class="stat-label">Cache</div><div class="stat">${this.badge(this.cache.healthy)}</div>
          <div class="small muted">${this.cache.latency_ms ?? '—'} ms · ${this.cache.backend || this.cache.service}</div></div>
      </div>
      <h2>Providers</h2>
      ${p.providers.length === 0 ? html`<div class="empty">No provider reported.</div>` : html`<div class="table-wrap"><table data-testid="providers-table">
        <thead><tr><th>Provider</th><th>Status</th><th class="num">Failure rate</th><th class="num">Attempts</th><th class="num">Failures</th>
          <th class="num">Window</th></tr></thead>
        <tbody>${p.providers.map((x) => html`<tr><td>${x.provider}</td><td><span class="badge ${x.status}">${x.status}</span></td>
          <td class="num">${(Number(x.failure_rate) * 100).toFixed(1)} %</td><td class="num">${x.window ? x.window.total_attempts : '—'}</td>
          <td class="num">${x.window ? x.window.failures : '—'}</td><td class="num">${x.window ? `${x.window.duration_seconds} s` : '—'}</td></tr>`)}
        </tbody></table></div>`}
      <h2>Models</h2>
      ${m.models.length === 0 ? html`<div class="empty">No model reported.</div>` : html`<div class="table-wrap"><table>
        <thead><tr><th>Model</th><th>Type</th><th>Providers</th></tr></thead>
        <tbody>${m.models.map((x) => html`<tr><td>${x.model_identifier}</td><td>${x.model_type}</td>
          <td>${Object.entries(x.providers || {}).map(([name, state]) => html`<span class="badge ${state.available ? 'healthy' : 'error'}"
            title=${state.raw_model_id || ''}>${name}</span> `)}</td></tr>`)}</tbody></table></div>`}
      ` : this.loading ? html`<p class="muted" role="status">Loading…</p>` : nothing}`;
  }
}
customElements.define('bs-health', BsHealth);
