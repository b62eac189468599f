import { html, css, nothing } from 'lit';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import { api, PRESETS, PRESET_LABELS } from '../lib/session.js';
import { credits, dateTime, randomId } from '../lib/format.js';

const PLANS = ['Free', 'Starter', 'Pro', 'Scale', 'Enterprise'];
const PAGE_SIZE = 25;

/**
 * Operator pages (admin token, `/v1/admin/*`): the region's accounts (paged, newest first, with plan and balance),
 * create an account with its first key, grant credits, look an account up by id.
 */
export class BsOperator extends Page {
  static properties = { accounts: { state: true }, total: { state: true }, offset: { state: true }, found: { state: true },
    issued: { state: true }, actionError: { state: true }, message: { state: true }, busy: { state: true } };
  static styles = [shared, css`
    .secret { font-family: var(--mono); padding: 0.5rem; background: var(--code-bg); border-radius: 6px; overflow-wrap: anywhere; }
    .forms { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); align-items: start; }
  `];

  constructor() {
    super();
    this.accounts = null;
    this.total = 0;
    this.offset = 0;
    this.found = null;
    this.issued = null;
    this.actionError = null;
    this.message = null;
    this.busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this.loadAccounts();
  }

  /** One page of `GET /v1/admin/accounts`. */
  async loadAccounts() {
    const answer = await this.run(() => api().get('/v1/admin/accounts', { query: { limit: PAGE_SIZE, offset: this.offset } }));
    if (answer) {
      this.accounts = answer.data.accounts;
      this.total = answer.body.total;
    }
  }

  go(offset) {
    this.offset = Math.max(0, offset);
    this.loadAccounts();
  }

  async act(task) {
    this.busy = true;
    this.actionError = null;
    this.message = null;
    try {
      await task();
    } catch (error) {
      this.actionError = error;
    } finally {
      this.busy = false;
    }
  }

  create(event) {
    event.preventDefault();
    const form = event.target;
    const body = { account_name: form.accountName.value.trim(), billing_plan: form.plan.value, apikey_name: form.keyName.value.trim() || 'Default key',
      apikey_preset: form.preset.value };
    if (form.email.value.trim()) body.account_email = form.email.value.trim();
    return this.act(async () => {
      const answer = await api().post('/v1/admin/accounts', body);
      this.issued = answer.data;
      form.reset();
      this.offset = 0;
      await this.loadAccounts();
    });
  }

  grant(event) {
    event.preventDefault();
    const form = event.target;
    const account = form.account.value.trim();
    const body = { credits: Number(form.credits.value), grant_key: form.grantKey.value.trim() || `console:${randomId()}` };
    if (form.description.value.trim()) body.description = form.description.value.trim();
    return this.act(async () => {
      const answer = await api().post(`/v1/admin/accounts/${encodeURIComponent(account)}/grants`, body);
      this.message = `Granted ${credits(answer.data.credits_granted)} credits; balance ${credits(answer.data.credit_balance)}.`;
      form.grantKey.value = '';
      await this.loadAccounts();
    });
  }

  lookup(event) {
    event.preventDefault();
    const account = event.target.account.value.trim();
    return this.act(async () => {
      const answer = await api().get(`/v1/admin/accounts/${encodeURIComponent(account)}`);
      this.found = answer.data;
    });
  }

  render() {
    return html`<h1>Accounts</h1>
      <p class="small muted">Signed in with the operator's admin token (<code>/v1/admin</code>). The token is kept in this tab only.</p>
      ${this.message ? html`<p class="success" role="status" data-testid="operator-message">${this.message}</p>` : nothing}
      ${this.actionError ? html`<bs-error .error=${this.actionError}></bs-error>` : nothing}
      ${this.issued ? html`<div class="success" role="status" data-testid="account-created">
        <p><strong>Account created: ${this.issued.account_name}</strong> <span class="mono">${this.issued.account_id}</span>
          (${this.issued.billing_plan}, region ${this.issued.region}). Its first key (${PRESET_LABELS[this.issued.apikey.apikey_preset]
          || this.issued.apikey.apikey_preset}) is shown this once:</p>
        <div class="secret" data-testid="account-key">${this.issued.apikey.apikey_key}</div>
        <div class="actions"><bs-copy .text=${this.issued.apikey.apikey_key} label="Copy key"></bs-copy>
          <button type="button" class="secondary" @click=${() => { this.issued = null; }}>Done, hide it</button></div></div>` : nothing}
      <div class="spread"><h2>Accounts of this region</h2>
        <button type="button" class="secondary" @click=${() => this.loadAccounts()}>Refresh</button></div>
      ${this.renderError()}
      ${this.loading && !this.accounts ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${this.accounts && this.accounts.length === 0 ? html`<div class="empty">No accounts yet: create the first one below.</div>` : nothing}
      ${this.accounts && this.accounts.length ? html`<div class="table-wrap"><table data-testid="accounts-table"><thead><tr><th>Name</th>
          <th>Account id</th><th>Plan</th><th class="num">Balance</th><th>Created</th></tr></thead><tbody>${this.accounts.map((a) => html`<tr>
          <td class="wrap">${a.account_name}</td><td class="mono small wrap">${a.account_id}</td><td>${a.billing_plan || '—'}</td>
          <td class="num">${credits(a.billing_credit_balance)}</td><td>${dateTime(a.account_created_at)}</td></tr>`)}</tbody></table></div>
        <div class="actions" role="navigation" aria-label="Account pages">
          <button type="button" class="secondary" ?disabled=${this.offset === 0} @click=${() => this.go(this.offset - PAGE_SIZE)}>Previous</button>
          <span class="small muted" data-testid="accounts-range">${this.offset + 1}–${Math.min(this.offset + PAGE_SIZE, this.total)} of ${this.total}</span>
          <button type="button" class="secondary" ?disabled=${this.offset + PAGE_SIZE >= this.total}
            @click=${() => this.go(this.offset + PAGE_SIZE)}>Next</button>
        </div>` : nothing}
      ${this.found ? html`<div class="card" data-testid="account-found"><h3>Looked up</h3>
        <p><strong>${this.found.account_name}</strong> <span class="mono small">${this.found.account_id}</span>, plan
          ${this.found.billing_plan || '—'}, created ${dateTime(this.found.account_created_at)}.</p></div>` : nothing}
      <div class="forms">
        <form class="card" @submit=${this.create} aria-label="Create an account">
          <fieldset class="plain" ?disabled=${this.busy}><legend>Create an account and its first key</legend>
            <label for="acct-name">Account name</label><input id="acct-name" name="accountName" maxlength="200" required>
            <label for="acct-email">Email <span class="hint">optional</span></label><input id="acct-email" name="email" type="email" maxlength="320">
            <label for="acct-plan">Plan</label><select id="acct-plan" name="plan">${PLANS.map((p) => html`<option>${p}</option>`)}</select>
            <label for="acct-key-name">First key's name</label><input id="acct-key-name" name="keyName" maxlength="100" placeholder="Default key">
            <label for="acct-preset">First key's preset</label>
            <select id="acct-preset" name="preset">${Object.keys(PRESETS).map((p) => html`<option value=${p}>${PRESET_LABELS[p]}</option>`)}</select>
            <div class="actions"><button type="submit">Create account</button></div>
          </fieldset>
        </form>
        <form class="card" @submit=${this.grant} aria-label="Grant credits">
          <fieldset class="plain" ?disabled=${this.busy}><legend>Grant credits</legend>
            <label for="grant-account">Account id</label>
            <input id="grant-account" name="account" required list="known-accounts" .value=${this.issued ? this.issued.account_id : ''}>
            <datalist id="known-accounts">${(this.accounts || []).map((a) => html`<option value=${a.account_id}>${a.account_name}</option>`)}</datalist>
            <label for="grant-credits">Credits <span class="hint">more than 0, at most 3 decimals, at most 10,000,000</span></label>
            <input id="grant-credits" name="credits" type="number" min="0.001" max="10000000" step="0.001" required>
            <label for="grant-description">Description <span class="hint">optional</span></label>
            <input id="grant-description" name="description" maxlength="500">
            <label for="grant-key">Grant key <span class="hint">optional; the same key grants once (idempotent); empty = a new grant</span></label>
            <input id="grant-key" name="grantKey" maxlength="200">
            <div class="actions"><button type="submit">Grant</button></div>
          </fieldset>
        </form>
        <form class="card" @submit=${this.lookup} aria-label="Look up an account">
          <fieldset class="plain" ?disabled=${this.busy}><legend>Look up an account</legend>
            <label for="lookup-account">Account id</label><input id="lookup-account" name="account" required>
            <div class="actions"><button type="submit" class="secondary">Look up</button></div>
          </fieldset>
        </form>
      </div>`;
  }
}
customElements.define('bs-operator', BsOperator);
