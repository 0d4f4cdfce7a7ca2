import { api, session } from './api.js';
import { h } from './dom.js';

/** The login form: checks the token with GET /session before keeping it. */
export function login(root, loggedIn) {
  const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', id: 'login-error' });
  const form = h('form', { class: 'login card', onsubmit: submit },
    h('h1', null, 'Porter dashboard'),
    h('label', { for: 'token' }, 'API token'), input, error,
    h('button', { type: 'submit', class: 'primary' }, 'Log in'),
    h('p', { class: 'muted' }, 'The token stays in this tab only and is sent as a bearer token to this server.'));
  root.replaceChildren(form);
  input.focus();

  async function submit(e) {
    e.preventDefault();
    session.save(input.value.trim());
    try {
      session.scope = (await api('GET', '/session')).scope;
      loggedIn();
    } catch (err) {
      session.save(null);
      error.textContent = err.status === 401 ? 'That token is not valid.' : `Cannot log in: ${err.message}`;
    }
  }
}
