import { h } from './dom.js';

/** A short note in the corner; errors stay longer. */
export function toast(message, kind = 'info') {
  const el = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
  document.getElementById('toasts').append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 8000 : 3000);
}

/** Runs an API action, then toasts what happened: the server's problem detail when refused. */
export async function act(label, call, done) {
  try {
    const answer = await call();
    toast(`${label}: done`, 'ok');
    if (done) await done(answer);
  } catch (e) {
    toast(`${label}: refused (${e.status ?? 'network'}) — ${e.message}`, 'error');
  }
}
