import { LitElement, html, css, nothing } from 'lit';
import { shared } from './shared-styles.js';
import { discoverKey, discoverAdmin, signIn } from '../lib/session.js';
import { normalizeBaseUrl, originOf, ApiError } from '../lib/api.js';

/**
 * Sign-in: paste an API key (or, for the operator pages, the admin token). The secret goes into memory, and into
 * this tab's sessionStorage only when "keep me signed in in this tab" is ticked; it is checked against the API
 * before the console opens, and a refusal shows the API's code and message.
 */
export class BsSignin extends LitElement {
  static properties = { config: { attribute: false }, mode: { state: true }, error: { state: true }, busy: { state: true },
    baseUrl: { state: true } };
  static styles = [shared, css`
    .panel { max-width: 34rem; margin: 2rem auto; }
    .modes { display: flex; gap: 1rem; flex-wrap: wrap; }
  `];

  constructor() {
    super();
    this.mode = 'key';
    this.error = null;
    this.busy = false;
    this.baseUrl = null;
  }

  willUpdate(changed) {
    if (changed.has('config') && this.config && this.baseUrl === null) {
      this.baseUrl = this.config.api_base_url;
    }
  }

  async submit(event) {
    event.preventDefault();
    const form = event.target;
    const baseUrl = normalizeBaseUrl(form.baseUrl.value);
    const token = form.token.value.trim();
    const remember = form.remember.checked;
    this.error = null;
    const origin = originOf(baseUrl);
    if (!origin) {
      this.error = new ApiError({ code: 'INVALID_URL', message: `'${baseUrl}' is not a URL, e.g. https://api.us.babysea.ai` });
      return;
    }
    const allowed = this.config ? this.config.api_origins || [] : [];
    if (allowed.length > 0 && !allowed.includes(origin)) {
      this.error = new ApiError({ code: 'ORIGIN_NOT_ALLOWED', message: `This console may only call ${allowed.join(', ')} ` +
        `(its Content-Security-Policy); the operator adds more API origins with CONSOLE_API_ORIGINS.` });
      return;
    }
    if (!token) {
      this.error = new ApiError({ code: 'BSE1001', message: this.mode === 'key' ? 'Paste an API key (bye_…).' : 'Paste the admin token.' });
      return;
    }
    this.busy = true;
    try {
      const session = this.mode === 'key' ? await discoverKey(baseUrl, token) : await discoverAdmin(baseUrl, token);
      form.token.value = '';
      signIn({ ...session, remember });
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (error) {
      this.error = error;
    } finally {
      this.busy = false;
    }
  }

  render() {
    const origins = this.config ? this.config.api_origins || [] : [];
    return html`<div class="panel card">
      <h1>Sign in</h1>
      <p class="muted">The console calls the public <code>/v1</code> API with what you paste here: whatever the key may do,
        the console may do, and nothing more. The key stays in this browser tab.</p>
      <form @submit=${this.submit} autocomplete="off">
        <fieldset>
          <legend>Sign in with</legend>
          <div class="modes">
            <label class="inline"><input type="radio" name="mode" value="key" .checked=${this.mode === 'key'}
              @change=${() => { this.mode = 'key'; this.error = null; }}> an API key</label>
            <label class="inline"><input type="radio" name="mode" value="admin" .checked=${this.mode === 'admin'}
              @change=${() => { this.mode = 'admin'; this.error = null; }}> the operator's admin token</label>
          </div>
        </fieldset>
        <label for="token">${this.mode === 'key' ? 'API key' : 'Admin token'}</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required
          placeholder=${this.mode === 'key' ? 'bye_…' : 'BABYSEA_ADMIN_TOKEN'}>
        <label for="baseUrl">API base URL <span class="hint">the region's API, e.g. https://api.us.babysea.ai</span></label>
        <input id="baseUrl" name="baseUrl" type="url" list="origins" required .value=${this.baseUrl || ''}
          @input=${(e) => { this.baseUrl = e.target.value; }}>
        <datalist id="origins">${origins.map((o) => html`<option value=${o}></option>`)}</datalist>
        <label class="inline"><input type="checkbox" name="remember" checked> Keep me signed in in this tab
          (session storage; forgotten when the tab closes or on sign-out)</label>
        ${this.error ? html`<bs-error .error=${this.error}></bs-error>` : nothing}
        <div class="actions"><button type="submit" ?disabled=${this.busy}>${this.busy ? 'Checking…' : 'Sign in'}</button></div>
      </form>
    </div>`;
  }
}
customElements.define('bs-signin', BsSignin);
