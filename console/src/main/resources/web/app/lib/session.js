// Who is signed in. The key (or admin token) lives in this module's memory and, only when the user keeps the tab
// signed in, in sessionStorage, which the browser scopes to this tab and clears when it closes. Never localStorage,
// never a URL, never a log line. Signing out forgets both.

import { Api, ApiError } from './api.js';

const STORAGE_KEY = 'babysea.console.session';

/** The six scopes of the contract and the four presets that bundle them. */
export const PRESETS = {
  full_access: ['generation:write', 'generation:read', 'generation:delete', 'account:read', 'health:read', 'library:read'],
  generate_only: ['generation:write', 'generation:read', 'library:read'],
  read_only: ['generation:read', 'account:read', 'health:read', 'library:read'],
  monitor_only: ['health:read', 'library:read'],
};

export const PRESET_LABELS = {
  full_access: 'Full Access',
  generate_only: 'Generate Only',
  read_only: 'Read Only',
  monitor_only: 'Monitor Only',
};

let current = null;

/** The signed-in session or null: `{kind: 'key'|'admin', baseUrl, token, remember, ...identity}`. */
export function currentSession() {
  return current;
}

export function restore() {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    current = stored ? JSON.parse(stored) : null;
  } catch {
    current = null;
  }
  return current;
}

export function signIn(session) {
  current = session;
  if (session.remember) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } else {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

export function signOut() {
  current = null;
  sessionStorage.removeItem(STORAGE_KEY);
}

export function api() {
  if (!current) throw new ApiError({ code: 'SIGNED_OUT', message: 'Sign in first.' });
  return new Api(current.baseUrl, current.token);
}

/** Whether the signed-in key holds a scope. */
export function can(scope) {
  return !!current && current.kind === 'key' && current.scopes.includes(scope);
}

/** Management writes (keys, webhooks) need a Full Access key: a narrower key must not mint a broader one. */
export function fullAccess() {
  return !!current && current.kind === 'key' && current.preset === 'full_access';
}

/**
 * What a key may do, learnt through the API itself. With `account:read` the key reads its own record
 * (`/v1/status` → `/v1/keys/{id}`: preset and scopes). Without it only two presets remain possible, and a
 * read of the generation list tells them apart (Generate Only has `generation:read`, Monitor Only does not).
 */
export async function discoverKey(baseUrl, token) {
  const client = new Api(baseUrl, token);
  try {
    const status = await client.get('/v1/status');
    const key = await client.get(`/v1/keys/${encodeURIComponent(status.data.apikey_id)}`);
    return {
      kind: 'key',
      baseUrl: client.baseUrl,
      token,
      accountId: status.data.account_id,
      keyId: status.data.apikey_id,
      keyName: status.data.apikey_name,
      keyPrefix: status.data.apikey_prefix,
      preset: key.data.apikey_preset,
      scopes: key.data.apikey_scopes,
    };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'BSE1003') throw error;
  }
  let preset;
  try {
    await client.get('/v1/content/list', { query: { limit: 1 } });
    preset = 'generate_only';
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'BSE1003') throw error;
    preset = 'monitor_only';
  }
  return { kind: 'key', baseUrl: client.baseUrl, token, accountId: null, keyId: null, keyName: null, keyPrefix: token.slice(0, 9),
    preset, scopes: PRESETS[preset] };
}

/**
 * Checks an operator token against the admin API: reading the nil account answers BSE1008 (account not found) to a
 * valid token and BSE1001/BSE1002/BSE1003 to a missing, wrong or disabled one.
 */
export async function discoverAdmin(baseUrl, token) {
  const client = new Api(baseUrl, token);
  try {
    await client.get('/v1/admin/accounts/00000000-0000-0000-0000-000000000000');
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'BSE1008') throw error;
  }
  return { kind: 'admin', baseUrl: client.baseUrl, token, scopes: [], preset: null };
}
