// Run viewer page script (plain browser JavaScript, inlined by viz/viewer-page.ts).
// Reads the compact run data, fills the run list, weights the diagram's transitions by the
// filtered runs, and steps through the selected run's transcript.
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('viewer-data').textContent);
  const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const decode = (text, width) => {
    const out = [];
    for (let i = 0; i < text.length; i += width) {
      let n = 0;
      for (let j = 0; j < width; j++) n = n * 64 + DIGITS.indexOf(text[i + j]);
      out.push(n);
    }
    return out;
  };
  const $ = (id) => document.getElementById(id);
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props);
    for (const c of children) node.append(c);
    return node;
  };
  const name = (i) => data.names[i];

  const runs = data.runs.map((row, index) => {
    const run = { index };
    data.runFields.forEach((field, k) => { run[field] = row[k]; });
    return run;
  });
  for (const run of runs) run.taken = decode(run.edges, data.width.edge);

  // Diagram elements, by state and edge index (ids set in viz/dot.ts).
  const stateEls = data.states.map((s) => document.getElementById(`state:${s}`));
  const edgeEls = data.edges.map((_, i) => document.getElementById(`edge:${i}`));
  const edgeText = edgeEls.map((g) => (g ? g.querySelector('text') : null));
  const edgeLabel = edgeText.map((t) => (t ? t.textContent : ''));
  const edgeWidth = edgeEls.map((g) => {
    const p = g && g.querySelector('path');
    return p ? Number(p.getAttribute('stroke-width') || 1) : 1;
  });

  // ---- filters and run list ----
  const filters = { participant: $('f-participant'), condition: $('f-condition'), outcome: $('f-outcome') };
  for (const [field, select] of Object.entries(filters)) {
    const values = [...new Set(runs.map((r) => r[field]))].sort((a, b) => name(a).localeCompare(name(b)));
    select.append(el('option', { value: '', textContent: `all (${values.length})` }));
    for (const v of values) {
      const count = runs.filter((r) => r[field] === v).length;
      select.append(el('option', { value: String(v), textContent: `${name(v)} (${count})` }));
    }
    select.addEventListener('change', () => applyFilters(true));
  }
  const unit = (run) => (data.ladders[run.ladder].unit === 'V' ? ' V' : '');
  const rows = runs.map((run) => {
    const tr = el('tr', { tabIndex: -1, title: `seed ${run.seed}${run.repeat ? `, repeat ${run.repeat}` : ''}, run ${run.id}` },
      el('td', { textContent: name(run.participant), title: name(run.participant) }),
      el('td', { textContent: name(run.condition) }),
      el('td', { textContent: name(run.outcome), className: `o-${name(run.outcome)}` }),
      el('td', { textContent: `${run.finalVoltage}${unit(run)}` }));
    tr.setAttribute('aria-selected', 'false');
    tr.dataset.run = String(run.index);
    tr.addEventListener('click', () => select(run.index));
    $('run-rows').append(tr);
    return tr;
  });

  let visible = runs;
  function applyFilters(keepSelection) {
    const want = Object.fromEntries(Object.entries(filters).map(([f, s]) => [f, s.value === '' ? null : Number(s.value)]));
    visible = runs.filter((r) => Object.entries(want).every(([f, v]) => v === null || r[f] === v));
    const shown = new Set(visible.map((r) => r.index));
    rows.forEach((tr, i) => { tr.hidden = !shown.has(i); });
    $('run-count').textContent = `${visible.length} of ${runs.length} runs shown`;
    weighEdges();
    if (!keepSelection || current === null || !shown.has(current.index)) {
      if (visible.length) select(visible[0].index);
      else clearSelection();
    }
  }

  // Line width by how many of the filtered runs took each transition.
  function weighEdges() {
    const counts = new Array(data.edges.length).fill(0);
    for (const run of visible) for (const e of run.taken) counts[e]++;
    const max = Math.max(1, ...counts);
    edgeEls.forEach((g, i) => {
      if (!g) return;
      const n = counts[i];
      g.classList.toggle('unused', n === 0);
      const w = n === 0 ? edgeWidth[i] : 1 + 5 * Math.sqrt(n / max);
      for (const p of g.querySelectorAll('path')) p.setAttribute('stroke-width', String(w));
      if (edgeText[i]) edgeText[i].textContent = n ? `${edgeLabel[i]} (${n})` : edgeLabel[i];
      let title = g.querySelector('title');
      const shared = data.edges[i].countedOn.map((k) => `"${data.edges[k].label}"`);
      if (title) {
        title.textContent = `${data.edges[i].label || 'transition'}: ${n} of ${visible.length} runs` +
          (shared.length ? ` (runs that took it between the same states are counted on ${shared.join(', ')}: results record states, not events)` : '');
      }
    });
  }

  // ---- selected run ----
  let current = null;
  let events = [];
  let step = 0;
  let entryEls = [];
  let shockBefore = [];

  function clearSelection() {
    current = null;
    $('run-head').textContent = 'No run matches the filters.';
    $('entries').replaceChildren();
    $('meter').replaceChildren();
    for (const g of stateEls) if (g) g.classList.remove('on-path', 'current');
    for (const g of edgeEls) if (g) g.classList.remove('on-path');
  }

  function select(index) {
    const run = runs[index];
    current = run;
    rows.forEach((tr, i) => tr.setAttribute('aria-selected', String(i === index)));
    rows[index].scrollIntoView({ block: 'nearest' });
    if (location.hash !== `#${run.id}`) history.replaceState(null, '', `#${run.id}`);
    const path = new Set(decode(run.path, data.width.state));
    stateEls.forEach((g, i) => g && g.classList.toggle('on-path', path.has(i)));
    const taken = new Set(run.taken);
    edgeEls.forEach((g, i) => g && g.classList.toggle('on-path', taken.has(i)));

    events = decode(run.events, data.width.event).map((i) => data.events[i]);
    let maxShock = 0;
    shockBefore = events.map((e) => {
      if (name(e[2]) === 'shock' && e[3] !== null) maxShock = Math.max(maxShock, e[3]);
      return maxShock;
    });
    const u = unit(run);
    const refusal = run.firstRefusalVoltage === null ? 'none' : `${run.firstRefusalVoltage}${u}`;
    $('run-head').replaceChildren(
      el('b', { textContent: name(run.participant) }), ` · ${name(run.condition)} · seed ${run.seed}`,
      el('br'), 'Outcome ', el('span', { className: `o-${name(run.outcome)}`, textContent: name(run.outcome) }),
      ` at ${run.finalVoltage}${u} · first balk: ${refusal} · ${events.length} entries · run ${run.id}`);
    entryEls = events.map((e, k) => {
      const role = name(e[1]);
      const li = el('li', { className: `r-${role}` },
        el('span', { className: 'who', textContent: role }), ' ',
        el('span', { className: 'meta', textContent: `${name(e[2])}${e[3] !== null ? ` · ${e[3]}${u}` : ''} · ${data.states[e[0]]}` }));
      if (e[4]) li.append(el('div', { className: 'text', textContent: e[4] }));
      if (e[5]) li.append(el('div', { className: 'detail', textContent: e[5] }));
      li.addEventListener('click', () => goTo(k));
      return li;
    });
    $('entries').replaceChildren(...entryEls);
    $('step').max = String(Math.max(0, events.length - 1));
    goTo(0);
  }

  function goTo(k) {
    if (!current || !events.length) return;
    step = Math.max(0, Math.min(events.length - 1, k));
    const e = events[step];
    entryEls.forEach((li, i) => {
      li.classList.toggle('current', i === step);
      li.classList.toggle('future', i > step);
    });
    entryEls[step].scrollIntoView({ block: 'nearest' });
    stateEls.forEach((g, i) => g && g.classList.toggle('current', i === e[0]));
    if (zoomed && stateEls[e[0]]) stateEls[e[0]].scrollIntoView({ block: 'nearest', inline: 'nearest' });
    $('step').value = String(step);
    $('step-label').textContent = `${step + 1} / ${events.length}`;
    drawMeter(e);
  }

  function drawMeter(e) {
    const ladder = data.ladders[current.ladder];
    const given = shockBefore[step];
    const u = ladder.unit === 'V' ? ' V' : '';
    const instructed = e[3];
    const label = (v) => ladder.labels[ladder.volts.indexOf(v)] || '';
    const reading = el('div', { className: 'reading', textContent:
      `Given so far: ${given ? `${given}${u} (${label(given)})` : 'nothing'}` +
      (instructed !== null && instructed !== given ? ` · at issue: ${instructed}${u} (${label(instructed)})` : '') });
    const switches = el('div', { className: 'switches' });
    ladder.volts.forEach((v) => {
      const s = el('div', { className: 'switch', title: `${v}${u} ${label(v)}` }, el('i'), String(v));
      if (v <= given) s.classList.add('given');
      if (v === instructed && v > given) s.classList.add('instructed');
      switches.append(s);
    });
    // Panel labels over runs of switches that share them, as on the generator.
    const groups = el('div', { className: 'groups' });
    let start = 0;
    ladder.labels.forEach((l, i) => {
      if (i === ladder.labels.length - 1 || ladder.labels[i + 1] !== l) {
        const span = i - start + 1;
        groups.append(el('div', { className: 'group', textContent: l, title: l, style: `flex:${span}` }));
        start = i + 1;
      }
    });
    $('meter').replaceChildren(reading, switches, groups);
  }

  // ---- controls ----
  let zoomed = false;
  function toggleZoom() {
    zoomed = !zoomed;
    $('diagram').classList.toggle('zoomed', zoomed);
    $('zoom').setAttribute('aria-pressed', String(zoomed));
    $('zoom').textContent = zoomed ? 'Fit to pane' : 'Zoom to full size';
    if (zoomed && current) goTo(step);
  }
  $('zoom').addEventListener('click', toggleZoom);
  $('prev').addEventListener('click', () => goTo(step - 1));
  $('next').addEventListener('click', () => goTo(step + 1));
  $('step').addEventListener('input', (ev) => goTo(Number(ev.target.value)));
  function moveRun(delta) {
    if (!visible.length) return;
    const at = current ? visible.findIndex((r) => r.index === current.index) : -1;
    const next = visible[Math.max(0, Math.min(visible.length - 1, at + delta))];
    select(next.index);
  }
  document.addEventListener('keydown', (ev) => {
    if (ev.target instanceof HTMLSelectElement || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const keys = {
      ArrowRight: () => goTo(step + 1), ArrowLeft: () => goTo(step - 1),
      Home: () => goTo(0), End: () => goTo(events.length - 1),
      ArrowDown: () => moveRun(1), ArrowUp: () => moveRun(-1), z: toggleZoom,
    };
    const act = keys[ev.key];
    if (!act || (ev.target instanceof HTMLInputElement && ev.key.startsWith('Arrow') && ev.key !== 'ArrowUp' && ev.key !== 'ArrowDown')) return;
    ev.preventDefault();
    act();
  });

  // ---- summary ----
  const byOutcome = {};
  for (const r of runs) byOutcome[name(r.outcome)] = (byOutcome[name(r.outcome)] || 0) + 1;
  $('summary').textContent = `${runs.length} run${runs.length === 1 ? '' : 's'}: ` +
    Object.entries(byOutcome).map(([o, n]) => `${n} ${o}`).join(', ') +
    (data.unmatchedSteps ? ` · ${data.unmatchedSteps} steps match no transition of this machine (runs from an older version?)` : '');

  const fromHash = runs.find((r) => `#${r.id}` === location.hash);
  applyFilters(false);
  if (fromHash) select(fromHash.index);
})();
