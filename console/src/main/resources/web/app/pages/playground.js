import { html, css, nothing } from 'lit';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import { api, can, currentSession } from '../lib/session.js';
import { credits, dateTime, seconds, pricing, isTerminal, randomId } from '../lib/format.js';
import * as snippets from '../lib/snippets.js';

const POLL_MS = 1000;

/** A model's extra fields: described ones (type, enum, range, default) when the API publishes them, names otherwise. */
function specificFields(model) {
  if (Array.isArray(model.specific_schema_fields)) return model.specific_schema_fields;
  return (model.specific_schema || []).map((name) => ({ name, type: null }));
}

/** The label of a `generation_*` field: `generation_num_inference_steps` → `Num inference steps`. */
function fieldLabel(name) {
  const words = name.replace(/^generation_/, '').replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value typed into an undescribed field: JSON numbers and booleans as such, anything else as a string. */
function looseValue(text) {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

/**
 * The playground: a model from the library, a form generated from its schema, the live estimate, submit with an
 * Idempotency-Key, live progress until a terminal status, the outputs, cancel, and the exact request as
 * curl / TypeScript / Java.
 */
export class BsPlayground extends Page {
  static properties = {
    models: { state: true }, modelId: { state: true }, values: { state: true }, estimate: { state: true },
    estimateError: { state: true }, generation: { state: true }, submitError: { state: true }, submitting: { state: true },
    snippet: { state: true }, history: { state: true }, cancelError: { state: true }, submittedOrder: { state: true },
  };
  static styles = [shared, css`
    .layout { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 1.25rem; align-items: start; }
    @media (max-width: 1000px) { .layout { grid-template-columns: minmax(0, 1fr); } }
    .outputs { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr)); }
    .outputs img, .outputs video { width: 100%; border-radius: 6px; border: 1px solid var(--border); background: var(--code-bg); }
    ol.timeline { margin: 0.5rem 0; padding-left: 1.25rem; }
    ol.timeline li { margin: 0.3rem 0; }
    .tabs { display: flex; gap: 0.25rem; flex-wrap: wrap; }
    .tabs button[aria-pressed='true'] { background: var(--accent); color: var(--accent-fg); }
    .estimate { font-variant-numeric: tabular-nums; }
    .prompt-text { white-space: pre-wrap; overflow-wrap: anywhere; }
  `];

  constructor() {
    super();
    this.models = [];
    this.modelId = null;
    this.values = {};
    this.estimate = null;
    this.estimateError = null;
    this.generation = null;
    this.submitError = null;
    this.submitting = false;
    this.snippet = 'curl';
    this.history = [];
    this.cancelError = null;
    this.idempotencyKey = `console-${randomId()}`;
    this.pollTimer = null;
    this.estimateTimer = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.pollTimer);
    clearTimeout(this.estimateTimer);
  }

  async load() {
    const models = await this.run(async () => (await api().get('/v1/library/models')).data.models);
    if (models) {
      this.models = models;
      if (models.length > 0) this.selectModel(models[0].model_identifier);
    }
  }

  get model() {
    return this.models.find((m) => m.model_identifier === this.modelId) || null;
  }

  selectModel(id) {
    this.modelId = id;
    const model = this.model;
    const values = { generation_prompt: this.values.generation_prompt || '' };
    if (model && model.model_type === 'video' && Array.isArray(model.schema.generation_duration)) {
      values.generation_duration = String(model.schema.generation_duration[0]);
    }
    this.values = values;
    this.newRequest();
  }

  setValue(name, value) {
    this.values = { ...this.values, [name]: value };
    this.newRequest();
  }

  /** The form changed: the next submit is a different request, so it gets a new Idempotency-Key. */
  newRequest() {
    this.idempotencyKey = `console-${randomId()}`;
    clearTimeout(this.estimateTimer);
    this.estimateTimer = setTimeout(() => this.loadEstimate(), 250);
  }

  /** The request body exactly as it will be sent: fields left empty are omitted, so the model's defaults apply. */
  body() {
    const model = this.model;
    const body = {};
    if (!model) return body;
    for (const [name, raw] of Object.entries(this.values)) {
      if (raw === undefined || raw === null || raw === '') continue;
      const field = specificFields(model).find((f) => f.name === name);
      if (name === 'generation_prompt' || name === 'generation_ratio' || name === 'generation_output_format'
          || name === 'generation_provider_order' || name === 'generation_resolution'
          || name === 'generation_input_file_last_content') {
        body[name] = String(raw);
      } else if (name === 'generation_output_number' || name === 'generation_duration') {
        body[name] = Number(raw);
      } else if (name === 'generation_generate_audio') {
        body[name] = raw === 'true';
      } else if (name === 'generation_input_file') {
        const urls = String(raw).split('\n').map((s) => s.trim()).filter(Boolean);
        if (urls.length > 0) body[name] = urls;
      } else if (field) {
        if (field.type === 'integer' || field.type === 'number') body[name] = Number(raw);
        else if (field.type === 'boolean') body[name] = raw === 'true';
        else if (field.type) body[name] = String(raw);
        else body[name] = looseValue(String(raw));
      }
    }
    return body;
  }

  request() {
    const model = this.model;
    return { baseUrl: currentSession().baseUrl, mediaType: model.model_type, model: model.model_identifier, body: this.body(),
      idempotencyKey: this.idempotencyKey };
  }

  async loadEstimate() {
    const model = this.model;
    if (!model) return;
    const body = this.body();
    try {
      const answer = await api().get(`/v1/estimate/${model.model_identifier}`, { query: {
        count: body.generation_output_number, duration: body.generation_duration, resolution: body.generation_resolution,
        audio: body.generation_generate_audio === undefined ? undefined : String(body.generation_generate_audio) } });
      if (model === this.model) {
        this.estimate = answer.data;
        this.estimateError = null;
      }
    } catch (error) {
      this.estimate = null;
      this.estimateError = error;
    }
  }

  async submit(event) {
    event.preventDefault();
    const request = this.request();
    this.submitting = true;
    this.submitError = null;
    this.cancelError = null;
    try {
      const answer = await api().post(`/v1/generate/${request.mediaType}/${request.model}`, request.body,
        { headers: { 'Idempotency-Key': request.idempotencyKey } });
      const id = answer.data.generation_id;
      this.submittedOrder = request.body.generation_provider_order || null;
      this.generation = { generation_id: id, generation_status: answer.data.generation_status || 'pending',
        model_identifier: request.model, generation_prompt: request.body.generation_prompt,
        generation_provider_order: answer.data.generation_provider_order, replayed: answer.headers.get('Idempotency-Replayed') === 'true' };
      this.history = [{ id, model: request.model, prompt: request.body.generation_prompt }, ...this.history].slice(0, 20);
      this.idempotencyKey = `console-${randomId()}`;
      this.poll(id);
    } catch (error) {
      this.submitError = error;
    } finally {
      this.submitting = false;
    }
  }

  async poll(id) {
    clearTimeout(this.pollTimer);
    if (!can('generation:read')) return;
    try {
      const answer = await api().get(`/v1/content/${encodeURIComponent(id)}`);
      if (!this.generation || this.generation.generation_id !== id) return;
      this.generation = { ...answer.data, replayed: this.generation.replayed };
      if (isTerminal(answer.data.generation_status)) {
        this.loadEstimate();
        return;
      }
    } catch (error) {
      this.cancelError = error;
    }
    this.pollTimer = setTimeout(() => this.poll(id), POLL_MS);
  }

  async cancel() {
    const id = this.generation.generation_id;
    this.cancelError = null;
    try {
      const answer = await api().post(`/v1/content/generation/cancel/${encodeURIComponent(id)}`);
      this.generation = { ...this.generation, generation_status: answer.data.generation_status,
        credits_refunded: answer.data.credits_refunded };
      this.poll(id);
    } catch (error) {
      this.cancelError = error;
    }
  }

  openGeneration(id) {
    this.generation = { generation_id: id, generation_status: 'pending' };
    this.submittedOrder = null;
    this.poll(id);
  }

  render() {
    if (!can('library:read')) return this.renderNotAllowed('The playground', 'library:read');
    return html`<h1>Playground</h1>
      ${this.renderError()}
      ${this.loading ? html`<p class="muted" role="status">Loading the model library…</p>` : nothing}
      ${this.models.length === 0 && !this.loading && !this.error ? html`<div class="empty">The library has no models.</div>` : nothing}
      ${this.model ? html`<div class="layout">
        <div>${this.renderForm()}</div>
        <div>${this.renderEstimate()}${this.renderGeneration()}${this.renderSnippets()}${this.renderHistory()}</div>
      </div>` : nothing}`;
  }

  renderForm() {
    const model = this.model;
    const schema = model.schema || {};
    const defaults = model.schema_defaults || {};
    const images = this.models.filter((m) => m.model_type === 'image');
    const videos = this.models.filter((m) => m.model_type === 'video');
    const option = (m) => html`<option value=${m.model_identifier} ?selected=${m.model_identifier === this.modelId}>
      ${m.model_identifier}${m.model_name ? ` — ${m.model_name}` : ''} (${pricing(m)})</option>`;
    const writable = can('generation:write');
    return html`<form class="card" @submit=${this.submit} aria-label="Generation request">
      <label for="model">Model</label>
      <select id="model" @change=${(e) => this.selectModel(e.target.value)}>
        ${images.length ? html`<optgroup label="Image">${images.map(option)}</optgroup>` : nothing}
        ${videos.length ? html`<optgroup label="Video">${videos.map(option)}</optgroup>` : nothing}
      </select>
      <p class="small muted">Providers: ${(model.model_supported_provider || []).join(', ')} · price ${pricing(model)}</p>

      <label for="generation_prompt">Prompt <span class="hint">required, up to 5,000 characters</span></label>
      <textarea id="generation_prompt" maxlength="5000" required .value=${this.values.generation_prompt || ''}
        @input=${(e) => this.setValue('generation_prompt', e.target.value)}></textarea>

      ${this.enumField('generation_ratio', 'Aspect ratio', schema.generation_ratio, defaults.generation_ratio)}
      ${this.enumField('generation_output_format', 'Output format', schema.generation_output_format, defaults.generation_output_format)}
      ${schema.generation_output_number > 1
        ? html`<label for="generation_output_number">Outputs <span class="hint">1–${schema.generation_output_number}${
            defaults.generation_output_number ? `, default ${defaults.generation_output_number}` : ''}</span></label>
          <input id="generation_output_number" type="number" min="1" max=${schema.generation_output_number} step="1"
            placeholder=${defaults.generation_output_number || '1'} .value=${this.values.generation_output_number || ''}
            @input=${(e) => this.setValue('generation_output_number', e.target.value)}>`
        : html`<p class="small muted">This model makes one output per request.</p>`}
      ${Array.isArray(schema.generation_duration)
        ? html`<label for="generation_duration">Duration (seconds) <span class="hint">required for video</span></label>
          <select id="generation_duration" required @change=${(e) => this.setValue('generation_duration', e.target.value)}>
            ${schema.generation_duration.map((d) => html`<option value=${d} ?selected=${String(d) === this.values.generation_duration}>${d} s</option>`)}
          </select>` : nothing}
      ${this.enumField('generation_resolution', 'Resolution', schema.generation_resolution, defaults.generation_resolution)}
      ${schema.generation_generate_audio
        ? this.enumField('generation_generate_audio', 'Generate audio', ['true', 'false'],
          defaults.generation_generate_audio === undefined ? undefined : String(defaults.generation_generate_audio))
        : nothing}
      ${schema.generation_input_file
        ? html`<label for="generation_input_file">Input files <span class="hint">public image URLs (JPEG, PNG, WebP), one per line, at most 10</span></label>
          <textarea id="generation_input_file" placeholder="https://example.com/input.png" .value=${this.values.generation_input_file || ''}
            @input=${(e) => this.setValue('generation_input_file', e.target.value)}></textarea>
          ${model.model_type === 'video'
            ? html`<label for="generation_input_file_last_content">Last frame URL <span class="hint">optional end frame</span></label>
              <input id="generation_input_file_last_content" type="url" .value=${this.values.generation_input_file_last_content || ''}
                @input=${(e) => this.setValue('generation_input_file_last_content', e.target.value)}>` : nothing}`
        : nothing}
      ${this.enumField('generation_provider_order', 'Provider order', schema.generation_provider_order,
        defaults.generation_provider_order, 'fastest: the router ranks the stack; a list: tried in that order, failing over')}
      ${specificFields(model).length ? html`<fieldset><legend>Model-specific fields</legend>
        ${specificFields(model).map((f) => this.specificField(f))}</fieldset>` : nothing}

      ${this.submitError ? html`<bs-error .error=${this.submitError}></bs-error>` : nothing}
      <div class="actions">
        <button type="submit" ?disabled=${!writable || this.submitting}>${this.submitting ? 'Submitting…' : 'Generate'}</button>
      </div>
      ${writable ? nothing : html`<p class="notice small">Submitting needs the <code>generation:write</code> scope; this key does not have it.</p>`}
    </form>`;
  }

  enumField(name, label, options, defaultValue, hint) {
    if (!Array.isArray(options) || options.length === 0) return nothing;
    const current = this.values[name] || '';
    return html`<label for=${name}>${label}${hint ? html` <span class="hint">${hint}</span>` : nothing}</label>
      <select id=${name} @change=${(e) => this.setValue(name, e.target.value)}>
        <option value="" ?selected=${current === ''}>Model default${defaultValue !== undefined ? ` (${defaultValue})` : ''}</option>
        ${options.map((o) => html`<option value=${o} ?selected=${String(o) === current}>${o}</option>`)}
      </select>`;
  }

  specificField(field) {
    const id = field.name;
    const label = fieldLabel(field.name);
    const current = this.values[id] ?? '';
    const set = (e) => this.setValue(id, e.target.value);
    const range = field.min !== undefined && field.min !== null || field.max !== undefined && field.max !== null
      ? `${field.min ?? '…'}–${field.max ?? '…'}` : '';
    const hint = [field.type, range && (field.type === 'string' ? `max ${field.max} chars` : range),
      field.default !== undefined && field.default !== null ? `default ${field.default}` : ''].filter(Boolean).join(', ');
    if (Array.isArray(field.enum) && field.enum.length) return this.enumField(id, label, field.enum, field.default, field.name);
    if (field.type === 'boolean') {
      return this.enumField(id, label, ['true', 'false'], field.default === undefined ? undefined : String(field.default), field.name);
    }
    if (field.type === 'integer' || field.type === 'number') {
      return html`<label for=${id}>${label} <span class="hint">${field.name}${hint ? ` · ${hint}` : ''}</span></label>
        <input id=${id} type="number" step=${field.type === 'integer' ? '1' : 'any'} min=${field.min ?? ''} max=${field.max ?? ''}
          placeholder=${field.default ?? ''} .value=${String(current)} @input=${set}>`;
    }
    return html`<label for=${id}>${label} <span class="hint">${field.name}${hint ? ` · ${hint}` : ' · any JSON number, true/false or text'}</span></label>
      <input id=${id} type="text" maxlength=${field.type === 'string' && field.max ? field.max : 10000}
        placeholder=${field.default ?? ''} .value=${String(current)} @input=${set}>`;
  }

  renderEstimate() {
    const e = this.estimate;
    return html`<section class="card" aria-labelledby="estimate-title">
      <h2 id="estimate-title">Estimate</h2>
      ${this.estimateError ? html`<bs-error .error=${this.estimateError}></bs-error>` : nothing}
      ${e ? html`<dl class="fields estimate" data-testid="estimate">
        <dt>Total</dt><dd><strong>${credits(e.cost_total_consumed)} credits</strong> for ${e.assets_count} output(s)</dd>
        <dt>Per output</dt><dd>${credits(e.cost_per_generation)}${e.cost_per_second !== undefined
          ? ` (${credits(e.cost_per_second)}/s × ${e.duration_seconds} s${e.resolution ? `, ${e.resolution}` : ''})` : ''}</dd>
        <dt>Balance</dt><dd>${credits(e.credit_balance)}${e.credit_balance_can_afford === false
          ? html` <span class="badge failed">not enough</span>` : nothing}</dd>
        ${e.credit_balance_max_affordable !== null && e.credit_balance_max_affordable !== undefined
          ? html`<dt>Affordable</dt><dd>up to ${e.credit_balance_max_affordable} output(s)</dd>` : nothing}
      </dl>` : this.estimateError ? nothing : html`<p class="muted small" role="status">Estimating…</p>`}
    </section>`;
  }

  /** Which provider an attempt ran on, when the order was an explicit list (the chain is tried in that order). */
  attemptProvider(n) {
    const order = this.submittedOrder && this.submittedOrder !== 'fastest' ? this.submittedOrder.split(',').map((s) => s.trim()) : null;
    return order && order[n - 1] ? order[n - 1] : null;
  }

  renderGeneration() {
    const g = this.generation;
    if (!g) return nothing;
    const status = g.generation_status;
    const attempts = g.generation_provider_submissions || (status === 'processing' || status === 'succeeded' ? 1 : 0);
    const outputs = g.generation_output_file || [];
    const video = (g.model_identifier || '').length && this.models.find((m) => m.model_identifier === g.model_identifier)?.model_type === 'video';
    const failovers = [];
    for (let n = 1; n < attempts; n++) {
      const provider = this.attemptProvider(n);
      failovers.push(html`<li data-testid="failover">Attempt ${n}${provider ? html` on <strong>${provider}</strong>` : nothing}
        failed; failed over to the next provider</li>`);
    }
    const current = this.attemptProvider(attempts);
    return html`<section class="card" aria-labelledby="generation-title" data-testid="generation" data-status=${status}
      data-generation-id=${g.generation_id}>
      <div class="spread"><h2 id="generation-title">Generation</h2>
        <span class="badge ${status}" data-testid="generation-status">${status}</span></div>
      <p class="small mono wrap">${g.generation_id}${g.replayed ? ' · replayed (same Idempotency-Key)' : ''}</p>
      ${g.generation_prompt !== undefined ? html`<p class="prompt-text" data-testid="generation-prompt">${g.generation_prompt}</p>` : nothing}
      <ol class="timeline" aria-label="Progress">
        <li>Accepted, pending${g.generation_created_at ? ` — ${dateTime(g.generation_created_at)}` : ''}</li>
        ${attempts > 0 ? html`${failovers}<li>Processing${current ? html` on <strong>${current}</strong>` : nothing}
          ${attempts > 1 ? ` (attempt ${attempts})` : ''}${g.generation_started_at ? ` — ${dateTime(g.generation_started_at)}` : ''}</li>` : nothing}
        ${status === 'succeeded' ? html`<li>Done on <strong>${g.generation_provider_used}</strong>
          in ${seconds(g.generation_metrics_total_time)}${g.generation_metrics_predict_time !== null && g.generation_metrics_predict_time !== undefined
            ? ` (inference ${seconds(g.generation_metrics_predict_time)})` : ''}</li>` : nothing}
        ${status === 'failed' ? html`<li>Failed</li>` : nothing}
        ${status === 'canceled' ? html`<li>Canceled${g.credits_refunded ? ', credits refunded' : ''}</li>` : nothing}
      </ol>
      ${status === 'failed' ? html`<div class="notice" role="alert" data-testid="generation-error">
        <strong class="mono" data-testid="generation-error-code">${g.generation_error_code}</strong> ${g.generation_error}</div>` : nothing}
      ${outputs.length ? html`<div class="outputs" data-testid="outputs">${outputs.map((url, i) => html`<figure>
        ${video ? html`<video controls preload="metadata" src=${url} aria-label="Output ${i + 1}"></video>`
          : html`<img src=${url} alt="Output ${i + 1} of ${outputs.length}: ${g.generation_prompt || ''}" loading="lazy">`}
        <figcaption class="small"><a href=${url} target="_blank" rel="noopener noreferrer" download>Download output ${i + 1}</a></figcaption>
      </figure>`)}</div>` : nothing}
      ${this.cancelError ? html`<bs-error .error=${this.cancelError}></bs-error>` : nothing}
      ${!isTerminal(status) ? html`<div class="actions">
        <button type="button" class="danger" ?disabled=${!can('generation:delete')} @click=${this.cancel}>Cancel generation</button>
        ${can('generation:delete') ? nothing : html`<span class="small muted">cancel needs generation:delete</span>`}
      </div>` : nothing}
      ${can('generation:read') ? nothing : html`<p class="notice small">Following progress needs <code>generation:read</code>.</p>`}
    </section>`;
  }

  renderSnippets() {
    const request = this.request();
    const text = snippets[this.snippet](request);
    const tab = (name, label) => html`<button type="button" class="secondary" aria-pressed=${this.snippet === name ? 'true' : 'false'}
      @click=${() => { this.snippet = name; }}>${label}</button>`;
    return html`<section class="card" aria-labelledby="snippet-title">
      <h2 id="snippet-title">Copy the request</h2>
      <p class="small muted">Exactly what Generate sends, with this Idempotency-Key (a retry of the same request is answered
        once). The key is read from <code>BABYSEA_API_KEY</code>.</p>
      <div class="tabs" role="group" aria-label="Snippet language">
        ${tab('curl', 'curl')}${tab('typescript', 'TypeScript SDK')}${tab('java', 'Java')}
      </div>
      <pre data-testid="snippet">${text}</pre>
      <bs-copy .text=${text} label="Copy as ${this.snippet === 'curl' ? 'curl' : this.snippet === 'java' ? 'Java' : 'TypeScript'}"></bs-copy>
    </section>`;
  }

  renderHistory() {
    if (this.history.length === 0) return nothing;
    return html`<section class="card"><h2>This session</h2><ul>
      ${this.history.map((h) => html`<li><button type="button" class="link" @click=${() => this.openGeneration(h.id)}>
        ${h.model}</button> <span class="small muted wrap">${h.prompt}</span></li>`)}
    </ul></section>`;
  }
}
customElements.define('bs-playground', BsPlayground);
