// The only way the console talks to BabySea: the public /v1 API, with the signed-in key (or the operator's admin
// token) as a bearer token. Every failure becomes an ApiError carrying the contract's error code and message, so a
// page can always say what went wrong instead of going blank.

const TIMEOUT_MS = 30_000;

/** A refused or failed call: the contract's `error` object (code, type, message, details), plus HTTP status. */
export class ApiError extends Error {
  constructor({ status = 0, code, type = null, message, details = null, requestId = null, retryAfter = null }) {
    super(message);
    this.status = status;
    this.code = code;
    this.type = type;
    this.details = details;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

/** `https://api.us.babysea.ai/v1/` and `https://api.us.babysea.ai` name the same API: keep the origin and path prefix. */
export function normalizeBaseUrl(value) {
  let url = String(value || '').trim();
  while (url.endsWith('/')) url = url.slice(0, -1);
  if (url.endsWith('/v1')) url = url.slice(0, -3);
  return url;
}

export function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** A client bound to one base URL and one bearer token; nothing is stored anywhere by it. */
export class Api {
  constructor(baseUrl, token) {
    this.baseUrl = normalizeBaseUrl(baseUrl);
    this.token = token;
  }

  /**
   * Sends one request. Returns `{status, body, data, headers}` for a 2xx answer and throws ApiError otherwise.
   * `query` values that are null/undefined/'' are left out.
   */
  async request(method, path, { query, body, headers = {}, signal } = {}) {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query || {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    if (signal) signal.addEventListener('abort', () => controller.abort(), { once: true });
    const init = {
      method,
      headers: { Accept: 'application/json', Authorization: `Bearer ${this.token}`, ...headers },
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      if (controller.signal.aborted && !(signal && signal.aborted)) {
        throw new ApiError({ code: 'TIMEOUT', message: `No answer from ${this.baseUrl} within ${TIMEOUT_MS / 1000} s.` });
      }
      if (signal && signal.aborted) throw error;
      throw new ApiError({
        code: 'NETWORK',
        message: `Could not reach ${this.baseUrl}. The API may be down or the URL wrong; or this console's ` +
          `Content-Security-Policy (connect-src) or the API's CORS origins do not include it.`,
      });
    } finally {
      clearTimeout(timer);
    }
    const text = await response.text();
    let parsed = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    if (response.ok && (!parsed || parsed.status !== 'error')) {
      return { status: response.status, body: parsed, data: parsed ? parsed.data : null, headers: response.headers };
    }
    const error = parsed && parsed.error ? parsed.error : null;
    throw new ApiError({
      status: response.status,
      code: error && error.code ? error.code : `HTTP_${response.status}`,
      type: error ? error.type : null,
      message: error && error.message ? error.message : `HTTP ${response.status} ${response.statusText || ''}`.trim(),
      details: error ? error.details || null : null,
      requestId: parsed ? parsed.request_id || null : null,
      retryAfter: response.headers.get('Retry-After'),
    });
  }

  get(path, options) {
    return this.request('GET', path, options);
  }

  post(path, body, options = {}) {
    return this.request('POST', path, { ...options, body });
  }

  patch(path, body, options = {}) {
    return this.request('PATCH', path, { ...options, body });
  }

  delete(path, options) {
    return this.request('DELETE', path, options);
  }
}
