// Small helpers to build the page from code: no templates, no framework.

/** h('a', {href: '#/', class: 'x', onclick: fn}, 'text', child) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** "12s ago", for heartbeats. */
export function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso)) / 1000));
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
}

/** Calls fn at most once per ms, after the last call: many events, one re-read. */
export function debounce(fn, ms) {
  let timer = null;
  const wrapped = () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

export const STATES = ['queued', 'deferred', 'in_progress', 'complete', 'failed', 'aborted'];

export const STATE_LABELS = {
  queued: 'queued', deferred: 'deferred', in_progress: 'running', complete: 'complete',
  failed: 'failed (dead)', aborted: 'aborted',
};

export function badge(status) {
  return h('span', { class: `badge s-${status}`, 'data-status': status }, STATE_LABELS[status] || status);
}

export function progressBar(fraction, message) {
  const bar = h('div', { class: 'bar' }, h('div', { class: 'fill' }));
  setProgress(bar, fraction, message);
  return bar;
}

export function setProgress(bar, fraction, message) {
  const pct = Math.round((fraction ?? 0) * 100);
  bar.firstChild.style.width = `${pct}%`;
  bar.title = message ? `${pct}% ${message}` : `${pct}%`;
  bar.dataset.progress = String(pct);
}

export function pretty(json) {
  return h('pre', { class: 'code' }, json === undefined ? '—' : JSON.stringify(json, null, 2));
}
