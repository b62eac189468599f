import { html, css, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import { ApiError } from '../lib/api.js';
import { currentSession } from '../lib/session.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** Nesting shown of a schema; deeper parts (and a schema inside itself) are named, not expanded. */
const MAX_DEPTH = 6;

/** Text with `code` spans as the API's descriptions write them, rendered as text and <code> (never as HTML). */
function prose(text) {
  if (!text) return nothing;
  return String(text).split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part));
}

function refName(ref) {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** The schema a `#/components/...` reference names, or null for anything else (the document is never trusted blindly). */
function resolve(doc, ref) {
  if (typeof ref !== 'string' || !ref.startsWith('#/components/')) return null;
  let node = doc;
  for (const part of ref.slice(2).split('/')) {
    node = node && Object.prototype.hasOwnProperty.call(node, part) ? node[part] : null;
  }
  return node && typeof node === 'object' ? node : null;
}

/** A one-line description of a schema's type: `string (date)`, `array of UsageDay`, `integer 1-90`, `one of A | B`. */
function typeLine(schema) {
  if (!schema || typeof schema !== 'object') return 'any';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.oneOf || schema.anyOf) return `one of ${(schema.oneOf || schema.anyOf).map(typeLine).join(' | ')}`;
  if (schema.allOf) return schema.allOf.map(typeLine).join(' & ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const implied = schema.properties ? 'object' : schema.pattern !== undefined || schema.maxLength !== undefined ? 'string' : 'any';
  let line = types.map((t) => (t === 'array' ? `array of ${typeLine(schema.items)}` : t)).join(' or ') || implied;
  if (schema.format) line += ` (${schema.format})`;
  const low = schema.minimum ?? schema.minLength;
  const high = schema.maximum ?? schema.maxLength;
  if (low !== undefined || high !== undefined) line += ` ${low ?? ''}–${high ?? ''}`;
  return line;
}

/** Constraints and hints of a schema as short text items. */
function facts(schema) {
  const out = [];
  if (!schema || typeof schema !== 'object') return out;
  if (schema.const !== undefined) out.push(`always ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum)) out.push(`one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  if (schema.pattern) out.push(`pattern ${schema.pattern}`);
  if (schema.example !== undefined) out.push(`example ${JSON.stringify(schema.example)}`);
  if (Array.isArray(schema.examples) && schema.examples.length) out.push(`example ${JSON.stringify(schema.examples[0])}`);
  if (schema.additionalProperties === true) out.push('other properties allowed');
  return out;
}

/**
 * A schema as a nested list of its properties (name, type, required, facts, description), following references and
 * combinations; `seen` holds the references being expanded so that a recursive schema stops.
 */
function schemaTree(doc, schema, depth = 0, seen = []) {
  if (!schema || typeof schema !== 'object') return nothing;
  if (schema.$ref) {
    const target = resolve(doc, schema.$ref);
    if (!target || seen.includes(schema.$ref) || depth >= MAX_DEPTH) return nothing;
    return schemaTree(doc, target, depth, [...seen, schema.$ref]);
  }
  const parts = [];
  if (schema.allOf) schema.allOf.forEach((s) => parts.push(schemaTree(doc, s, depth, seen)));
  const alternatives = schema.oneOf || schema.anyOf;
  if (alternatives) {
    parts.push(html`<ul class="alts">${alternatives.map((s) => html`<li><span class="muted">either</span>
      <span class="type">${typeLine(s)}</span>${schemaTree(doc, s, depth + 1, seen)}</li>`)}</ul>`);
  }
  if (schema.items && typeof schema.items === 'object') parts.push(schemaTree(doc, schema.items, depth, seen));
  const properties = schema.properties && typeof schema.properties === 'object' ? Object.entries(schema.properties) : [];
  if (properties.length) {
    const required = Array.isArray(schema.required) ? schema.required : [];
    parts.push(html`<ul class="props">${properties.map(([name, property]) => {
      const target = property && property.$ref ? resolve(doc, property.$ref) : property;
      const items = target && target.items && target.items.$ref ? resolve(doc, target.items.$ref) : null;
      const description = (property && property.description) || (target && target.description) || (items && items.description);
      return html`<li><code class="name">${name}</code> <span class="type">${typeLine(property)}</span>
        ${required.includes(name) ? html`<span class="req">required</span>` : nothing}
        ${facts(target).map((f) => html` <span class="fact">${f}</span>`)}
        ${description ? html`<div class="desc">${prose(description)}</div>` : nothing}
        ${schemaTree(doc, property, depth + 1, seen)}</li>`;
    })}</ul>`);
  }
  return parts.length ? parts : nothing;
}

/** A sample value of a schema (example, default, first enum value or a placeholder of its type), for the examples. */
function sample(doc, schema, depth = 0, seen = []) {
  if (!schema || typeof schema !== 'object' || depth > MAX_DEPTH) return null;
  if (schema.$ref) {
    if (seen.includes(schema.$ref)) return {};
    return sample(doc, resolve(doc, schema.$ref), depth, [...seen, schema.$ref]);
  }
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (schema.allOf) {
    return schema.allOf.reduce((merged, part) => {
      const value = sample(doc, part, depth, seen);
      return value && typeof value === 'object' && !Array.isArray(value) ? deepMerge(merged, value) : merged;
    }, {});
  }
  if (schema.oneOf || schema.anyOf) return sample(doc, (schema.oneOf || schema.anyOf)[0], depth, seen);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'array') return [sample(doc, schema.items, depth + 1, seen)];
  if (type === 'object' || schema.properties) {
    const out = {};
    for (const [name, property] of Object.entries(schema.properties || {})) out[name] = sample(doc, property, depth + 1, seen);
    return out;
  }
  if (type === 'integer') return schema.minimum ?? 0;
  if (type === 'number') return schema.minimum ?? 0;
  if (type === 'boolean') return false;
  if (type === 'string') return schema.format === 'date' ? '2026-01-31' : schema.format === 'date-time' ? '2026-01-31T12:00:00.000Z' : 'string';
  return null;
}

function deepMerge(a, b) {
  const out = { ...a };
  for (const [key, value] of Object.entries(b)) {
    out[key] = value && typeof value === 'object' && !Array.isArray(value) && out[key] && typeof out[key] === 'object'
      ? deepMerge(out[key], value) : value;
  }
  return out;
}

/** The operations of the document, in its path order, each with its method, path and tag. */
function operations(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths || {})) {
    for (const method of METHODS) {
      const operation = item && item[method];
      if (operation) {
        const parameters = [...(item.parameters || []), ...(operation.parameters || [])];
        out.push({ method, path, operation, parameters, tag: (operation.tags && operation.tags[0]) || 'Other' });
      }
    }
  }
  return out;
}

/**
 * The API reference: the API's own OpenAPI document (`/openapi.json`, fetched from the signed-in API without the key)
 * rendered as text, every operation with its scope and presets, parameters, request body, responses with their BSE
 * codes and examples. Everything from the document goes through Lit's text bindings, so nothing in it can run.
 */
export class BsReference extends Page {
  static properties = { doc: { state: true }, query: { state: true }, opened: { state: true } };
  static styles = [shared, css`
    details.op { border: 1px solid var(--border); border-radius: 8px; margin-bottom: 0.5rem; background: var(--card); }
    details.op > summary { cursor: pointer; padding: 0.55rem 0.75rem; display: flex; flex-wrap: wrap; gap: 0.25rem 0.6rem;
      align-items: baseline; list-style-position: inside; }
    details.op[open] > summary { border-bottom: 1px solid var(--border); }
    .op-body { padding: 0.5rem 0.9rem 0.9rem; }
    .method { font-family: var(--mono); font-weight: 700; text-transform: uppercase; min-width: 4.2rem; }
    .method.get { color: var(--ok); } .method.post { color: var(--accent); } .method.delete { color: var(--danger); }
    .method.patch, .method.put { color: var(--warn); }
    .path { font-family: var(--mono); overflow-wrap: anywhere; }
    ul.props, ul.alts { margin: 0.25rem 0 0.25rem 0; padding-left: 1.1rem; }
    ul.props li, ul.alts li { margin: 0.2rem 0; overflow-wrap: anywhere; }
    .type { color: var(--muted); font-family: var(--mono); font-size: 0.8rem; }
    .req { font-size: 0.75rem; font-weight: 700; color: var(--danger); }
    .fact { font-size: 0.8rem; color: var(--muted); }
    .desc { font-size: 0.85rem; }
    h3 { margin-top: 1rem; }
    .codes { display: flex; flex-wrap: wrap; gap: 0.3rem; margin: 0.25rem 0; }
  `];

  constructor() {
    super();
    this.doc = null;
    this.query = '';
    this.opened = new Set();
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  /** Fetches the document without credentials: it is public, and the key has no business travelling with it. */
  async load() {
    const session = currentSession();
    const url = `${session.baseUrl}/openapi.json`;
    this.doc = await this.run(async () => {
      let response;
      try {
        response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store',
          referrerPolicy: 'no-referrer' });
      } catch {
        throw new ApiError({ code: 'NETWORK', message: `Could not load ${url}: the API may be down, or its CORS origins do not `
          + 'include this console.' });
      }
      if (!response.ok) throw new ApiError({ status: response.status, code: `HTTP_${response.status}`, message: `GET ${url} answered ${response.status}.` });
      const doc = await response.json();
      if (!doc || typeof doc !== 'object' || typeof doc.paths !== 'object') {
        throw new ApiError({ code: 'NOT_OPENAPI', message: `${url} is not an OpenAPI document.` });
      }
      return doc;
    }) || null;
  }

  toggle(key, event) {
    const opened = new Set(this.opened);
    if (event.target.open) opened.add(key); else opened.delete(key);
    this.opened = opened;
  }

  render() {
    const doc = this.doc;
    const all = doc ? operations(doc) : [];
    const words = this.query.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = all.filter((op) => {
      const text = `${op.method} ${op.path} ${op.operation.summary || ''} ${op.operation.operationId || ''} ${op.tag}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
    const tags = [...new Set(shown.map((op) => op.tag))];
    return html`<h1>API reference</h1>
      ${doc ? html`<p><strong>${doc.info && doc.info.title}</strong> ${doc.info && doc.info.version ? html`version ${doc.info.version}` : nothing}
        · OpenAPI ${doc.openapi} · <span class="mono small wrap">${currentSession().baseUrl}/openapi.json</span></p>
        ${doc.info && doc.info.description ? html`<p class="small">${prose(doc.info.description)}</p>` : nothing}
        <p class="small muted">Every call sends <code>Authorization: Bearer &lt;api key&gt;</code> (the operator's routes: the admin
          token). Answers are the success envelope (<code>status</code>, <code>request_id</code>, <code>message</code>,
          <code>timestamp</code>, <code>data</code>) or the error envelope with a BSE code.</p>` : nothing}
      ${this.renderError()}
      ${this.loading ? html`<p class="muted" role="status">Loading the API's OpenAPI document…</p>` : nothing}
      ${doc ? html`
        <label for="reference-filter">Filter operations <span class="hint">by method, path, summary or tag, e.g. "post generate"</span></label>
        <input id="reference-filter" type="search" .value=${this.query} @input=${(e) => { this.query = e.target.value; }}>
        <p class="small muted" role="status" data-testid="operation-count">${shown.length} of ${all.length} operations</p>
        ${shown.length === 0 ? html`<div class="empty">No operation matches the filter.</div>` : nothing}
        ${tags.map((tag) => html`<section aria-label=${tag}><h2>${tag}</h2>
          ${repeat(shown.filter((op) => op.tag === tag), (op) => `${op.method} ${op.path}`, (op) => this.renderOperation(doc, op))}
          </section>`)}` : nothing}`;
  }

  renderOperation(doc, op) {
    const key = `${op.method} ${op.path}`;
    const open = this.opened.has(key);
    // keyed (repeat) and bound to `opened`, so that filtering never hands one operation's open state to another
    return html`<details class="op" data-testid="operation" data-operation=${key} .open=${open} @toggle=${(e) => this.toggle(key, e)}>
      <summary><span class="method ${op.method}">${op.method}</span><span class="path">${op.path}</span>
        <span class="small">${op.operation.summary || ''}</span></summary>
      ${open ? html`<div class="op-body">${this.renderBody(doc, op)}</div>` : nothing}
    </details>`;
  }

  renderBody(doc, op) {
    const o = op.operation;
    const admin = Array.isArray(o.security) && o.security.some((s) => s && Object.prototype.hasOwnProperty.call(s, 'adminToken'));
    const scope = o['x-babysea-scope'];
    const presets = o['x-babysea-presets'];
    const body = o.requestBody && o.requestBody.content ? o.requestBody.content['application/json'] : null;
    const bodySchema = body && body.schema;
    return html`
      <dl class="fields">
        <dt>Operation</dt><dd class="mono">${o.operationId || '—'}</dd>
        <dt>Authorization</dt><dd data-testid="operation-auth">${admin ? 'admin token (operator)' : scope
          ? html`scope <code>${scope}</code>${o['x-babysea-full-access'] ? ' and a Full Access key' : ''}${Array.isArray(presets)
            ? html` · presets ${presets.map((p, i) => html`${i ? ', ' : ''}<code>${p}</code>`)}` : nothing}` : 'none'}</dd>
      </dl>
      ${o.description ? html`<p class="desc">${prose(o.description)}</p>` : nothing}
      <h3>Parameters</h3>
      ${op.parameters.length === 0 ? html`<p class="small muted">None.</p>` : html`<div class="table-wrap"><table data-testid="parameters">
        <thead><tr><th>Name</th><th>In</th><th>Type</th><th>Description</th></tr></thead>
        <tbody>${op.parameters.map((p) => {
          const parameter = p.$ref ? resolve(doc, p.$ref) || {} : p;
          const schema = parameter.schema && parameter.schema.$ref ? resolve(doc, parameter.schema.$ref) : parameter.schema;
          const hints = facts(schema);
          if (parameter.example !== undefined) hints.push(`example ${JSON.stringify(parameter.example)}`);
          return html`<tr><td class="mono">${parameter.name}${parameter.required ? html` <span class="req">required</span>` : nothing}</td>
            <td>${parameter.in}</td><td class="mono small">${typeLine(parameter.schema)}</td>
            <td class="wrap">${prose(parameter.description)}${hints.length ? html`<div class="fact">${hints.join(' · ')}</div>` : nothing}</td></tr>`;
        })}</tbody></table></div>`}
      <h3>Request body</h3>
      ${bodySchema ? html`<p class="small"><span class="type">application/json · ${typeLine(bodySchema)}</span>
          ${o.requestBody.required ? html`<span class="req">required</span>` : nothing}</p>
        <div data-testid="request-schema">${schemaTree(doc, bodySchema)}</div>
        <p class="small muted">Example body</p><pre>${JSON.stringify(body.example ?? sample(doc, bodySchema), null, 2)}</pre>`
        : html`<p class="small muted">None.</p>`}
      <h3>Responses</h3>
      ${Object.entries(o.responses || {}).map(([status, response]) => this.renderResponse(doc, status, response))}`;
  }

  renderResponse(doc, status, response) {
    const r = response && response.$ref ? resolve(doc, response.$ref) || {} : response || {};
    const media = r.content ? r.content['application/json'] : null;
    const schema = media && media.schema;
    const codes = schema ? errorCodes(doc, schema) : [];
    const success = status.startsWith('2');
    return html`<div class="card" data-testid="response" data-status=${status}>
      <div class="spread"><strong class="mono">${status}</strong>${schema ? html`<span class="type">${typeLine(schema)}</span>` : nothing}</div>
      ${codes.length ? html`<div class="codes" data-testid="error-codes">${codes.map((c) => html`<span class="badge error mono">${c}</span>`)}</div>`
        : nothing}
      ${r.description ? html`<p class="desc">${prose(r.description)}</p>` : nothing}
      ${r.headers ? html`<p class="small">Headers: ${Object.keys(r.headers).map((h, i) => html`${i ? ', ' : ''}<code>${h}</code>`)}</p>` : nothing}
      ${schema && success ? html`<details><summary>Schema</summary>${schemaTree(doc, schema)}</details>
        <details><summary>Example</summary><pre>${JSON.stringify(media.example ?? sample(doc, schema), null, 2)}</pre></details>` : nothing}
    </div>`;
  }
}

/** The BSE codes an error response declares: `error.code`'s enum in the envelope schema (directly or through allOf). */
function errorCodes(doc, schema, depth = 0) {
  if (!schema || typeof schema !== 'object' || depth > MAX_DEPTH) return [];
  if (schema.$ref) return errorCodes(doc, resolve(doc, schema.$ref), depth + 1);
  const codes = [];
  for (const part of schema.allOf || []) codes.push(...errorCodes(doc, part, depth + 1));
  const error = schema.properties && schema.properties.error;
  const code = error && error.properties && error.properties.code;
  if (code && Array.isArray(code.enum)) codes.push(...code.enum.filter((c) => typeof c === 'string' && c.startsWith('BSE')));
  return [...new Set(codes)];
}

customElements.define('bs-reference', BsReference);
