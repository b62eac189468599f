import { html, css, nothing } from 'lit';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import { api, can } from '../lib/session.js';
import { dateTime, seconds, isTerminal } from '../lib/format.js';

const STATUSES = ['pending', 'processing', 'succeeded', 'failed', 'canceled'];

/** A record field's value as text: arrays one per line, objects as JSON, absent as a dash. */
function show(value) {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) return value.length ? value.join('\n') : '[]';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Generations: the account's list (newest first) with paging and status/model filters, and one generation's
 * record with every field, its outputs and timings, cancel and delete.
 */
export class BsGenerations extends Page {
  static properties = { generationId: {}, page: { state: true }, total: { state: true }, offset: { state: true },
    limit: { state: true }, status: { state: true }, model: { state: true }, models: { state: true }, record: { state: true },
    actionError: { state: true }, message: { state: true } };
  static styles = [shared, css`
    .outputs { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 12rem), 1fr)); }
    .outputs img, .outputs video { width: 100%; border-radius: 6px; border: 1px solid var(--border); }
    td.prompt { max-width: 28rem; }
    .value { white-space: pre-wrap; }
  `];

  constructor() {
    super();
    this.page = null;
    this.total = 0;
    this.offset = 0;
    this.limit = 25;
    this.status = '';
    this.model = '';
    this.models = [];
    this.record = null;
    this.actionError = null;
    this.message = null;
  }

  willUpdate(changed) {
    if (changed.has('generationId')) {
      this.actionError = null;
      if (this.generationId) this.loadRecord();
      else this.loadPage();
    }
  }

  /** One page of the list, filtered and paged by the API (`status`, `model`, `limit`, `offset`). */
  async loadPage() {
    this.record = null;
    if (this.models.length === 0) this.loadModels();
    const query = { limit: this.limit, offset: this.offset, status: this.status, model: this.model };
    // only the answer to the latest query is shown: with filters changed quickly, an earlier answer may arrive last
    const ticket = (this.ticket || 0) + 1;
    this.ticket = ticket;
    const answer = await this.run(() => api().get('/v1/content/list', { query }));
    if (answer && ticket === this.ticket) {
      this.page = answer.data.generations;
      this.total = answer.body.total;
    }
  }

  /** The model filter's choices: the library's models (every key that may list generations may read the library). */
  async loadModels() {
    if (!can('library:read')) return;
    try {
      this.models = (await api().get('/v1/library/models')).data.models.map((m) => m.model_identifier).sort();
    } catch {
      // the filter then offers the models of the page shown; the list itself reports its own errors
    }
  }

  filter(name, value) {
    this[name] = value;
    this.go(0);
  }

  async loadRecord() {
    const answer = await this.run(() => api().get(`/v1/content/${encodeURIComponent(this.generationId)}`));
    this.record = answer ? answer.data : null;
  }

  go(offset) {
    this.offset = Math.max(0, offset);
    this.loadPage();
  }

  async cancel() {
    this.actionError = null;
    try {
      const answer = await api().post(`/v1/content/generation/cancel/${encodeURIComponent(this.record.generation_id)}`);
      this.message = answer.status === 202 ? 'Cancel requested; the provider has not confirmed it yet.' : 'Canceled.';
      await this.loadRecord();
    } catch (error) {
      this.actionError = error;
    }
  }

  async deleteGeneration() {
    if (!confirm('Delete this generation and its stored output files? This cannot be undone.')) return;
    this.actionError = null;
    try {
      const answer = await api().delete(`/v1/content/${encodeURIComponent(this.record.generation_id)}`);
      this.message = `Deleted (${answer.data.files_deleted} file(s) removed).`;
      this.record = null;
      location.hash = '#/generations';
    } catch (error) {
      this.actionError = error;
    }
  }

  render() {
    if (!can('generation:read')) return this.renderNotAllowed('The generation list', 'generation:read');
    return this.generationId ? this.renderRecord() : this.renderList();
  }

  renderList() {
    const rows = this.page || [];
    const models = this.models.length ? [...this.models] : [...new Set(rows.map((g) => g.model_identifier))].sort();
    if (this.model && !models.includes(this.model)) models.push(this.model);
    const filtered = this.status || this.model;
    return html`<h1>Generations</h1>
      ${this.message ? html`<p class="success" role="status">${this.message}</p>` : nothing}
      <div class="row">
        <label class="inline">Status <select @change=${(e) => this.filter('status', e.target.value)}>
          <option value="">all</option>${STATUSES.map((s) => html`<option ?selected=${s === this.status}>${s}</option>`)}</select></label>
        <label class="inline">Model <select @change=${(e) => this.filter('model', e.target.value)}>
          <option value="">all</option>${models.map((m) => html`<option ?selected=${m === this.model}>${m}</option>`)}</select></label>
        <label class="inline">Per page <select @change=${(e) => { this.limit = Number(e.target.value); this.go(0); }}>
          ${[25, 50, 100].map((n) => html`<option value=${n} ?selected=${n === this.limit}>${n}</option>`)}</select></label>
        <button type="button" class="secondary" @click=${() => this.loadPage()}>Refresh</button>
      </div>
      ${filtered && this.page ? html`<p class="small muted" role="status" data-testid="filter-summary">${this.total}
        generation(s) ${this.status ? html`in status <code>${this.status}</code>` : nothing}
        ${this.model ? html`of model <code>${this.model}</code>` : nothing}.</p>` : nothing}
      ${this.renderError()}
      ${this.loading && !this.page ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${this.page && rows.length === 0 ? html`<div class="empty">${filtered ? 'No generation matches the filters.'
        : this.total === 0 ? 'No generations yet. Run one in the playground.' : 'No generation on this page.'}</div>` : nothing}
      ${rows.length ? html`<div class="table-wrap"><table data-testid="generations-table">
        <thead><tr><th>Created</th><th>Model</th><th>Status</th><th>Provider</th><th>Prompt</th></tr></thead>
        <tbody>${rows.map((g) => html`<tr>
          <td><a href="#/generations/${g.generation_id}">${dateTime(g.generation_created_at)}</a></td>
          <td>${g.model_identifier}</td>
          <td><span class="badge ${g.generation_status}">${g.generation_status}</span>${g.generation_error_code
            ? html` <span class="mono small">${g.generation_error_code}</span>` : nothing}</td>
          <td>${g.generation_provider_used || '—'}</td>
          <td class="prompt wrap">${g.generation_prompt}</td></tr>`)}</tbody></table></div>` : nothing}
      ${this.page ? html`<div class="actions" role="navigation" aria-label="Pages">
        <button type="button" class="secondary" ?disabled=${this.offset === 0} @click=${() => this.go(this.offset - this.limit)}>Previous</button>
        <span class="small muted">${this.total ? `${this.offset + 1}–${Math.min(this.offset + this.limit, this.total)} of ${this.total}` : ''}</span>
        <button type="button" class="secondary" ?disabled=${this.offset + this.limit >= this.total}
          @click=${() => this.go(this.offset + this.limit)}>Next</button>
      </div>` : nothing}`;
  }

  renderRecord() {
    const g = this.record;
    return html`<p><a href="#/generations">← All generations</a></p>
      <h1>Generation</h1>
      ${this.renderError()}
      ${this.message ? html`<p class="success" role="status">${this.message}</p>` : nothing}
      ${g ? html`
        <div class="spread"><span class="mono wrap">${g.generation_id}</span>
          <span class="badge ${g.generation_status}" data-testid="record-status">${g.generation_status}</span></div>
        ${g.generation_status === 'failed' ? html`<div class="notice" role="alert"><strong class="mono">${g.generation_error_code}</strong>
          ${g.generation_error}</div>` : nothing}
        <div class="grid">
          <div class="card"><div class="stat-label">Provider used</div><div class="stat">${g.generation_provider_used || '—'}</div></div>
          <div class="card"><div class="stat-label">Total time</div><div class="stat">${seconds(g.generation_metrics_total_time)}</div></div>
          <div class="card"><div class="stat-label">Inference time</div><div class="stat">${seconds(g.generation_metrics_predict_time)}</div></div>
        </div>
        ${(g.generation_output_file || []).length ? html`<h2>Outputs</h2><div class="outputs">
          ${g.generation_output_file.map((url, i) => html`<figure>${g.generation_duration !== undefined
            ? html`<video controls preload="metadata" src=${url} aria-label="Output ${i + 1}"></video>`
            : html`<img src=${url} alt="Output ${i + 1}" loading="lazy">`}
            <figcaption class="small"><a href=${url} target="_blank" rel="noopener noreferrer" download>Download output ${i + 1}</a></figcaption>
          </figure>`)}</div>` : nothing}
        ${g.generation_removed ? html`<p class="notice">The output files were removed (retention).</p>` : nothing}
        <h2>Every field</h2>
        <div class="card"><dl class="fields" data-testid="record-fields">${Object.entries(g).map(([name, value]) => html`
          <dt class="mono">${name}</dt><dd class="value">${name.endsWith('_at') && value ? `${show(value)} (${dateTime(value)})` : show(value)}</dd>`)}
        </dl></div>
        ${this.actionError ? html`<bs-error .error=${this.actionError}></bs-error>` : nothing}
        <div class="actions">
          ${!isTerminal(g.generation_status) ? html`<button type="button" class="danger" ?disabled=${!can('generation:delete')}
            @click=${this.cancel}>Cancel</button>` : nothing}
          <button type="button" class="danger" ?disabled=${!can('generation:delete') || !isTerminal(g.generation_status)}
            @click=${this.deleteGeneration}>Delete</button>
          <button type="button" class="secondary" @click=${() => this.loadRecord()}>Refresh</button>
        </div>
        ${can('generation:delete') ? (!isTerminal(g.generation_status)
          ? html`<p class="small muted">Delete is possible once the generation is finished (cancel it first).</p>` : nothing)
          : html`<p class="small muted">Cancel and delete need the <code>generation:delete</code> scope; this key does not have it.</p>`}
      ` : nothing}`;
  }
}
customElements.define('bs-generations', BsGenerations);
