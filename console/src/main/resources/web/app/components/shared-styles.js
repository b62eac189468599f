import { css } from 'lit';

// One stylesheet for every component (adopted, not inline: the Content-Security-Policy has no 'unsafe-inline').
// System fonts only; colours come from the custom properties in app.css, so light and dark follow the OS.
export const shared = css`
  :host { display: block; color: var(--fg); }
  *, *::before, *::after { box-sizing: border-box; }
  h1 { font-size: 1.4rem; margin: 0 0 1rem; }
  h2 { font-size: 1.1rem; margin: 1.5rem 0 0.75rem; }
  h3 { font-size: 1rem; margin: 1rem 0 0.5rem; }
  p { margin: 0.25rem 0 0.75rem; line-height: 1.45; }
  a { color: var(--accent); }
  code, pre, .mono { font-family: var(--mono); font-size: 0.85rem; }
  pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: 0.75rem; overflow: auto;
    white-space: pre-wrap; word-break: break-word; margin: 0.5rem 0; }
  .muted { color: var(--muted); }
  .small { font-size: 0.85rem; }
  .card { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
  .card > h2:first-child, .card > h3:first-child, .card > .spread:first-child > h2 { margin-top: 0; }
  .grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr)); margin-bottom: 1rem; }
  .grid > .card { margin: 0; }
  .row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
  .spread { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; }
  .stat { font-size: 1.6rem; font-weight: 600; margin-top: 0.25rem; overflow-wrap: anywhere; }
  .stat-label { color: var(--muted); font-size: 0.85rem; }

  label { display: block; font-weight: 600; font-size: 0.9rem; margin: 0.75rem 0 0.25rem; }
  label.inline { display: inline-flex; gap: 0.4rem; align-items: center; font-weight: 400; margin: 0.5rem 1rem 0.5rem 0; }
  .hint { display: block; color: var(--muted); font-size: 0.8rem; font-weight: 400; margin-top: 0.2rem; }
  input, select, textarea { font: inherit; color: var(--fg); background: var(--input-bg); border: 1px solid var(--border-strong);
    border-radius: 6px; padding: 0.45rem 0.55rem; width: 100%; max-width: 40rem; }
  input[type='checkbox'], input[type='radio'] { width: auto; }
  textarea { min-height: 6rem; resize: vertical; }
  input:disabled, select:disabled, textarea:disabled { opacity: 0.6; }
  fieldset { border: 1px solid var(--border); border-radius: 8px; padding: 0.5rem 1rem 1rem; margin: 1rem 0; min-width: 0; }
  legend { font-weight: 600; padding: 0 0.25rem; }
  fieldset.plain { border: none; padding: 0; margin: 0; }
  fieldset.plain > legend { font-size: 1.05rem; padding: 0; margin-bottom: 0.25rem; }

  button, .button { font: inherit; font-weight: 600; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent);
    color: var(--accent-fg); padding: 0.45rem 0.9rem; cursor: pointer; text-decoration: none; display: inline-block; }
  button.secondary, .button.secondary { background: transparent; color: var(--accent); }
  button.danger { background: var(--danger); border-color: var(--danger); color: #fff; }
  button.link { background: none; border: none; color: var(--accent); padding: 0; font-weight: 400; text-decoration: underline; }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  :is(button, a, input, select, textarea, summary, [tabindex]):focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }

  .table-wrap { overflow-x: auto; border: 1px solid var(--border); border-radius: 8px; margin-bottom: 1rem; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
  th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--border); vertical-align: top; }
  th { background: var(--card); font-weight: 600; white-space: nowrap; }
  tr:last-child td { border-bottom: none; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .wrap { overflow-wrap: anywhere; }

  .badge { display: inline-block; border-radius: 999px; padding: 0.1rem 0.55rem; font-size: 0.8rem; font-weight: 600;
    border: 1px solid var(--border-strong); white-space: nowrap; }
  .badge.succeeded, .badge.active, .badge.healthy, .badge.ok { background: var(--ok-bg); color: var(--ok); border-color: var(--ok); }
  .badge.failed, .badge.revoked, .badge.expired, .badge.degraded, .badge.error { background: var(--danger-bg); color: var(--danger);
    border-color: var(--danger); }
  .badge.pending, .badge.processing, .badge.rotated, .badge.recovering, .badge.disabled { background: var(--warn-bg); color: var(--warn);
    border-color: var(--warn); }

  .empty { border: 1px dashed var(--border-strong); border-radius: 8px; padding: 1.25rem; color: var(--muted); text-align: center; }
  .notice { border-left: 4px solid var(--warn); background: var(--warn-bg); padding: 0.6rem 0.8rem; border-radius: 4px; margin: 0.75rem 0; }
  .success { border-left: 4px solid var(--ok); background: var(--ok-bg); padding: 0.6rem 0.8rem; border-radius: 4px; margin: 0.75rem 0; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 1rem 0; }
  dl.fields { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.3rem 1rem; margin: 0; }
  dl.fields dt { color: var(--muted); font-size: 0.85rem; overflow-wrap: anywhere; }
  dl.fields dd { margin: 0; overflow-wrap: anywhere; }
  @media (max-width: 560px) {
    dl.fields { grid-template-columns: 1fr; }
    dl.fields dd { margin-bottom: 0.4rem; }
  }
`;
