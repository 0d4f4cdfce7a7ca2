// The dashboard's entry point: login gate, hash routing, and mounting one view at a time.
// Views are functions (root, params) => cleanup; cleanup closes their streams and timers.
import { api, session } from './api.js';
import { h } from './dom.js';
import { login } from './login.js';
import { overview } from './overview.js';
import { jobList } from './jobs.js';
import { jobPage } from './job.js';

const view = document.getElementById('view');
let cleanup = () => {};

function route() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'queues' && parts[1]) return () => jobList(view, parts[1], params);
  if (parts[0] === 'jobs' && parts[1]) return () => jobPage(view, parts[1]);
  return () => overview(view);
}

function render() {
  cleanup();
  view.replaceChildren();
  cleanup = route()() || (() => {});
}

function header() {
  document.getElementById('nav').replaceChildren(h('a', { href: '#/' }, 'Overview'));
  document.getElementById('who').replaceChildren(
    h('span', { class: `scope ${session.scope}`, id: 'scope' }, session.scope === 'admin' ? 'admin' : 'read-only'),
    session.token ? h('button', { class: 'link', id: 'logout', onclick: logout }, 'Log out') : null);
}

function logout() {
  session.save(null);
  session.scope = null;
  start();
}

/** Asks the server who the stored token (or no token, when auth is off) belongs to. */
async function start() {
  cleanup();
  cleanup = () => {};
  try {
    session.scope = (await api('GET', '/session')).scope;
  } catch {
    session.save(null);
    document.getElementById('nav').replaceChildren();
    document.getElementById('who').replaceChildren();
    view.replaceChildren();
    login(view, start);
    return;
  }
  header();
  render();
}

window.addEventListener('hashchange', () => session.scope && render());
window.addEventListener('porter:unauthorized', () => session.scope && logout());
start();
