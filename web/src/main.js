// tudi serve's browser UI: log in, the project's map, the three-line check of a drawn or
// uploaded site, the other analyses, the job list with progress and downloads.

import './style.css';
import Draw from 'ol/interaction/Draw.js';
import { api, ApiError, esc, fmt, setCsrf, whenLoggedOut } from './api.js';
import { categoryStyle, createMap, olStyle } from './map.js';
import { buildTree, legendHtml } from './legend.js';

const $ = (id) => document.getElementById(id);
const state = { project: null, view: null, me: null, draw: null, lastCheck: null, jobs: [], table: null };

// ------------------------------------------------------------------ log in and out

function showLogin(message = '') {
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
  $('login-password').value = '';
  $('login-name').focus();
}

whenLoggedOut(() => showLogin('会话已过期，请重新登录'));

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  try {
    const { data } = await api.post('/api/login', { name: $('login-name').value, password: $('login-password').value });
    await start(data);
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});

$('logout').addEventListener('click', async () => {
  try {
    await api.post('/api/logout');
  } finally {
    location.reload();
  }
});

async function boot() {
  try {
    const res = await fetch('/api/me', { credentials: 'same-origin' });
    if (res.ok) return start(await res.json());
  } catch {
    // No server: the login form says so on submit.
  }
  showLogin();
}

async function start(me) {
  state.me = me;
  setCsrf(me.csrf);
  $('login').hidden = true;
  $('app').hidden = false;
  $('who').textContent = `${me.user}（${me.role_label}）`;
  document.body.dataset.role = me.role;
  if (!state.project) {
    const { data } = await api.get('/api/project');
    state.project = data;
    $('project-title').textContent = data.title;
    $('project-crs').textContent = `${data.crs.label}　CGCS2000 高斯-克吕格`;
    state.view = createMap($('map'), data);
    window.tudiMap = state.view.map; // for the browser test and the console
    buildTree($('layer-tree'), data, state.view.layers, openTable);
    fillCategories(data);
    state.view.map.on('singleclick', identify);
  }
  refreshJobs();
}

// ------------------------------------------------------------------ identify

async function identify(e) {
  // The clicks that drew a site are not questions about the map.
  if (state.draw || Date.now() - (state.drawEnded || 0) < 800) return;
  const [x, y] = e.coordinate;
  const tol = state.view.map.getView().getResolution() * 4;
  const roles = Object.entries(state.view.layers)
    .filter(([, l]) => l.getVisible())
    .map(([r]) => r)
    .join(',');
  const popup = $('popup');
  state.view.highlight.getSource().clear();
  if (!roles) return (popup.hidden = true);
  try {
    const { data } = await api.get(`/api/identify?x=${x}&y=${y}&tolerance=${tol}&roles=${roles}`);
    if (!data.features.length) return (popup.hidden = true);
    popup.innerHTML = `<button type="button" class="close" title="关闭">×</button>${data.features
      .map(
        (f) => `<div class="feature"><h4>${esc(f.title)}　${esc(f.id)}</h4><table>${f.fields
          .map((v) => `<tr><th>${esc(v.alias || v.name)}${v.alias ? `<small>${esc(v.name)}</small>` : ''}</th><td>${esc(v.value)}</td></tr>`)
          .join('')}</table></div>`,
      )
      .join('')}`;
    popup.hidden = false;
    popup.querySelector('.close').addEventListener('click', () => {
      popup.hidden = true;
      state.view.highlight.getSource().clear();
    });
    for (const f of data.features)
      if (f.geometry) state.view.highlight.getSource().addFeature(state.view.format.readFeature({ type: 'Feature', geometry: f.geometry }));
  } catch (err) {
    popup.hidden = true;
  }
}

// ------------------------------------------------------------------ attribute table

async function openTable(layer, offset = 0) {
  const limit = 50;
  const { data } = await api.get(`/api/layers/${layer.role}/attributes?offset=${offset}&limit=${limit}`);
  state.table = { layer, offset, limit, total: data.total };
  $('table').hidden = false;
  $('table-title').textContent = `${data.title} 属性表`;
  $('table-count').textContent = `第 ${data.total ? offset + 1 : 0}–${offset + data.rows.length} 条，共 ${data.total} 条`;
  $('table-grid').innerHTML = `<thead><tr><th>#</th>${data.fields
    .map((f) => `<th title="${esc(f.name)}">${esc(f.alias || f.name)}</th>`)
    .join('')}</tr></thead><tbody>${data.rows
    .map((r) => `<tr><td>${r.index + 1}</td>${r.values.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`)
    .join('')}</tbody>`;
  $('table-prev').disabled = offset === 0;
  $('table-next').disabled = offset + limit >= data.total;
}
$('table-prev').addEventListener('click', () => openTable(state.table.layer, Math.max(0, state.table.offset - state.table.limit)));
$('table-next').addEventListener('click', () => openTable(state.table.layer, state.table.offset + state.table.limit));
$('table-close').addEventListener('click', () => ($('table').hidden = true));

// ------------------------------------------------------------------ tabs

function showTab(name) {
  for (const b of document.querySelectorAll('.tabs button')) b.classList.toggle('active', b.dataset.tab === name);
  for (const t of ['check', 'analyses', 'jobs']) $(`tab-${t}`).hidden = t !== name;
}
for (const b of document.querySelectorAll('.tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));

// ------------------------------------------------------------------ the three-line check

function fillCategories(project) {
  const sel = $('check-category');
  sel.innerHTML = project.categories.map((c) => `<option ${c === project.default_category ? 'selected' : ''}>${esc(c)}</option>`).join('');
}

$('draw').addEventListener('click', () => {
  if (state.draw) return;
  state.view.sketch.getSource().clear();
  state.draw = new Draw({ source: state.view.sketch.getSource(), type: 'Polygon' });
  state.draw.on('drawend', (e) => {
    const ring = e.feature.getGeometry().getCoordinates()[0].map(([x, y]) => [x, y]);
    stopDrawing();
    checkSite({ ring, category: $('check-category').value });
  });
  state.view.map.addInteraction(state.draw);
  $('draw').hidden = true;
  $('draw-cancel').hidden = false;
  $('check-hint').textContent = '单击添加顶点，双击结束绘制。';
});
$('draw-cancel').addEventListener('click', stopDrawing);

function stopDrawing() {
  if (state.draw) state.view.map.removeInteraction(state.draw);
  state.drawEnded = Date.now();
  state.draw = null;
  $('draw').hidden = false;
  $('draw-cancel').hidden = true;
  $('check-hint').textContent = '在地图上单击各顶点，双击结束；或上传坐标文件。';
}

$('check-file').addEventListener('change', async (e) => {
  const file = e.target.files[0];
  if (!file) return;
  const form = new FormData();
  form.append('file', file, file.name);
  form.append('category', $('check-category').value);
  e.target.value = '';
  state.view.sketch.getSource().clear();
  await checkSite(form);
});

async function checkSite(body) {
  $('check-error').textContent = '';
  $('check-result').innerHTML = '<p class="hint">正在核查…</p>';
  try {
    const { status, data } = await api.post('/api/check', body);
    if (status === 422) throw new ApiError(422, data.error);
    if (status === 202) {
      $('check-result').innerHTML = '<p class="hint">核查仍在进行，完成后见“任务”。</p>';
      return refreshJobs();
    }
    state.lastCheck = data;
    showCheck(data);
  } catch (err) {
    $('check-result').innerHTML = '';
    $('check-error').textContent = err.message;
  }
  refreshJobs();
}

const LINES = [
  ['redline', '生态保护红线'],
  ['farmland', '永久基本农田'],
  ['urban', '城镇开发边界'],
];

function ha(m2) {
  return `${fmt(m2 / 10000, 4)} 公顷（${fmt(m2 * 0.0015, 2)} 亩）`;
}

/** One proposal's three-line answer: a line each, then the conclusion with its basis. */
function answerHtml(p) {
  if (p.status !== 'checked') return `<div class="answer"><h4>${esc(p.name || p.id)}</h4><p class="error">无法核查：${esc(p.reason)}</p></div>`;
  const lines = LINES.map(([key, name]) => {
    const l = p[key];
    let text;
    if (!l || !l.checked) text = '未核查（项目未配置该图层）';
    else if (key === 'urban')
      text = l.outside.planar_m2 > 0 ? `边界外 ${ha(l.outside.ellipsoidal_m2)}，占 ${fmt(l.share_outside * 100, 1)}%` : '全部位于边界内';
    else
      text = l.overlap.planar_m2 > 0 ? `占用 ${ha(l.overlap.ellipsoidal_m2)}，${l.pieces} 块，占 ${fmt(l.share * 100, 1)}%` : '不占用';
    const sev = l && l.conclusion ? l.conclusion.severity : 'ok';
    return `<li class="line sev-${esc(sev)}" data-line="${key}"><strong>${name}</strong>：<span class="value">${esc(text)}</span></li>`;
  }).join('');
  const c = p.conclusion;
  return `<div class="answer" data-id="${esc(p.id)}">
    <h4>${esc(p.name || p.id)}　<small>${esc(p.category)}，${ha(p.area.ellipsoidal_m2)}</small></h4>
    <ol class="lines">${lines}</ol>
    <p class="conclusion sev-${esc(c.severity)}"><strong>结论：<span class="label">${esc(c.label)}</span></strong>　${esc(c.text)}</p>
    ${c.basis ? `<p class="basis">依据：${esc(c.basis)}</p>` : ''}
  </div>`;
}

function showCheck(job) {
  const r = job.result;
  const styles = state.project.result_styles;
  const src = state.view.results.getSource();
  src.clear();
  const fmtr = state.view.format;
  const add = (name, style) => {
    const layer = r.layers[name];
    if (!layer) return [];
    const feats = fmtr.readFeatures(layer);
    for (const f of feats) f.setStyle(style);
    src.addFeatures(feats);
    return feats;
  };
  add('proposals', olStyle({ fill: null, stroke: '#1d4ed8', stroke_width_mm: 0.6 }, 1));
  const pieces = add('overlaps', categoryStyle(styles.overlaps));
  state.view.sketch.getSource().clear();
  if (src.getFeatures().length) state.view.map.getView().fit(src.getExtent(), { padding: [160, 160, 160, 160], duration: 300 });
  const more = r.proposals.length > 20 ? `<p class="hint">另有 ${r.proposals.length - 20} 个地块，见下载的表格。</p>` : '';
  const lines = new Set(pieces.map((f) => f.get('LINE')));
  const legend = legendHtml(styles.overlaps.categories.filter((c) => lines.has(c.value)));
  $('check-result').innerHTML = `<div class="summary">共 ${r.summary.proposals} 个地块：禁止 ${r.summary.blocking}，需报批 ${r.summary.approval}，需论证 ${r.summary.justify}，无冲突 ${r.summary.ok}；冲突图斑 ${pieces.length} 块${legend}</div>
    ${r.proposals.slice(0, 20).map(answerHtml).join('')}${more}
    <div class="row"><button type="button" id="check-report">生成此范围的分析报告</button></div>
    ${filesHtml(job)}`;
  $('check-report').addEventListener('click', () => runJob('report', { from_job: job.id }));
}

// ------------------------------------------------------------------ other analyses and jobs

function filesHtml(job) {
  if (!job.files || !job.files.length) return '';
  const main = job.files.filter((f) => !f.name.includes('/'));
  return `<ul class="files">${main
    .map((f) => `<li><a href="/api/jobs/${esc(job.id)}/files/${encodeURIComponent(f.name)}" download>${esc(f.name)}</a> <small>${f.bytes == null ? '' : `${fmt(f.bytes / 1024, 0)} KB`}</small></li>`)
    .join('')}</ul>`;
}

async function runJob(kind, fields = {}) {
  $('analyses-error').textContent = '';
  const form = new FormData();
  form.append('kind', kind);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  try {
    await api.post('/api/jobs', form);
    showTab('jobs');
    refreshJobs();
  } catch (err) {
    $('analyses-error').textContent = err.message;
    $('check-error').textContent = kind === 'report' && fields.from_job ? err.message : $('check-error').textContent;
  }
}

for (const b of document.querySelectorAll('[data-run]'))
  b.addEventListener('click', () => {
    const kind = b.dataset.run;
    const fields = {};
    const pick = (id, name) => {
      const f = $(id).files[0];
      if (f) fields[name] = f;
    };
    if (kind === 'match') {
      pick('match-file', 'projects');
      if (!fields.projects) return ($('analyses-error').textContent = '请先选择项目表');
    }
    if (kind === 'zones') pick('zones-file', 'scenario');
    if (kind === 'report') {
      pick('report-projects', 'projects');
      fields.encoding = $('report-encoding').value;
    }
    runJob(kind, fields);
  });

let polling = null;
async function refreshJobs() {
  clearTimeout(polling);
  try {
    const { data } = await api.get('/api/jobs');
    state.jobs = data.jobs;
  } catch {
    return;
  }
  const busy = state.jobs.filter((j) => j.state === 'queued' || j.state === 'running');
  $('jobs-badge').textContent = busy.length ? `（${busy.length}）` : '';
  $('job-list').innerHTML = state.jobs.length
    ? state.jobs
        .map(
          (j) => `<li class="job state-${esc(j.state)}" data-id="${esc(j.id)}" data-kind="${esc(j.kind)}">
      <div><strong>${esc(j.title)}</strong> <span class="state">${esc(j.state_label)}</span>
      ${busy.includes(j) ? '<button type="button" class="link cancel">取消</button>' : ''}</div>
      <progress max="1" value="${j.progress}"></progress> <small>${esc(j.message)} ${j.seconds ? `${fmt(j.seconds, 1)} 秒` : ''}</small>
      ${j.error ? `<p class="error">${esc(j.error)}</p>` : ''}${j.state === 'done' ? filesHtml(j) : ''}</li>`,
        )
        .join('')
    : '<li class="hint">还没有任务。</li>';
  for (const b of document.querySelectorAll('#job-list .cancel'))
    b.addEventListener('click', async () => {
      await api.post(`/api/jobs/${b.closest('li').dataset.id}/cancel`).catch(() => {});
      refreshJobs();
    });
  if (busy.length) polling = setTimeout(refreshJobs, 1000);
}

boot();
