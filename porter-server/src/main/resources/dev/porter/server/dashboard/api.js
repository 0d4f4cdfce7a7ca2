// Talks to the Porter HTTP API with the token the user logged in with. The token lives in
// sessionStorage: it survives a reload of the tab but not closing it, and no other site can read it.
const KEY = 'porter.token';

export const session = {
  token: sessionStorage.getItem(KEY),
  scope: null,
  get admin() { return this.scope === 'admin'; },
  save(token) {
    this.token = token;
    token ? sessionStorage.setItem(KEY, token) : sessionStorage.removeItem(KEY);
  },
};

/** A refused request, carrying the server's problem+json body. */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

function headers(extra = {}) {
  return session.token ? { ...extra, Authorization: `Bearer ${session.token}` } : extra;
}

function unauthorized() {
  window.dispatchEvent(new CustomEvent('porter:unauthorized'));
}

/** One API call; resolves to the parsed body (null for 204), rejects with ProblemError. */
export async function api(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(path, init);
  const text = res.status === 204 ? '' : await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text };
  }
  if (res.status === 401) unauthorized();
  if (!res.ok) throw new ProblemError(res.status, data);
  return data;
}

/**
 * Follows a Server-Sent Events stream. EventSource cannot send an Authorization header, so this
 * reads the stream with fetch and parses it. onEvent(name, data) gets each event; onEnd() is called
 * when the server closes the stream (a job's stream ends after its last state). With reconnect, a
 * dropped or ended stream is opened again after a growing pause. Returns a function that stops it.
 */
export function stream(path, onEvent, { reconnect = false, onEnd = () => {} } = {}) {
  const ctrl = new AbortController();
  (async () => {
    let pause = 500;
    while (!ctrl.signal.aborted) {
      try {
        const res = await fetch(path, { headers: headers(), signal: ctrl.signal });
        if (res.status === 401) return unauthorized();
        if (!res.ok) throw new ProblemError(res.status, null);
        pause = 500;
        await read(res.body, onEvent);
        if (!reconnect) return onEnd();
      } catch (e) {
        if (ctrl.signal.aborted) return;
        if (!reconnect) return onEnd(e);
      }
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 10000);
    }
  })();
  return () => ctrl.abort();
}

async function read(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) name = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) onEvent(name, JSON.parse(data));
    }
  }
}
