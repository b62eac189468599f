import { html, css, nothing } from 'lit';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import '../components/bs-chart.js';
import { api, can } from '../lib/session.js';
import { credits, dateTime } from '../lib/format.js';

/** Overview: balance, spend and generations per day, outcomes per provider, in flight now, success rate, recent failures. */
export class BsOverview extends Page {
  static properties = { days: { state: true }, billing: { state: true }, usage: { state: true }, failures: { state: true },
    inFlight: { state: true }, recentError: { state: true } };
  static styles = [shared, css`.charts { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr)); }`];

  constructor() {
    super();
    this.days = 7;
    this.billing = null;
    this.usage = null;
    this.failures = null;
    this.inFlight = null;
    this.recentError = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  /**
   * One `/v1/usage` call gives the totals and `usage_daily`, the per-day series of the chart; the generation list, filtered
   * by status on the server, gives the latest failures and the exact number in flight.
   */
  async load() {
    await this.run(async () => {
      const client = api();
      const [billing, usage] = await Promise.all([client.get('/v1/user/billing'), client.get('/v1/usage', { query: { days: this.days } })]);
      this.billing = billing.data;
      this.usage = usage.data;
    });
    if (can('generation:read')) {
      try {
        const client = api();
        const [failed, pending, processing] = await Promise.all([
          client.get('/v1/content/list', { query: { status: 'failed', limit: 5 } }),
          client.get('/v1/content/list', { query: { status: 'pending', limit: 1 } }),
          client.get('/v1/content/list', { query: { status: 'processing', limit: 1 } })]);
        this.failures = failed.data.generations;
        this.inFlight = pending.body.total + processing.body.total;
        this.recentError = null;
      } catch (error) {
        this.recentError = error;
      }
    }
  }

  setDays(days) {
    this.days = days;
    this.load();
  }

  render() {
    if (!can('account:read')) return this.renderNotAllowed('The overview', 'account:read');
    const total = this.usage;
    const providers = total ? total.usage_providers : [];
    const used = providers.reduce((s, p) => s + p.used_count, 0);
    const failed = providers.reduce((s, p) => s + p.failed_count, 0);
    const canceled = providers.reduce((s, p) => s + p.cancelled_count, 0);
    const finished = used + failed + canceled;
    const failures = this.failures || [];
    return html`<div class="spread"><h1>Overview</h1>
        <label class="inline">Period
          <select @change=${(e) => this.setDays(Number(e.target.value))} aria-label="Period">
            ${[7, 14, 30].map((d) => html`<option value=${d} ?selected=${d === this.days}>last ${d} days</option>`)}
          </select></label></div>
      ${this.renderError()}
      ${this.loading && !total ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${total ? html`
        <div class="grid">
          <div class="card"><div class="stat-label">Balance</div><div class="stat" data-testid="balance">${credits(this.billing.billing_credit_balance)}</div>
            <div class="small muted">credits · plan ${this.billing.billing_plan || '—'}</div></div>
          <div class="card"><div class="stat-label">Spent, last ${this.days} days</div><div class="stat">${credits(total.usage_total_estimated_cost)}</div>
            <div class="small muted">credits charged for succeeded generations</div></div>
          <div class="card"><div class="stat-label">Generations, last ${this.days} days</div><div class="stat">${total.usage_total_generations}</div>
            <div class="small muted">${total.usage_total_provider_submissions} provider submissions</div></div>
          <div class="card"><div class="stat-label">Success rate</div>
            <div class="stat" data-testid="success-rate">${finished ? `${Math.round((used / finished) * 100)} %` : '—'}</div>
            <div class="small muted">${used} succeeded, ${failed} failed, ${canceled} canceled</div></div>
          <div class="card"><div class="stat-label">In flight now</div>
            <div class="stat" data-testid="in-flight">${this.inFlight === null ? '—' : this.inFlight}</div>
            <div class="small muted">${can('generation:read') ? 'pending or processing' : 'needs generation:read'}</div></div>
        </div>
        <div class="charts">
          <section class="card" aria-labelledby="chart-days"><h2 id="chart-days">Spend and generations per day</h2>
            <bs-chart data-testid="usage-chart" label="Credits spent and generations per day" .option=${this.dailyOption()}></bs-chart>
            <details><summary>The same as a table</summary><div class="table-wrap"><table data-testid="usage-daily">
              <thead><tr><th>Date (UTC)</th><th class="num">Generations</th><th class="num">Succeeded</th><th class="num">Failed</th>
                <th class="num">Canceled</th><th class="num">Credits spent</th></tr></thead>
              <tbody>${(total.usage_daily || []).map((d) => html`<tr><td>${d.date}</td><td class="num">${d.generations}</td>
                <td class="num">${d.succeeded}</td><td class="num">${d.failed}</td><td class="num">${d.canceled}</td>
                <td class="num">${credits(d.spend)}</td></tr>`)}</tbody></table></div></details></section>
          <section class="card" aria-labelledby="chart-providers"><h2 id="chart-providers">Outcomes per provider</h2>
            ${providers.length ? html`<bs-chart data-testid="provider-chart" label="Generations per provider and outcome"
              .option=${this.providerOption(providers)}></bs-chart>` : html`<div class="empty">No generations in this period.</div>`}</section>
        </div>
        <section><h2>Recent failures</h2>
          ${this.recentError ? html`<bs-error .error=${this.recentError}></bs-error>` : nothing}
          ${!this.failures ? nothing : failures.length === 0 ? html`<div class="empty">No failed generation.</div>`
            : html`<div class="table-wrap"><table><thead><tr><th>When</th><th>Model</th><th>Code</th><th>Error</th></tr></thead><tbody>
              ${failures.map((g) => html`<tr><td>${dateTime(g.generation_created_at)}</td>
                <td><a href="#/generations/${g.generation_id}">${g.model_identifier}</a></td>
                <td class="mono">${g.generation_error_code}</td><td class="wrap">${g.generation_error}</td></tr>`)}
            </tbody></table></div>`}
        </section>` : nothing}`;
  }

  /** Generations (bars) and credits spent (line) per UTC date, from `usage_daily` (every date of the period, oldest first). */
  dailyOption() {
    const daily = this.usage.usage_daily || [];
    const labels = daily.map((d) => new Date(`${d.date}T00:00:00Z`).toLocaleDateString(undefined, { month: 'short', day: 'numeric',
      timeZone: 'UTC' }));
    return {
      legend: { data: ['Generations', 'Credits spent'] },
      xAxis: { type: 'category', data: labels },
      yAxis: [{ type: 'value', name: 'generations', minInterval: 1 }, { type: 'value', name: 'credits' }],
      series: [
        { name: 'Generations', type: 'bar', data: daily.map((d) => d.generations), itemStyle: { color: '#3b82c4' } },
        { name: 'Credits spent', type: 'line', yAxisIndex: 1, data: daily.map((d) => Number(Number(d.spend).toFixed(3))),
          itemStyle: { color: '#d97706' }, lineStyle: { color: '#d97706' } },
      ],
    };
  }

  providerOption(providers) {
    return {
      grid: { right: 16 },
      legend: { data: ['Succeeded', 'Failed', 'Canceled'] },
      xAxis: { type: 'category', data: providers.map((p) => p.provider || 'none') },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: 'Succeeded', type: 'bar', stack: 'all', data: providers.map((p) => p.used_count), itemStyle: { color: '#2e8540' } },
        { name: 'Failed', type: 'bar', stack: 'all', data: providers.map((p) => p.failed_count), itemStyle: { color: '#c0392b' } },
        { name: 'Canceled', type: 'bar', stack: 'all', data: providers.map((p) => p.cancelled_count), itemStyle: { color: '#b7950b' } },
      ],
    };
  }
}
customElements.define('bs-overview', BsOverview);
