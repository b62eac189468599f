import { html, css, nothing } from 'lit';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import { api, can, fullAccess } from '../lib/session.js';
import { dateTime } from '../lib/format.js';

const EVENTS = ['generation.started', 'generation.completed', 'generation.failed', 'generation.canceled', 'credits.low_balance'];
const DEFAULT_EVENTS = EVENTS.slice(0, 4);

/**
 * Webhooks: the account's endpoints (create, edit events, enable/disable, rotate the signing secret, send a test,
 * delete), each endpoint's delivery log with every attempt, replay of a delivery, and delivery of the queue that
 * built up while an endpoint was disabled. Writes need a Full Access key.
 */
export class BsWebhooks extends Page {
  static properties = { endpointId: {}, endpoints: { state: true }, endpoint: { state: true }, deliveries: { state: true },
    queue: { state: true }, secret: { state: true }, actionError: { state: true }, message: { state: true }, busy: { state: true },
    open: { state: true } };
  static styles = [shared, css`
    .secret { font-family: var(--mono); padding: 0.5rem; background: var(--code-bg); border-radius: 6px; overflow-wrap: anywhere; }
    .events { display: flex; flex-wrap: wrap; }
    details { margin: 0.25rem 0; }
    summary { cursor: pointer; }
  `];

  constructor() {
    super();
    this.endpoints = null;
    this.endpoint = null;
    this.deliveries = null;
    this.queue = null;
    this.secret = null;
    this.actionError = null;
    this.message = null;
    this.busy = false;
    this.open = {};
  }

  willUpdate(changed) {
    if (changed.has('endpointId')) {
      this.actionError = null;
      this.message = null;
      if (this.endpointId) this.loadEndpoint();
      else this.loadList();
    }
  }

  base() {
    return '/v1/webhooks/endpoints';
  }

  async loadList() {
    const answer = await this.run(() => api().get(this.base()));
    if (answer) this.endpoints = answer.data.endpoints;
  }

  async loadEndpoint() {
    const id = encodeURIComponent(this.endpointId);
    await this.run(async () => {
      const [endpoint, deliveries, queue] = await Promise.all([api().get(`${this.base()}/${id}`),
        api().get(`${this.base()}/${id}/deliveries`, { query: { limit: 50 } }), api().get(`${this.base()}/${id}/queue`, { query: { limit: 50 } })]);
      this.endpoint = endpoint.data;
      this.deliveries = deliveries.data;
      this.queue = queue.data;
    });
  }

  async act(task, reload = true) {
    this.busy = true;
    this.actionError = null;
    this.message = null;
    try {
      await task();
      if (reload) {
        if (this.endpointId) await this.loadEndpoint();
        else await this.loadList();
      }
    } catch (error) {
      this.actionError = error;
    } finally {
      this.busy = false;
    }
  }

  checkedEvents(form) {
    return EVENTS.filter((e) => form.querySelector(`input[name="event"][value="${e}"]`).checked);
  }

  create(event) {
    event.preventDefault();
    const form = event.target;
    const body = { url: form.url.value.trim(), events: this.checkedEvents(form) };
    if (form.description.value.trim()) body.description = form.description.value.trim();
    return this.act(async () => {
      const answer = await api().post(this.base(), body);
      this.secret = { endpoint: answer.data.endpoint_id, secret: answer.data.secret };
      form.reset();
    });
  }

  saveEndpoint(event) {
    event.preventDefault();
    const form = event.target;
    const body = { url: form.url.value.trim(), events: this.checkedEvents(form), description: form.description.value };
    return this.act(async () => {
      await api().patch(`${this.base()}/${encodeURIComponent(this.endpointId)}`, body);
      this.message = 'Saved.';
    });
  }

  post(path, message) {
    return this.act(async () => {
      const answer = await api().post(`${this.base()}/${encodeURIComponent(this.endpointId)}${path}`);
      if (answer.data && answer.data.secret) this.secret = { endpoint: this.endpointId, secret: answer.data.secret };
      this.message = typeof message === 'function' ? message(answer.data) : message;
    });
  }

  deleteEndpoint() {
    if (!confirm('Delete this endpoint with its delivery log and queue?')) return undefined;
    return this.act(async () => {
      await api().delete(`${this.base()}/${encodeURIComponent(this.endpointId)}`);
      location.hash = '#/webhooks';
    }, false);
  }

  render() {
    if (!can('account:read')) return this.renderNotAllowed('Webhook management', 'account:read');
    return this.endpointId ? this.renderEndpoint() : this.renderList();
  }

  renderSecret() {
    if (!this.secret) return nothing;
    return html`<div class="success" role="status" data-testid="webhook-secret"><p><strong>Signing secret</strong> — shown this once.
      Verify each delivery's <code>X-BabySea-Signature</code> (HMAC-SHA256 of <code>t.body</code>) with it.</p>
      <div class="secret">${this.secret.secret}</div>
      <div class="actions"><bs-copy .text=${this.secret.secret} label="Copy secret"></bs-copy>
        <button type="button" class="secondary" @click=${() => { this.secret = null; }}>Hide</button></div></div>`;
  }

  eventBoxes(selected) {
    return html`<fieldset><legend>Events</legend><div class="events">${EVENTS.map((e) => html`<label class="inline">
      <input type="checkbox" name="event" value=${e} ?checked=${selected.includes(e)}> ${e}</label>`)}</div></fieldset>`;
  }

  readOnlyNote() {
    return fullAccess() ? nothing : html`<p class="notice" role="note">Changing webhooks needs a <strong>Full Access</strong> key;
      this key can only read them.</p>`;
  }

  renderList() {
    const writable = fullAccess();
    return html`<h1>Webhooks</h1>
      ${this.renderError()}${this.renderSecret()}
      ${this.actionError ? html`<bs-error .error=${this.actionError}></bs-error>` : nothing}
      ${this.endpoints && this.endpoints.length === 0 ? html`<div class="empty">No endpoints yet: add one below.</div>` : nothing}
      ${this.endpoints && this.endpoints.length ? html`<div class="table-wrap"><table data-testid="endpoints-table">
        <thead><tr><th>URL</th><th>Description</th><th>Events</th><th>State</th><th>Created</th></tr></thead>
        <tbody>${this.endpoints.map((e) => html`<tr>
          <td class="wrap"><a href="#/webhooks/${e.endpoint_id}">${e.url}</a></td>
          <td class="wrap">${e.description || '—'}</td><td class="small">${e.events.join(', ')}</td>
          <td><span class="badge ${e.enabled ? 'active' : 'disabled'}">${e.enabled ? 'enabled' : `disabled (${e.disabled_reason})`}</span></td>
          <td>${dateTime(e.created_at)}</td></tr>`)}</tbody></table></div>` : nothing}
      <h2>Add an endpoint</h2>
      ${this.readOnlyNote()}
      <form class="card" @submit=${this.create} aria-label="Add an endpoint">
        <fieldset class="plain" ?disabled=${!writable || this.busy}>
          <label for="webhook-url">URL <span class="hint">in production a public https URL on port 443 (private addresses are refused);
            the local stack also accepts http on this machine</span></label>
          <input id="webhook-url" name="url" type="url" required placeholder="https://example.com/babysea-webhook">
          <label for="webhook-description">Description <span class="hint">optional</span></label>
          <input id="webhook-description" name="description" maxlength="500">
          ${this.eventBoxes(DEFAULT_EVENTS)}
          <div class="actions"><button type="submit">Add endpoint</button></div>
        </fieldset>
      </form>`;
  }

  renderEndpoint() {
    const e = this.endpoint;
    const writable = fullAccess();
    const pendingQueue = this.queue ? this.queue.entries.filter((q) => q.status === 'pending').length : 0;
    return html`<p><a href="#/webhooks">← All endpoints</a></p><h1>Webhook endpoint</h1>
      ${this.renderError()}${this.renderSecret()}
      ${this.message ? html`<p class="success" role="status" data-testid="webhook-message">${this.message}</p>` : nothing}
      ${this.actionError ? html`<bs-error .error=${this.actionError}></bs-error>` : nothing}
      ${e ? html`
        <div class="spread"><span class="wrap"><strong>${e.url}</strong></span>
          <span class="badge ${e.enabled ? 'active' : 'disabled'}" data-testid="endpoint-state">${e.enabled ? 'enabled'
            : `disabled (${e.disabled_reason})`}</span></div>
        <p class="small muted">${e.consecutive_failures} consecutive failed attempts (15 disable the endpoint).</p>
        ${this.readOnlyNote()}
        <div class="actions">
          <button type="button" ?disabled=${!writable || this.busy || !e.enabled}
            @click=${() => this.post('/test', (d) => `Test event sent (delivery ${d.delivery_id}).`)}>Send test event</button>
          ${e.enabled
            ? html`<button type="button" class="secondary" ?disabled=${!writable || this.busy} @click=${() => this.post('/disable', 'Disabled: events are queued.')}>Disable</button>`
            : html`<button type="button" class="secondary" ?disabled=${!writable || this.busy} @click=${() => this.post('/enable', 'Enabled.')}>Enable</button>`}
          <button type="button" class="secondary" ?disabled=${!writable || this.busy}
            @click=${() => this.post('/rotate-secret', 'New signing secret issued; it signs every attempt from now on.')}>Rotate secret</button>
          <button type="button" class="danger" ?disabled=${!writable || this.busy} @click=${this.deleteEndpoint}>Delete</button>
          <button type="button" class="secondary" @click=${() => this.loadEndpoint()}>Refresh</button>
        </div>
        <form class="card" @submit=${this.saveEndpoint} aria-label="Edit endpoint">
          <fieldset class="plain" ?disabled=${!writable || this.busy}><legend>Edit</legend>
            <label for="edit-url">URL</label><input id="edit-url" name="url" type="url" required .value=${e.url}>
            <label for="edit-description">Description</label><input id="edit-description" name="description" maxlength="500"
              .value=${e.description || ''}>
            ${this.eventBoxes(e.events)}
            <div class="actions"><button type="submit">Save</button></div>
          </fieldset>
        </form>
        <h2>Queue</h2>
        <p class="small muted">Events that arrived while the endpoint was disabled wait here for 72 hours.</p>
        ${this.queue && this.queue.entries.length === 0 ? html`<div class="empty">The queue is empty.</div>` : nothing}
        ${this.queue && this.queue.entries.length ? html`<div class="table-wrap"><table data-testid="queue-table"><thead><tr><th>Event</th><th>Generation</th>
          <th>Status</th><th>Queued</th><th>Expires</th></tr></thead><tbody>${this.queue.entries.map((q) => html`<tr>
          <td>${q.event}</td><td class="mono small wrap">${q.generation_id || '—'}</td><td><span class="badge">${q.status}</span></td>
          <td>${dateTime(q.queued_at)}</td><td>${dateTime(q.expires_at)}</td></tr>`)}</tbody></table></div>` : nothing}
        <div class="actions"><button type="button" ?disabled=${!writable || this.busy || !e.enabled || pendingQueue === 0}
          @click=${() => this.post('/deliver-queued', (d) => `${d.delivered} queued event(s) sent, ${d.remaining} left.`)}>
          Deliver queued events (${pendingQueue})</button>
          ${!e.enabled && pendingQueue ? html`<span class="small muted">enable the endpoint first</span>` : nothing}</div>
        <h2>Deliveries</h2>
        ${this.deliveries && this.deliveries.deliveries.length === 0 ? html`<div class="empty">No deliveries yet. Send a test event.</div>` : nothing}
        ${this.deliveries && this.deliveries.deliveries.length ? html`<div class="table-wrap"><table data-testid="deliveries-table">
          <thead><tr><th>Created</th><th>Event</th><th>Origin</th><th>Status</th><th class="num">Attempts</th><th>Last result</th><th></th></tr></thead>
          <tbody>${this.deliveries.deliveries.map((d) => html`<tr data-delivery-id=${d.delivery_id}>
            <td>${dateTime(d.created_at)}</td><td>${d.event}${d.generation_id ? html`<div class="mono small wrap">${d.generation_id}</div>` : nothing}</td>
            <td>${d.origin}</td><td><span class="badge ${d.status === 'succeeded' ? 'succeeded' : d.status}" data-testid="delivery-status">${d.status}</span></td>
            <td class="num">${d.attempt_count}</td>
            <td class="small wrap">${d.last_status_code ? `HTTP ${d.last_status_code}` : ''} ${d.last_error || ''}</td>
            <td><div class="row">
              <button type="button" class="secondary" aria-expanded=${this.open[d.delivery_id] ? 'true' : 'false'}
                @click=${() => { this.open = { ...this.open, [d.delivery_id]: !this.open[d.delivery_id] }; }}>Attempts</button>
              <button type="button" class="secondary" ?disabled=${!writable || this.busy || !e.enabled}
                @click=${() => this.act(async () => {
                  const answer = await api().post(`${this.base()}/${encodeURIComponent(this.endpointId)}/deliveries/${encodeURIComponent(d.delivery_id)}/replay`);
                  this.message = `Replayed as delivery ${answer.data.delivery_id}.`;
                })}>Replay</button></div></td>
          </tr>${this.open[d.delivery_id] ? html`<tr><td colspan="7">${this.renderAttempts(d)}</td></tr>` : nothing}`)}
          </tbody></table></div>
          <p class="small muted">${this.deliveries.total} deliveries in all; the latest 50 are shown.</p>` : nothing}
      ` : nothing}`;
  }

  renderAttempts(delivery) {
    return html`<div data-testid="attempts">${(delivery.attempts || []).length === 0 ? html`<p class="muted small">No attempt yet.</p>`
      : html`<table><thead><tr><th class="num">#</th><th>Started</th><th class="num">Duration</th><th>Status</th><th>Error</th></tr></thead>
        <tbody>${delivery.attempts.map((a) => html`<tr data-testid="attempt"><td class="num">${a.attempt}</td><td>${dateTime(a.started_at)}</td>
          <td class="num">${a.duration_ms} ms</td><td>${a.status_code ? `HTTP ${a.status_code}` : '—'}</td><td class="wrap">${a.error || '—'}</td></tr>`)}
        </tbody></table>`}
      <details><summary>Payload</summary><pre>${JSON.stringify(delivery.payload, null, 2)}</pre></details></div>`;
  }
}
customElements.define('bs-webhooks', BsWebhooks);
