import { LitElement, html, css, nothing } from 'lit';
import { shared } from './shared-styles.js';
import { currentSession, restore, signOut, can, PRESET_LABELS } from '../lib/session.js';
import './common.js';
import './bs-signin.js';
import '../pages/overview.js';
import '../pages/playground.js';
import '../pages/generations.js';
import '../pages/credits.js';
import '../pages/keys.js';
import '../pages/webhooks.js';
import '../pages/logs.js';
import '../pages/health.js';
import '../pages/operator.js';
import '../pages/reference.js';

/** The pages of a key session, each with the scope it needs (the nav shows the others disabled, with the reason). */
const KEY_PAGES = [
  { path: 'overview', label: 'Overview', scope: 'account:read' },
  { path: 'playground', label: 'Playground', scope: 'library:read' },
  { path: 'generations', label: 'Generations', scope: 'generation:read' },
  { path: 'credits', label: 'Credits', scope: 'account:read' },
  { path: 'keys', label: 'API keys', scope: 'account:read' },
  { path: 'webhooks', label: 'Webhooks', scope: 'account:read' },
  { path: 'logs', label: 'Request log', scope: 'account:read' },
  { path: 'health', label: 'Health', scope: 'health:read' },
  { path: 'reference', label: 'API reference' },
];
const ADMIN_PAGES = [{ path: 'operator', label: 'Accounts' }, { path: 'reference', label: 'API reference' }];

function parseHash() {
  const parts = (location.hash || '').replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] || '', id: parts[1] || null };
}

/** The console shell: sign-in, navigation by URL fragment (never carrying secrets), the current page. */
export class BsApp extends LitElement {
  static properties = { session: { state: true }, route: { state: true }, config: { state: true }, menuOpen: { state: true } };
  static styles = [shared, css`
    :host { display: block; min-height: 100vh; }
    header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between;
      padding: 0.6rem 1rem; background: var(--card); border-bottom: 1px solid var(--border); }
    .brand { font-weight: 700; font-size: 1.1rem; }
    .who { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; font-size: 0.85rem; min-width: 0; }
    .who .base { color: var(--muted); overflow-wrap: anywhere; }
    .layout { display: grid; grid-template-columns: 13rem minmax(0, 1fr); min-height: calc(100vh - 3.5rem); }
    nav { border-right: 1px solid var(--border); padding: 1rem 0.5rem; background: var(--card); }
    nav ul { list-style: none; margin: 0; padding: 0; }
    nav li { margin: 0.1rem 0; }
    nav a, nav span { display: block; padding: 0.45rem 0.7rem; border-radius: 6px; text-decoration: none; color: var(--fg); }
    nav a[aria-current='page'] { background: var(--accent); color: var(--accent-fg); font-weight: 600; }
    nav a:hover:not([aria-current='page']) { background: var(--code-bg); }
    nav span[aria-disabled='true'] { color: var(--muted); cursor: not-allowed; }
    nav span .why { display: block; font-size: 0.75rem; }
    main { padding: 1.25rem; min-width: 0; }
    main:focus { outline: none; }
    .menu-toggle { display: none; }
    .skip { position: absolute; left: -10000px; top: 0.5rem; }
    .skip:focus { left: 0.5rem; z-index: 10; }
    @media (max-width: 760px) {
      .layout { grid-template-columns: 1fr; }
      nav { border-right: none; border-bottom: 1px solid var(--border); padding: 0.5rem; }
      nav ul { display: none; }
      nav.open ul { display: block; }
      .menu-toggle { display: inline-block; }
      main { padding: 0.9rem; }
    }
  `];

  constructor() {
    super();
    this.session = restore();
    this.route = parseHash();
    this.config = null;
    this.menuOpen = false;
    this.onHash = () => {
      this.route = parseHash();
      this.menuOpen = false;
    };
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    fetch('/config.json', { cache: 'no-store' }).then((r) => r.json()).then((config) => {
      this.config = config;
    }).catch(() => {
      this.config = { api_base_url: location.protocol + '//' + location.hostname + ':8080', api_origins: [] };
    });
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
  }

  pages() {
    if (!this.session) return [];
    return this.session.kind === 'admin' ? ADMIN_PAGES : KEY_PAGES;
  }

  defaultPage() {
    if (this.session.kind === 'admin') return 'operator';
    return KEY_PAGES.find((p) => can(p.scope)).path;
  }

  onSignedIn() {
    this.session = currentSession();
    location.hash = `#/${this.defaultPage()}`;
    this.route = parseHash();
  }

  onSignOut() {
    signOut();
    this.session = null;
    history.replaceState(null, '', location.pathname);
    this.route = parseHash();
  }

  render() {
    if (!this.session) {
      return html`<header><span class="brand">BabySea console</span></header>
        <main><bs-signin .config=${this.config} @signed-in=${this.onSignedIn}></bs-signin></main>`;
    }
    const pages = this.pages();
    let page = this.route.page;
    if (!pages.some((p) => p.path === page)) page = this.defaultPage();
    return html`
      <header>
        <button type="button" class="skip" @click=${() => this.renderRoot.querySelector('main').focus()}>Skip to content</button>
        <span class="brand">BabySea console</span>
        <div class="who" data-testid="identity">
          ${this.session.kind === 'admin'
            ? html`<span class="badge">Operator</span>`
            : html`<span>${this.session.keyName || 'API key'} <code>${this.session.keyPrefix || ''}…</code></span>
                <span class="badge" data-testid="preset">${PRESET_LABELS[this.session.preset] || this.session.preset}</span>`}
          <span class="base">${this.session.baseUrl}</span>
          <button type="button" class="secondary" @click=${this.onSignOut}>Sign out</button>
        </div>
      </header>
      <div class="layout">
        <nav class=${this.menuOpen ? 'open' : ''} aria-label="Console pages">
          <button type="button" class="secondary menu-toggle" aria-expanded=${this.menuOpen ? 'true' : 'false'}
            @click=${() => { this.menuOpen = !this.menuOpen; }}>Menu</button>
          <ul>
            ${pages.map((p) => (!p.scope || can(p.scope))
              ? html`<li><a href="#/${p.path}" aria-current=${p.path === page ? 'page' : 'false'}>${p.label}</a></li>`
              : html`<li><span aria-disabled="true">${p.label}<span class="why">needs ${p.scope}</span></span></li>`)}
          </ul>
        </nav>
        <main tabindex="-1">${this.renderPage(page)}</main>
      </div>`;
  }

  updated() {
    const pages = this.pages();
    const current = pages.find((p) => p.path === this.route.page) || (this.session ? pages.find((p) => p.path === this.defaultPage()) : null);
    document.title = current ? `${current.label} · BabySea console` : 'Sign in · BabySea console';
  }

  renderPage(page) {
    const id = this.route.page === page ? this.route.id : null;
    switch (page) {
      case 'overview': return html`<bs-overview></bs-overview>`;
      case 'playground': return html`<bs-playground></bs-playground>`;
      case 'generations': return html`<bs-generations .generationId=${id}></bs-generations>`;
      case 'credits': return html`<bs-credits></bs-credits>`;
      case 'keys': return html`<bs-keys></bs-keys>`;
      case 'webhooks': return html`<bs-webhooks .endpointId=${id}></bs-webhooks>`;
      case 'logs': return html`<bs-logs></bs-logs>`;
      case 'health': return html`<bs-health></bs-health>`;
      case 'operator': return html`<bs-operator></bs-operator>`;
      case 'reference': return html`<bs-reference></bs-reference>`;
      default: return nothing;
    }
  }
}
customElements.define('bs-app', BsApp);
