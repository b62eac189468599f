import { html, css, nothing } from 'lit';
import { Page } from '../components/common.js';
import { shared } from '../components/shared-styles.js';
import '../components/bs-chart.js';
import { api, can } from '../lib/session.js';
import { limited } from '../lib/api.js';
import { credits, dateTime } from '../lib/format.js';

/**
 * Day d of the chart is what `/v1/usage?days=d` counts beyond `?days=d-1`: the API aggregates a rolling window
 * ending now, so consecutive windows differ by exactly one day of activity.
 */
function perDay(windows, pick) {
  return windows.map((w, i) => Math.max(0, pick(w) - (i === 0 ? 0 : pick(windows[i - 1]))));
}

/** Overview: balance, spend and generations per day, outcomes per provider, in flight now, success rate, recent failures. */
export class BsOverview extends Page {
  static properties = { days: { state: true }, billing: { state: true }, windows: { state: true }, recent: { state: true },
    recentError: { state: true } };
  static styles = [shared, css`.charts { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 24rem), 1fr)); }`];

  constructor() {
    super();
    this.days = 7;
    this.billing = null;
    this.windows = null;
    this.recent = null;
    this.recentError = null;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
  }

  async load() {
    await this.run(async () => {
      const client = api();
      // a Free account has 60 requests a minute: at most 4 of the per-day windows at a time
      const [billing, windows] = await Promise.all([client.get('/v1/user/billing'),
        limited(Array.from({ length: this.days }, (_, i) => () => client.get('/v1/usage', { query: { days: i + 1 } })), 4)]);
      this.billing = billing.data;
      this.windows = windows.map((w) => w.data);
    });
    if (can('generation:read')) {
      try {
        this.recent = (await api().get('/v1/content/list', { query: { limit: 100 } })).data.generations;
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
    const total = this.windows ? this.windows[this.windows.length - 1] : null;
    const providers = total ? total.usage_providers : [];
    const used = providers.reduce((s, p) => s + p.used_count, 0);
    const failed = providers.reduce((s, p) => s + p.failed_count, 0);
    const canceled = providers.reduce((s, p) => s + p.cancelled_count, 0);
    const finished = used + failed + canceled;
    const inFlight = this.recent ? this.recent.filter((g) => g.generation_status === 'pending' || g.generation_status === 'processing') : [];
    const failures = this.recent ? this.recent.filter((g) => g.generation_status === 'failed').slice(0, 5) : [];
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
            <div class="stat" data-testid="in-flight">${this.recent ? inFlight.length : '—'}</div>
            <div class="small muted">${this.recent ? 'pending or processing, among the latest 100' : 'needs generation:read'}</div></div>
        </div>
        <div class="charts">
          <section class="card" aria-labelledby="chart-days"><h2 id="chart-days">Spend and generations per day</h2>
            <bs-chart data-testid="usage-chart" label="Credits spent and generations per day" .option=${this.dailyOption()}></bs-chart></section>
          <section class="card" aria-labelledby="chart-providers"><h2 id="chart-providers">Outcomes per provider</h2>
            ${providers.length ? html`<bs-chart data-testid="provider-chart" label="Generations per provider and outcome"
              .option=${this.providerOption(providers)}></bs-chart>` : html`<div class="empty">No generations in this period.</div>`}</section>
        </div>
        <section><h2>Recent failures</h2>
          ${this.recentError ? html`<bs-error .error=${this.recentError}></bs-error>` : nothing}
          ${!this.recent ? nothing : failures.length === 0 ? html`<div class="empty">No failed generation among the latest 100.</div>`
            : html`<div class="table-wrap"><table><thead><tr><th>When</th><th>Model</th><th>Code</th><th>Error</th></tr></thead><tbody>
              ${failures.map((g) => html`<tr><td>${dateTime(g.generation_created_at)}</td>
                <td><a href="#/generations/${g.generation_id}">${g.model_identifier}</a></td>
                <td class="mono">${g.generation_error_code}</td><td class="wrap">${g.generation_error}</td></tr>`)}
            </tbody></table></div>`}
        </section>` : nothing}`;
  }

  dailyOption() {
    const windows = this.windows;
    const labels = windows.map((_, i) => {
      const day = new Date(Date.now() - i * 86_400_000);
      return i === 0 ? 'last 24 h' : day.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
    });
    const spend = perDay(windows, (w) => Number(w.usage_total_estimated_cost) || 0).map((v) => Number(v.toFixed(3)));
    const generations = perDay(windows, (w) => w.usage_total_generations);
    return {
      legend: { data: ['Generations', 'Credits spent'] },
      xAxis: { type: 'category', data: labels.reverse() },
      yAxis: [{ type: 'value', name: 'generations', minInterval: 1 }, { type: 'value', name: 'credits' }],
      series: [
        { name: 'Generations', type: 'bar', data: generations.reverse(), itemStyle: { color: '#3b82c4' } },
        { name: 'Credits spent', type: 'line', yAxisIndex: 1, data: spend.reverse(), itemStyle: { color: '#d97706' },
          lineStyle: { color: '#d97706' } },
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
