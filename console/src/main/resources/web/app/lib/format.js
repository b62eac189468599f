// Display helpers. Values are returned as strings and rendered through Lit bindings, i.e. always as text.

export function credits(value) {
  if (value === null || value === undefined || value === '') return '—';
  const number = Number(value);
  return Number.isFinite(number) ? number.toFixed(3) : String(value);
}

export function dateTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function seconds(value) {
  if (value === null || value === undefined) return '—';
  return `${Number(value).toFixed(2)} s`;
}

export function pricing(model) {
  const price = model.model_pricing;
  const unit = model.model_pricing_unit === 'per_second' || (!model.model_pricing_unit && model.model_type === 'video') ? '/s' : '/output';
  if (price === null || price === undefined) return 'no price';
  if (typeof price === 'number') return `${credits(price)} cr${unit}`;
  const values = Object.values(price).map(Number).filter(Number.isFinite);
  if (values.length === 0) return 'no price';
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? `${credits(low)} cr${unit}` : `${credits(low)}–${credits(high)} cr${unit}`;
}

export const TERMINAL = ['succeeded', 'failed', 'canceled'];

export function isTerminal(status) {
  return TERMINAL.includes(status);
}

/** A random id from the platform's CSPRNG (`crypto.randomUUID` needs a secure context; this does not). */
export function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
