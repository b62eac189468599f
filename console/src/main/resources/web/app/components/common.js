import { LitElement, html, css, nothing } from 'lit';
import { shared } from './shared-styles.js';
import { ApiError } from '../lib/api.js';

/**
 * A refused or failed call, as the contract reports it: code and message (and the request id and field, when the
 * API gave them). Announced to assistive technology; never blank.
 */
export class BsError extends LitElement {
  static properties = { error: { attribute: false } };
  static styles = [shared, css`
    .box { border-left: 4px solid var(--danger); background: var(--danger-bg); padding: 0.6rem 0.8rem; border-radius: 4px;
      margin: 0.75rem 0; overflow-wrap: anywhere; }
    .code { font-family: var(--mono); font-weight: 700; color: var(--danger); margin-right: 0.4rem; }
  `];

  render() {
    if (!this.error) return nothing;
    const error = this.error;
    const code = error instanceof ApiError ? error.code : 'ERROR';
    const field = error.details && error.details.field ? error.details.field : null;
    return html`<div class="box" role="alert">
      <span class="code" data-testid="error-code">${code}</span><span data-testid="error-message">${error.message}</span>
      ${field ? html`<div class="small">field: <code>${field}</code></div>` : nothing}
      ${error.requestId ? html`<div class="small muted">request id <code>${error.requestId}</code></div>` : nothing}
    </div>`;
  }
}
customElements.define('bs-error', BsError);

/** A button that copies `text` to the clipboard; where the Clipboard API is unavailable it says how to copy by hand. */
export class BsCopy extends LitElement {
  static properties = { text: {}, label: {}, state: { state: true } };
  static styles = [shared, css`:host { display: inline-block; }`];

  constructor() {
    super();
    this.label = 'Copy';
    this.state = '';
  }

  async copy() {
    try {
      await navigator.clipboard.writeText(this.text);
      this.state = 'Copied';
    } catch {
      this.state = 'Copy blocked by the browser: select the text and press Ctrl+C';
    }
  }

  render() {
    return html`<button type="button" class="secondary" @click=${this.copy}>${this.label}</button>
      <span class="small muted" role="status">${this.state}</span>`;
  }
}
customElements.define('bs-copy', BsCopy);

/** Base class of the pages: one place that turns a failed call into the visible error and tracks loading. */
export class Page extends LitElement {
  static properties = { error: { state: true }, loading: { state: true } };

  constructor() {
    super();
    this.error = null;
    this.loading = false;
  }

  /** Runs `task`; an exception becomes `this.error` (shown by the page). Returns the task's value or undefined. */
  async run(task) {
    this.loading = true;
    this.error = null;
    try {
      return await task();
    } catch (error) {
      this.error = error;
      return undefined;
    } finally {
      this.loading = false;
    }
  }

  renderError() {
    return html`<bs-error .error=${this.error}></bs-error>`;
  }

  /** The page as seen by a key without the scope it needs: say which scope and why, instead of a failing call. */
  renderNotAllowed(what, scope) {
    return html`<div class="notice" role="note" data-testid="not-allowed">
      ${what} needs a key with the <code>${scope}</code> scope; this key does not have it.
    </div>`;
  }
}
