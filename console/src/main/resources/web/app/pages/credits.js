import { html, nothing } from 'lit';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import { api, can } from '../lib/session.js';
import { credits, dateTime } from '../lib/format.js';

const PAGE = 50;

/** Credits: the balance and the immutable statement (reserve, charge, refund, add), newest first. */
export class BsCredits extends Page {
  static properties = { billing: { state: true }, entries: { state: true }, total: { state: true }, offset: { state: true } };
  static styles = [shared];

  constructor() {
    super();
    this.billing = null;
    this.entries = null;
    this.total = 0;
    this.offset = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    await this.run(async () => {
      const [billing, statement] = await Promise.all([api().get('/v1/user/billing'),
        api().get('/v1/user/credits', { query: { limit: PAGE, offset: this.offset } })]);
      this.billing = billing.data;
      this.entries = statement.data.entries;
      this.total = statement.body.total;
    });
  }

  go(offset) {
    this.offset = Math.max(0, offset);
    this.load();
  }

  render() {
    if (!can('account:read')) return this.renderNotAllowed('The credit statement', 'account:read');
    return html`<div class="spread"><h1>Credits</h1>
        <button type="button" class="secondary" @click=${() => this.load()}>Refresh</button></div>
      ${this.renderError()}
      ${this.billing ? html`<div class="grid"><div class="card"><div class="stat-label">Balance</div>
        <div class="stat" data-testid="credit-balance">${credits(this.billing.billing_credit_balance)}</div>
        <div class="small muted">credits (1 credit = 1 USD) · plan ${this.billing.billing_plan || '—'}</div></div></div>` : nothing}
      <h2>Statement</h2>
      <p class="small muted">A generation reserves its cost when it is admitted; success turns the reservation into a charge
        (the balance does not move again), failure or cancel refunds it. Grants add credits.</p>
      ${this.entries && this.entries.length === 0 ? html`<div class="empty">No ledger entries yet.</div>` : nothing}
      ${this.entries && this.entries.length ? html`<div class="table-wrap"><table data-testid="statement">
        <thead><tr><th>When</th><th>Type</th><th class="num">Amount</th><th class="num">Balance after</th><th>Generation</th>
          <th>Model</th><th>Description</th></tr></thead>
        <tbody>${this.entries.map((e) => html`<tr data-type=${e.type} data-generation=${e.generation_id || ''}>
          <td>${dateTime(e.created_at)}</td><td><span class="badge">${e.type}</span></td>
          <td class="num">${e.type === 'reserve' ? '−' : e.type === 'charge' ? '' : '+'}${credits(e.amount)}</td>
          <td class="num">${credits(e.balance_after)}</td>
          <td class="mono small wrap">${e.generation_id ? html`<a href="#/generations/${e.generation_id}">${e.generation_id}</a>` : '—'}</td>
          <td>${e.model_identifier || '—'}</td><td class="wrap">${e.description || '—'}</td></tr>`)}</tbody></table></div>
        <div class="actions" role="navigation" aria-label="Pages">
          <button type="button" class="secondary" ?disabled=${this.offset === 0} @click=${() => this.go(this.offset - PAGE)}>Newer</button>
          <span class="small muted">${this.offset + 1}–${Math.min(this.offset + PAGE, this.total)} of ${this.total}</span>
          <button type="button" class="secondary" ?disabled=${this.offset + PAGE >= this.total} @click=${() => this.go(this.offset + PAGE)}>Older</button>
        </div>` : nothing}`;
  }
}
customElements.define('bs-credits', BsCredits);
