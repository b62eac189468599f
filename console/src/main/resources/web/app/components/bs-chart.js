import { LitElement, html, css } from 'lit';

// ECharts is loaded on first use only (a separate chunk), so the sign-in page and the other pages stay small.
let echartsModule = null;
function loadEcharts() {
  if (!echartsModule) echartsModule = import('/static/bundle/charts.js');
  return echartsModule;
}

/**
 * A chart drawn by ECharts on a canvas. `option` is an ECharts option; tooltips render inside the canvas
 * (richText), so no HTML is built from data. The canvas gets an aria description of the data; when it is drawn the
 * element gets `data-rendered`.
 */
export class BsChart extends LitElement {
  static properties = { option: { attribute: false }, label: {} };
  static styles = css`
    :host { display: block; }
    .chart { width: 100%; height: 280px; }
  `;

  async updated(changed) {
    if (!changed.has('option') || !this.option) return;
    const echarts = await loadEcharts();
    const container = this.renderRoot.querySelector('.chart');
    if (!this.chart) {
      this.chart = echarts.init(container, null, { renderer: 'canvas' });
      this.chart.on('finished', () => this.setAttribute('data-rendered', 'true'));
      this.resizeObserver = new ResizeObserver(() => this.chart && this.chart.resize());
      this.resizeObserver.observe(container);
    }
    const dark = matchMedia('(prefers-color-scheme: dark)').matches;
    const color = dark ? '#e6e9ee' : '#1b1f24';
    this.chart.setOption({
      aria: { enabled: true },
      textStyle: { fontFamily: 'system-ui, sans-serif', color },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      ...this.option,
      legend: { top: 0, textStyle: { color }, ...(this.option.legend || {}) },
      grid: { left: 48, right: 48, top: 64, bottom: 32, ...(this.option.grid || {}) },
    }, true);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    if (this.resizeObserver) this.resizeObserver.disconnect();
    if (this.chart) this.chart.dispose();
    this.chart = null;
  }

  render() {
    return html`<div class="chart" role="img" aria-label=${this.label || 'chart'}></div>`;
  }
}
customElements.define('bs-chart', BsChart);
