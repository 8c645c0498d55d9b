/// The dashboard's script (plain ES2020, no libraries, no build step). Hash routes: `#/` overview
/// (environments, pools, jobs), `#/env/{env}/job/{job}` job page, `#/new` and `…/edit` the job form.
/// The API key lives in `sessionStorage` only and is sent as Basic auth; nothing goes into the URL.
enum DashboardScript {
    static let source = #"""
'use strict';
const main = document.getElementById('main');
const AUTH = 'flinkcloud.auth';
let timers = [];
let authRequired = true;

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}
function fmt(n, digits) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const a = Math.abs(n);
  if (a >= 1e9) return (n / 1e9).toFixed(1) + 'G';
  if (a >= 1e6) return (n / 1e6).toFixed(1) + 'M';
  if (a >= 1e4) return (n / 1e3).toFixed(1) + 'k';
  return Number.isInteger(n) ? String(n) : n.toFixed(digits ?? 1);
}
function duration(ms) {
  if (!ms) return '0s';
  const s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : m ? `${m}m ${s % 60}s` : `${s}s`;
}
function watermark(ms) {
  if (ms === null || ms === undefined) return '–';
  if (ms >= 9223372036854775000) return 'end of input';
  return new Date(ms).toISOString().replace('T', ' ').replace('.000Z', 'Z');
}
function every(ms, fn) { timers.push(setInterval(() => { fn().catch(() => {}); }, ms)); }

class HttpError extends Error {
  constructor(status, body) { super('HTTP ' + status); this.status = status; this.body = body; }
}
async function api(path, opts = {}) {
  const headers = {'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest'};
  const a = sessionStorage.getItem(AUTH);
  if (a) headers['Authorization'] = 'Basic ' + a;
  let body;
  if (opts.json !== undefined) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(opts.json); }
  const r = await fetch(path, {method: opts.method || 'GET', headers, body, cache: 'no-store'});
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (r.status === 401 && !opts.probe) { showLogin('The API key was not accepted.'); throw new HttpError(401, data); }
  if (!r.ok) throw new HttpError(r.status, data);
  return data;
}
function errors(e) { return (e && e.body && Array.isArray(e.body.errors)) ? e.body.errors : []; }
function errorText(e) {
  const list = errors(e);
  if (list.length) return list.map(x => typeof x === 'string' ? x : (x.detail || x.title || x.code)).join('\n');
  return String(e && e.message || e);
}

// ---- login -------------------------------------------------------------------------------------------
function showLogin(message) {
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('login-key').focus();
}
document.getElementById('login-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  const key = document.getElementById('login-key').value.trim();
  const secret = document.getElementById('login-secret').value;
  sessionStorage.setItem(AUTH, btoa(key + ':' + secret));
  try {
    await api('/org/v2/environments?page_size=1', {probe: true});
    document.getElementById('login').hidden = true;
    document.getElementById('login-secret').value = '';
    document.getElementById('who').textContent = key;
    route();
  } catch (e) {
    sessionStorage.removeItem(AUTH);
    document.getElementById('login-error').textContent = e.status === 401 ? 'Invalid API key or secret.' : errorText(e);
  }
});

// ---- router ------------------------------------------------------------------------------------------
async function route() {
  timers.forEach(clearInterval);
  timers = [];
  if (!sessionStorage.getItem(AUTH) && authRequired) {
    try { await api('/org/v2/environments?page_size=1', {probe: true}); authRequired = false; }
    catch (e) { showLogin(); return; }
  }
  const h = location.hash || '#/';
  let m;
  try {
    if ((m = h.match(/^#\/env\/([^/]+)\/job\/([^/]+)\/edit$/))) return await jobForm(m[1], m[2]);
    if ((m = h.match(/^#\/env\/([^/]+)\/job\/([^/]+)$/))) return await jobPage(m[1], m[2]);
    if (h.startsWith('#/new')) return await jobForm(new URLSearchParams(h.slice(6)).get('env'), null);
    return await overview();
  } catch (e) {
    if (e.status !== 401) main.innerHTML = `<p class="error">${esc(errorText(e))}</p>`;
  }
}
window.addEventListener('hashchange', route);

// ---- overview ----------------------------------------------------------------------------------------
const phaseOf = j => (j.status && j.status.phase) || 'UNKNOWN';
const jobBase = (env, id) => `/flink/v1/environments/${encodeURIComponent(env)}/jobs/${encodeURIComponent(id)}`;

async function loadOverview() {
  const envs = (await api('/org/v2/environments?page_size=100')).data || [];
  return Promise.all(envs.map(async env => {
    const [pools, jobs] = await Promise.all([
      api('/fcpm/v2/compute-pools?page_size=100&environment=' + encodeURIComponent(env.id)).then(r => r.data || []),
      api(`/flink/v1/environments/${encodeURIComponent(env.id)}/jobs?page_size=100`).then(r => r.data || [])]);
    const series = {};
    await Promise.all(jobs.filter(j => phaseOf(j) === 'RUNNING').map(async j => {
      try { series[j.id] = (await api(jobBase(env.id, j.id) + '/metrics?since=' + (Date.now() - 600000))).series; } catch (e) {}
    }));
    return {env, pools, jobs, series};
  }));
}

function renderOverview(sections) {
  let html = '<h1>Environments and jobs</h1>';
  for (const {env, pools, jobs} of sections) {
    html += `<section class="env"><h2>${esc(env.display_name || env.id)} <span class="muted">${esc(env.id)}</span>
      <a href="#/new?env=${encodeURIComponent(env.id)}" style="font-size:13px;margin-left:12px">+ New job</a></h2>`;
    html += '<table class="pools"><tr><th>Compute pool</th><th>CFU use</th><th>Region</th><th>Phase</th></tr>';
    for (const p of pools) {
      const spec = p.spec || {}, st = p.status || {};
      const max = spec.max_cfu ?? 0, cur = st.current_cfu ?? 0;
      html += `<tr><td>${esc(spec.display_name || p.id)} <span class="muted">${esc(p.id)}</span></td>
        <td><div class="bar" title="${cur} of ${max} CFU"><i style="width:${max ? Math.min(100, 100 * cur / max) : 0}%"></i></div>
        <span class="muted">${cur} / ${max} CFU</span></td><td>${esc(spec.cloud || '')} ${esc(spec.region || '')}</td>
        <td>${esc(st.phase || '')}</td></tr>`;
    }
    html += '</table>';
    html += '<table class="jobs" style="margin-top:10px"><tr><th>Job</th><th>Status</th><th>Parallelism</th><th>Pool</th><th>Version</th><th>Throughput (10 min)</th></tr>';
    if (!jobs.length) html += '<tr><td colspan="6" class="muted">No jobs yet.</td></tr>';
    for (const j of jobs) {
      const spec = j.spec || {};
      html += `<tr data-job="${esc(j.id)}"><td><a href="#/env/${encodeURIComponent(env.id)}/job/${encodeURIComponent(j.id)}">${esc(j.name)}</a>
        <span class="muted">${esc(j.id)}</span></td><td><span class="status ${esc(phaseOf(j))}">${esc(phaseOf(j))}</span></td>
        <td>${esc(spec.parallelism)}</td><td>${esc(spec.compute_pool_id)}</td><td>v${esc(j.status && j.status.current_version)}</td>
        <td><canvas class="spark" data-job="${esc(j.id)}" width="160" height="28"></canvas></td></tr>`;
    }
    html += '</table></section>';
  }
  main.innerHTML = html;
  for (const {jobs, series} of sections) {
    for (const j of jobs) {
      const c = main.querySelector(`canvas.spark[data-job="${CSS.escape(j.id)}"]`);
      if (c) sparkline(c, (series[j.id] || []).map(p => [p.t, p.records_in_per_second]));
    }
  }
}

async function overview() {
  renderOverview(await loadOverview());
  every(5000, async () => { if ((location.hash || '#/') === '#/' || location.hash === '') renderOverview(await loadOverview()); });
}

// ---- charts ------------------------------------------------------------------------------------------
function setupCanvas(c) {
  const ratio = window.devicePixelRatio || 1;
  const w = c.clientWidth || c.width, h = c.clientHeight || c.height;
  c.width = w * ratio; c.height = h * ratio;
  const g = c.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, h);
  return {g, w, h};
}

function sparkline(c, points) {
  const {g, w, h} = setupCanvas(c);
  const pts = points.filter(p => p[1] !== null && p[1] !== undefined);
  c.dataset.points = String(pts.length);
  if (pts.length < 2) { g.fillStyle = '#9aa3b5'; g.font = '11px sans-serif'; g.fillText(pts.length ? fmt(pts[0][1]) + '/s' : 'no data', 2, h - 9); return; }
  const t0 = pts[0][0], t1 = pts[pts.length - 1][0], max = Math.max(1, ...pts.map(p => p[1]));
  g.strokeStyle = '#2f6fde'; g.lineWidth = 1.5; g.beginPath();
  pts.forEach((p, i) => {
    const x = (p[0] - t0) / Math.max(1, t1 - t0) * (w - 50), y = h - 3 - p[1] / max * (h - 6);
    i ? g.lineTo(x, y) : g.moveTo(x, y);
  });
  g.stroke();
  g.fillStyle = '#1d2330'; g.font = '11px sans-serif';
  g.fillText(fmt(pts[pts.length - 1][1]) + '/s', w - 46, h / 2 + 4);
}

const COLORS = ['#2f6fde', '#d2603c', '#1f9d55', '#9b59b6', '#c98a04'];
function chart(c, lines, unit) {
  const {g, w, h} = setupCanvas(c);
  const all = lines.flatMap(l => l.points.filter(p => p[1] !== null && p[1] !== undefined));
  c.dataset.points = String(Math.max(0, ...lines.map(l => l.points.filter(p => p[1] !== null && p[1] !== undefined).length)));
  const left = 52, bottom = 20, top = 18;
  g.font = '11px sans-serif';
  if (!all.length) { g.fillStyle = '#9aa3b5'; g.fillText('no data yet', left, h / 2); return; }
  const t0 = Math.min(...all.map(p => p[0])), t1 = Math.max(...all.map(p => p[0]));
  const max = Math.max(...all.map(p => p[1])) * 1.1 || 1;
  g.strokeStyle = '#e3e6ec'; g.fillStyle = '#6b7385';
  for (let i = 0; i <= 3; i++) {
    const y = top + (h - top - bottom) * i / 3;
    g.beginPath(); g.moveTo(left, y); g.lineTo(w - 6, y); g.stroke();
    g.fillText(fmt(max * (1 - i / 3)) + unit, 2, y + 4);
  }
  g.fillText(new Date(t0).toLocaleTimeString(), left, h - 4);
  const right = new Date(t1).toLocaleTimeString();
  g.fillText(right, w - 6 - g.measureText(right).width, h - 4);
  lines.forEach((l, k) => {
    const pts = l.points.filter(p => p[1] !== null && p[1] !== undefined);
    g.strokeStyle = COLORS[k % COLORS.length]; g.fillStyle = g.strokeStyle; g.lineWidth = 1.6;
    g.beginPath();
    pts.forEach((p, i) => {
      const x = left + (p[0] - t0) / Math.max(1, t1 - t0) * (w - left - 6), y = top + (h - top - bottom) * (1 - p[1] / max);
      i ? g.lineTo(x, y) : g.moveTo(x, y);
    });
    if (pts.length === 1) { const x = w - 8, y = top + (h - top - bottom) * (1 - pts[0][1] / max); g.fillRect(x - 2, y - 2, 4, 4); }
    g.stroke();
    g.fillText(l.label, left + 4 + k * 110, 11);
  });
}

// ---- job graph (SVG) ---------------------------------------------------------------------------------
function graphSVG(graph) {
  const nodes = graph.nodes || [], edges = graph.edges || [];
  if (!nodes.length) return '<p class="muted">The graph appears once the job runs.</p>';
  const layer = {};
  nodes.forEach(n => { layer[n.id] = 0; });
  for (let pass = 0; pass < nodes.length; pass++) {
    for (const e of edges) layer[e.target] = Math.max(layer[e.target], layer[e.source] + 1);
  }
  const columns = {};
  nodes.forEach(n => { (columns[layer[n.id]] = columns[layer[n.id]] || []).push(n); });
  const W = 210, H = 74, GX = 70, GY = 24, pos = {};
  let maxRows = 1;
  Object.keys(columns).forEach(col => {
    columns[col].forEach((n, row) => { pos[n.id] = {x: 10 + col * (W + GX), y: 10 + row * (H + GY)}; });
    maxRows = Math.max(maxRows, columns[col].length);
  });
  const width = 20 + (Object.keys(columns).length) * (W + GX) - GX, height = 20 + maxRows * (H + GY) - GY;
  let svg = `<svg class="graph" viewBox="0 0 ${width} ${height}" height="${height}" xmlns="http://www.w3.org/2000/svg">
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
    <path d="M 0 0 L 10 5 L 0 10 z" fill="#8893a8"/></marker></defs>`;
  for (const e of edges) {
    const a = pos[e.source], b = pos[e.target];
    if (!a || !b) continue;
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mx = (x1 + x2) / 2;
    svg += `<path class="edge" d="M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}" marker-end="url(#arrow)"/>
      <text class="edge-label" x="${mx - 20}" y="${(y1 + y2) / 2 - 4}">${esc(e.ship_strategy)}</text>`;
  }
  for (const n of nodes) {
    const p = pos[n.id], m = n.metrics || {};
    const name = n.operator.length > 30 ? n.operator.slice(0, 29) + '…' : n.operator;
    svg += `<g class="node" data-vertex="${n.id}"><title>${esc(n.operator)}</title>
      <rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="6"/>
      <text x="${p.x + 8}" y="${p.y + 17}" font-weight="600">${esc(name)}</text>
      <text class="rate" x="${p.x + 8}" y="${p.y + 34}">${esc(n.kind)} · parallelism ${n.parallelism}</text>
      <text class="rate" x="${p.x + 8}" y="${p.y + 50}">in ${fmt(m.records_in_per_second)}/s · out ${fmt(m.records_out_per_second)}/s</text>
      <text class="rate" x="${p.x + 8}" y="${p.y + 65}">${m.consumer_lag ? 'lag ' + fmt(m.consumer_lag) + ' · ' : ''}wm ${esc(watermark(m.output_watermark))}</text></g>`;
  }
  return svg + '</svg>';
}

// ---- job page ----------------------------------------------------------------------------------------
async function jobPage(env, id) {
  const base = jobBase(env, id);
  main.innerHTML = `<div id="job-head"></div><div class="kpis" id="kpis"></div>
    <div class="grid">
      <div class="card"><h3>Throughput (records/s)</h3><canvas class="chart" id="c-throughput"></canvas></div>
      <div class="card"><h3>Latency, ingestion → sink (ms)</h3><canvas class="chart" id="c-latency"></canvas></div>
      <div class="card"><h3>Consumer lag (records)</h3><canvas class="chart" id="c-lag"></canvas></div>
      <div class="card"><h3>Checkpoint duration (ms)</h3><canvas class="chart" id="c-checkpoint"></canvas></div>
    </div>
    <h2>Job graph</h2><div id="graph"></div>
    <h2>Operators</h2><div id="operators"></div>
    <h2>Log</h2><pre class="log" id="log"></pre>
    <h2>Checkpoints</h2><div id="checkpoints"></div>
    <h2>Versions</h2><div id="versions"></div><div id="diff"></div>`;
  let logAfter = 0;

  async function refresh() {
    const [job, m, graph] = await Promise.all([api(base), api(base + '/metrics?since=' + (Date.now() - 3600000)), api(base + '/graph')]);
    const phase = phaseOf(job), spec = job.spec || {};
    const running = phase === 'RUNNING' || phase === 'PENDING';
    document.getElementById('job-head').innerHTML = `<h1>${esc(job.name)} <span class="status ${esc(phase)}" id="job-status">${esc(phase)}</span>
      <span class="muted" style="font-size:13px">${esc(job.id)} · v${esc(job.status.current_version)}</span></h1>
      <p>${esc(job.status.detail || '')}</p>
      <p><a href="#/env/${encodeURIComponent(env)}/job/${encodeURIComponent(id)}/edit"><button class="secondary">Edit / update</button></a>
      <button class="secondary" id="btn-stop">${running ? 'Stop' : 'Resume'}</button></p>`;
    document.getElementById('btn-stop').onclick = async () => {
      try { await api(base + (running ? '/stop' : '/resume'), {method: 'POST'}); refresh(); } catch (e) { alert(errorText(e)); }
    };
    const c = m.checkpoints || {};
    const kpi = (label, value) => `<div class="kpi"><b>${value}</b><span>${label}</span></div>`;
    document.getElementById('kpis').innerHTML =
      kpi('records in/s', fmt(m.records_in_per_second)) + kpi('records out/s', fmt(m.records_out_per_second)) +
      kpi('records in', fmt(m.records_in)) + kpi('records out', fmt(m.records_out)) +
      kpi('latency p50 / p99', `${fmt(m.latency_ms.p50, 2)} / ${fmt(m.latency_ms.p99, 2)} ms`) +
      kpi('consumer lag', fmt(m.consumer_lag.total)) + kpi('late records dropped', fmt(m.late_records_dropped)) +
      kpi('checkpoints ok', c.success_rate === null ? '–' : Math.round(c.success_rate * 100) + '% of ' + (c.completed + c.failed)) +
      kpi('restarts', m.restarts) + kpi('uptime', duration(m.uptime_ms)) + kpi('CFUs held', m.cfu) +
      kpi('parallelism', spec.parallelism) + kpi('checkpointing', `${esc(spec.checkpoint_mode)} / ${duration(spec.checkpoint_interval)}`);
    const s = m.series || [];
    chart(document.getElementById('c-throughput'), [{label: 'in', points: s.map(p => [p.t, p.records_in_per_second])},
                                                    {label: 'out', points: s.map(p => [p.t, p.records_out_per_second])}], '');
    chart(document.getElementById('c-latency'), [{label: 'p50', points: s.map(p => [p.t, p.latency_p50_ms])},
                                                 {label: 'p99', points: s.map(p => [p.t, p.latency_p99_ms])}], '');
    chart(document.getElementById('c-lag'), [{label: 'lag', points: s.map(p => [p.t, p.consumer_lag])}], '');
    chart(document.getElementById('c-checkpoint'), [{label: 'last checkpoint', points: s.map(p => [p.t, p.checkpoint_duration_ms])}], '');
    document.getElementById('graph').innerHTML = graphSVG(graph);
    let ops = '<table><tr><th>Operator</th><th>Subtask</th><th>In</th><th>Out</th><th>In/s</th><th>Out/s</th><th>Input wm</th><th>Output wm</th><th>Late</th><th>Latency p99</th><th>Lag</th></tr>';
    for (const v of m.vertices || []) {
      const rows = [['all', v.metrics]].concat(v.parallelism > 1 ? v.subtasks.map(x => [x.subtask, x]) : []);
      for (const [label, x] of rows) {
        ops += `<tr><td>${label === 'all' ? esc(v.operator) : ''}</td><td>${label}</td><td>${fmt(x.records_in)}</td><td>${fmt(x.records_out)}</td>
          <td>${fmt(x.records_in_per_second)}</td><td>${fmt(x.records_out_per_second)}</td><td>${esc(watermark(x.input_watermark))}</td>
          <td>${esc(watermark(x.output_watermark))}</td><td>${fmt(x.late_records_dropped)}</td><td>${fmt(x.latency_p99_ms, 2)}</td><td>${fmt(x.consumer_lag)}</td></tr>`;
      }
    }
    document.getElementById('operators').innerHTML = ops + '</table>';
    let cps = '<table><tr><th>Id</th><th>Status</th><th>Triggered</th><th>Duration</th><th>Size</th><th>Failure</th></tr>';
    if (!(c.history || []).length) cps += '<tr><td colspan="6" class="muted">No checkpoints yet.</td></tr>';
    for (const r of c.history || []) {
      cps += `<tr><td>${r.id}${r.is_savepoint ? ' (savepoint)' : ''}</td><td>${esc(r.status)}</td><td>${new Date(r.trigger_timestamp).toLocaleTimeString()}</td>
        <td>${r.duration_ms === null ? '–' : r.duration_ms + ' ms'}</td><td>${fmt(r.size_bytes)} B</td><td>${esc(r.failure_message || '')}</td></tr>`;
    }
    document.getElementById('checkpoints').innerHTML = cps + '</table>';
  }

  async function tail() {
    const r = await api(base + '/logs?limit=500&after=' + logAfter);
    const pre = document.getElementById('log');
    if (!pre || !(r.data || []).length) return;
    const stick = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    for (const e of r.data) {
      const line = document.createElement('span');
      line.className = e.level;
      line.textContent = `${e.timestamp} ${e.level.padEnd(5)} ${e.message}\n`;
      pre.appendChild(line);
      logAfter = e.seq;
    }
    if (stick) pre.scrollTop = pre.scrollHeight;
  }

  async function versions() {
    const list = ((await api(base + '/versions?page_size=100')).data || []).sort((a, b) => b.version - a.version);
    let html = '<table><tr><th>Version</th><th>State</th><th>Created</th><th>By</th><th>Parallelism</th><th>Compare</th><th></th></tr>';
    list.forEach((v, i) => {
      html += `<tr><td>v${v.version}</td><td>${esc(v.state)}</td><td>${esc(v.created_at)}</td><td>${esc(v.created_by)}</td>
        <td>${esc(v.config && v.config.parallelism)}</td>
        <td>${i + 1 < list.length ? `<button class="secondary" data-diff="${list[i + 1].version},${v.version}">diff v${list[i + 1].version} → v${v.version}</button>` : ''}</td>
        <td>${i > 0 ? `<button data-rollback="${v.version}">Roll back to v${v.version}</button>` : '<span class="muted">current</span>'}</td></tr>`;
    });
    const el = document.getElementById('versions');
    el.innerHTML = html + '</table>';
    el.querySelectorAll('[data-diff]').forEach(b => b.onclick = () => {
      const [from, to] = b.dataset.diff.split(',').map(Number);
      showDiff(list.find(v => v.version === from), list.find(v => v.version === to));
    });
    el.querySelectorAll('[data-rollback]').forEach(b => b.onclick = async () => {
      if (!confirm(`Roll back to version ${b.dataset.rollback}? A new version with its SQL and configuration is created.`)) return;
      try { await api(base + '/rollback', {method: 'POST', json: {version: Number(b.dataset.rollback)}}); await versions(); await refresh(); }
      catch (e) { alert(errorText(e)); }
    });
    if (list.length > 1) showDiff(list[1], list[0]);
  }

  function showDiff(a, b) {
    const rows = diffRows((a.sql || '').split('\n'), (b.sql || '').split('\n'));
    let html = `<h3>v${a.version} → v${b.version}</h3>`;
    const cfg = [];
    for (const k of ['parallelism', 'checkpoint_interval', 'checkpoint_mode', 'compute_pool_id']) {
      if (JSON.stringify(a.config[k]) !== JSON.stringify(b.config[k])) cfg.push(`${k}: ${esc(a.config[k])} → ${esc(b.config[k])}`);
    }
    if (cfg.length) html += `<p>${cfg.join('<br>')}</p>`;
    html += '<div class="diff">';
    for (const r of rows) {
      html += `<div class="${r.left !== null && r.kind !== 'same' ? 'del' : ''}">${r.left === null ? '' : esc(r.left)}</div>
               <div class="${r.right !== null && r.kind !== 'same' ? 'add' : ''}">${r.right === null ? '' : esc(r.right)}</div>`;
    }
    document.getElementById('diff').innerHTML = html + '</div>';
  }

  await refresh();
  await tail();
  await versions();
  every(3000, refresh);
  every(2000, tail);
}

/// Side-by-side rows of a line diff (longest common subsequence); changed runs are paired line by line.
function diffRows(a, b) {
  const n = a.length, m = b.length;
  const dp = Array.from({length: n + 1}, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) {
    dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  }
  const rows = [];
  let i = 0, j = 0, dels = [], adds = [];
  const flush = () => {
    for (let k = 0; k < Math.max(dels.length, adds.length); k++) rows.push({left: dels[k] ?? null, right: adds[k] ?? null, kind: 'change'});
    dels = []; adds = [];
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { flush(); rows.push({left: a[i], right: b[j], kind: 'same'}); i++; j++; }
    else if (j < m && (i >= n || dp[i][j + 1] >= dp[i + 1][j])) adds.push(b[j++]);
    else dels.push(a[i++]);
  }
  flush();
  return rows;
}

// ---- create / update form ----------------------------------------------------------------------------
async function jobForm(env, id) {
  const editing = !!id;
  const envs = (await api('/org/v2/environments?page_size=100')).data || [];
  env = env || (envs[0] && envs[0].id);
  let job = null;
  if (editing) job = await api(jobBase(env, id));
  const spec = job ? job.spec : {parallelism: 1, checkpoint_interval: 300000, checkpoint_mode: 'EXACTLY_ONCE'};
  main.innerHTML = `<h1>${editing ? 'Update ' + esc(job.name) : 'New job'}</h1>
    <form class="job" id="job-form" novalidate>
      <div class="row">
        ${editing ? '' : `<div><label for="f-name">Name</label><input id="f-name" name="name" required placeholder="my-job">
          <div class="error" data-field="name"></div></div>`}
        <div><label for="f-env">Environment</label><select id="f-env" ${editing ? 'disabled' : ''}>
          ${envs.map(e => `<option value="${esc(e.id)}" ${e.id === env ? 'selected' : ''}>${esc(e.display_name || e.id)} (${esc(e.id)})</option>`).join('')}</select></div>
        <div><label for="f-pool">Compute pool</label><select id="f-pool"></select><div class="error" data-field="compute_pool_id"></div></div>
      </div>
      <label for="f-sql">SQL</label>
      <input type="file" id="f-file" accept=".sql,text/plain"> <span class="muted">or edit below</span>
      <textarea id="f-sql" spellcheck="false" placeholder="CREATE TABLE …; INSERT INTO … SELECT …;">${esc(spec.sql || '')}</textarea>
      <div id="sql-error"></div>
      <div class="row">
        <div><label for="f-parallelism">Parallelism</label><input id="f-parallelism" type="number" min="1" value="${esc(spec.parallelism)}">
          <div class="error" data-field="parallelism"></div></div>
        <div><label for="f-interval">Checkpoint interval (ms)</label><input id="f-interval" type="number" min="1" value="${esc(spec.checkpoint_interval)}">
          <div class="error" data-field="checkpoint_interval"></div></div>
        <div><label for="f-mode">Checkpoint mode</label><select id="f-mode">
          <option ${spec.checkpoint_mode === 'EXACTLY_ONCE' ? 'selected' : ''}>EXACTLY_ONCE</option>
          <option ${spec.checkpoint_mode === 'AT_LEAST_ONCE' ? 'selected' : ''}>AT_LEAST_ONCE</option></select>
          <div class="error" data-field="checkpoint_mode"></div></div>
      </div>
      <p><button type="button" class="secondary" id="btn-validate">Validate</button>
         <button type="submit" id="btn-submit">${editing ? 'Update job' : 'Create job'}</button></p>
      <p class="error" id="form-error"></p><pre id="validate-result" class="muted"></pre>
    </form>`;
  const $ = s => document.getElementById(s);
  async function loadPools() {
    const e = $('f-env').value;
    const pools = (await api('/fcpm/v2/compute-pools?page_size=100&environment=' + encodeURIComponent(e))).data || [];
    $('f-pool').innerHTML = pools.map(p => `<option value="${esc(p.id)}" ${p.id === spec.compute_pool_id ? 'selected' : ''}>${esc((p.spec || {}).display_name || p.id)}
      (${(p.status || {}).current_cfu ?? 0}/${(p.spec || {}).max_cfu ?? '?'} CFU)</option>`).join('');
  }
  await loadPools();
  $('f-env').onchange = loadPools;
  $('f-file').onchange = async () => { const f = $('f-file').files[0]; if (f) $('f-sql').value = await f.text(); };

  function clearErrors() {
    document.querySelectorAll('#job-form .error').forEach(e => { e.textContent = ''; });
    $('sql-error').innerHTML = '';
    $('validate-result').textContent = '';
  }
  function showErrors(e) {
    const list = errors(e);
    if (!list.length) { $('form-error').textContent = errorText(e); return; }
    for (const err of list) {
      const pointer = (err.source && (err.source.pointer || err.source.parameter)) || '';
      const field = pointer.replace(/^\//, '').replace(/^spec\//, '');
      const detail = err.detail || err.title || '';
      const pos = detail.match(/line (\d+), column (\d+)/i);
      const lineNo = err.source && err.source.line ? err.source.line : pos && Number(pos[1]);
      const colNo = err.source && err.source.column ? err.source.column : pos && Number(pos[2]);
      if (field === 'sql' || lineNo) {
        showSqlError(detail, lineNo, colNo);
      } else {
        const slot = document.querySelector(`#job-form .error[data-field="${CSS.escape(field)}"]`);
        if (slot) slot.textContent = detail; else $('form-error').textContent += detail + '\n';
      }
    }
  }
  function showSqlError(detail, line, column) {
    const box = document.createElement('div');
    box.className = 'sql-error';
    box.id = 'sql-error-box';
    if (line) {
      box.dataset.line = line;
      box.dataset.column = column || 1;
      const lines = $('f-sql').value.split('\n');
      const text = lines[line - 1] ?? '';
      box.textContent = `line ${line}, column ${column}: ${detail}\n${String(line).padStart(4)} | ${text}\n     | ${' '.repeat(Math.max(0, (column || 1) - 1))}^`;
      let offset = 0;
      for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
      offset += Math.max(0, (column || 1) - 1);
      const ta = $('f-sql');
      ta.focus();
      ta.setSelectionRange(offset, Math.min(ta.value.length, offset + 1));
    } else {
      box.textContent = detail;
    }
    $('sql-error').appendChild(box);
  }
  function body() {
    const b = {sql: $('f-sql').value, parallelism: Number($('f-parallelism').value), checkpoint_interval: Number($('f-interval').value),
               checkpoint_mode: $('f-mode').value, compute_pool_id: $('f-pool').value};
    if (!editing) b.name = $('f-name').value.trim();
    return b;
  }
  $('btn-validate').onclick = async () => {
    clearErrors();
    $('form-error').textContent = '';
    try {
      const r = await api(`/flink/v1/environments/${encodeURIComponent($('f-env').value)}/jobs/validate`, {method: 'POST', json: body()});
      $('validate-result').textContent = 'Valid.' + (r && r.graph ? ` Plan: ${r.graph.nodes.length} operators.` : '');
    } catch (e) { if (e.status !== 401) showErrors(e); }
  };
  $('job-form').onsubmit = async ev => {
    ev.preventDefault();
    clearErrors();
    $('form-error').textContent = '';
    try {
      const e = $('f-env').value;
      const saved = editing ? await api(jobBase(e, id), {method: 'PATCH', json: body()})
                            : await api(`/flink/v1/environments/${encodeURIComponent(e)}/jobs`, {method: 'POST', json: body()});
      location.hash = `#/env/${encodeURIComponent(e)}/job/${encodeURIComponent(saved.id)}`;
    } catch (e) { if (e.status !== 401) showErrors(e); }
  };
}

if (sessionStorage.getItem(AUTH)) document.getElementById('who').textContent = atob(sessionStorage.getItem(AUTH)).split(':')[0];
route();
"""#
}
