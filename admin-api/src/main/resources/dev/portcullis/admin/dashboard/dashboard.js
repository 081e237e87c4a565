/*
 * Portcullis security dashboard.
 *
 * Signs in with an admin token that lives in one variable of this script only (never in storage, a
 * cookie or the URL, so closing or reloading the tab forgets it), polls the admin API every 2 s while
 * the tab is visible, and renders what it gets with DOM text nodes and SVG elements: data never goes
 * through innerHTML. The page is served under "Content-Security-Policy: default-src 'self'", which is
 * why everything lives in this file and dashboard.css, with no inline script, style or eval.
 */
(() => {
  'use strict';

  const API = '/admin/';
  const POLL_MS = 2000;
  const BUCKET_MS = 10000;
  const WINDOW_BUCKETS = 60; // ten minutes of 10 s intervals
  const CHECKLIST_EVERY = 15; // polls; the checklist follows configuration, which rarely changes
  const EVENT_LIMIT = 50;
  const TOP_OFFENDERS = 10;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const TOKEN_SHAPE = /^[\x21-\x7e]{1,8192}$/;

  const numbers = new Intl.NumberFormat('en');
  const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  const dateAndClock = new Intl.DateTimeFormat(undefined, {
    month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  });

  /** The admin API answered with an error status. */
  class HttpError extends Error {
    constructor(status) {
      super('HTTP ' + status);
      this.status = status;
    }
  }

  /** The admin API refused the token: 401 (not valid) or 403 (valid, not an admin). */
  class AuthError extends HttpError {}

  /** Two counts per 10 s interval, kept for the last ten minutes only. */
  class Series {
    constructor() {
      this.buckets = new Map();
    }

    add(now, first, second) {
      const key = Math.floor(now / BUCKET_MS);
      const bucket = this.buckets.get(key) || { first: 0, second: 0 };
      bucket.first += first;
      bucket.second += second;
      this.buckets.set(key, bucket);
      for (const old of this.buckets.keys()) {
        if (old <= key - WINDOW_BUCKETS) {
          this.buckets.delete(old);
        }
      }
    }

    /** Oldest first, one entry per interval of the window ending now, empty intervals included. */
    window(now) {
      const last = Math.floor(now / BUCKET_MS);
      const out = [];
      for (let key = last - WINDOW_BUCKETS + 1; key <= last; key++) {
        const bucket = this.buckets.get(key) || { first: 0, second: 0 };
        out.push({ start: key * BUCKET_MS, first: bucket.first, second: bucket.second });
      }
      return out;
    }

    clear() {
      this.buckets.clear();
    }
  }

  const $ = (id) => document.getElementById(id);

  const state = {
    token: null, // the admin token: this is the only place it is kept
    session: 0, // bumped on every sign-in and sign-out, so a late answer for an old session is dropped
    timer: null,
    inFlight: false,
    again: false,
    polls: 0,
    previous: null, // the counters of the last poll, for deltas
    countingSince: null,
    lastUpdate: null,
    handshakes: new Series(),
    messages: new Series(),
    drawn: new Map(), // what each panel last showed, so an unchanged panel is left alone
  };

  // ---- talking to the admin API ----

  async function api(path, init) {
    const response = await fetch(API + path, {
      method: 'GET',
      ...init,
      headers: { Authorization: 'Bearer ' + state.token, Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
    if (response.status === 401 || response.status === 403) {
      throw new AuthError(response.status);
    }
    if (!response.ok) {
      throw new HttpError(response.status);
    }
    return response.status === 204 ? null : response.json();
  }

  /** The checklist is a side panel: when only it fails, the rest of the page still updates. */
  function checklistOrNull() {
    return api('checklist').catch((error) => {
      if (error instanceof AuthError) {
        throw error;
      }
      return null;
    });
  }

  async function refresh(withChecklist) {
    const session = state.session;
    // The statistics first: a refused token then costs one request, not four.
    const stats = await api('websocket-security');
    const [blocks, events, checklist] = await Promise.all([
      api('blocks'),
      api('events?limit=' + EVENT_LIMIT),
      withChecklist ? checklistOrNull() : Promise.resolve(undefined),
    ]);
    if (session !== state.session) {
      return;
    }
    const now = Date.now();
    record(stats, now);
    renderNumbers(stats);
    renderCharts(now);
    renderBreakdowns(stats);
    renderBlocks(list(blocks && blocks.blocks));
    renderEvents(list(events && events.events));
    renderOffenders(stats);
    if (checklist !== undefined) {
      renderChecklist(checklist);
    }
    $('generated-at').textContent = formatWhen(stats.generatedAt);
    state.lastUpdate = new Date(now);
  }

  // ---- polling ----

  async function tick() {
    clearTimeout(state.timer);
    state.timer = null;
    if (state.token === null) {
      return;
    }
    if (state.inFlight) {
      state.again = true;
      return;
    }
    const session = state.session;
    state.inFlight = true;
    try {
      await refresh(state.polls % CHECKLIST_EVERY === 0);
      state.polls++;
      if (session === state.session) {
        setStatus('live', 'Live');
      }
    } catch (error) {
      if (session === state.session) {
        if (error instanceof AuthError) {
          signOut(authMessage(error.status, true));
        } else {
          setStatus('stale', 'Cannot reach the admin API, retrying');
        }
      }
    } finally {
      state.inFlight = false;
    }
    if (state.token === null || document.hidden) {
      return;
    }
    if (state.again) {
      state.again = false;
      tick();
    } else if (state.timer === null) {
      state.timer = setTimeout(tick, POLL_MS);
    }
  }

  function onVisibilityChange() {
    if (state.token === null) {
      return;
    }
    if (document.hidden) {
      clearTimeout(state.timer);
      state.timer = null;
      // Counts that pile up while hidden would land in one interval and draw a false spike.
      state.previous = null;
      setStatus('paused', 'Paused while the tab is hidden');
    } else {
      tick();
    }
  }

  /**
   * The state in a live region, announced only when it changes; the time of the last update beside it,
   * outside the region, so that a screen reader is not told the time every two seconds.
   */
  function setStatus(kind, text) {
    $('status').className = 'status ' + kind;
    const region = $('status-text');
    if (region.textContent !== text) {
      region.textContent = text;
    }
    $('status-time').textContent = state.lastUpdate ? '· updated ' + clock.format(state.lastUpdate) : '';
  }

  // ---- signing in and out ----

  function authMessage(status, wasSignedIn) {
    if (status === 403) {
      return 'This token is valid but does not carry the admin role (403). Sign in with an admin token.';
    }
    return wasSignedIn
      ? 'The admin API no longer accepts this token (401). Sign in again.'
      : 'That token was not accepted (401). Check it and try again.';
  }

  async function signIn(event) {
    event.preventDefault();
    const input = $('token');
    const candidate = input.value.trim();
    input.value = '';
    if (candidate === '') {
      showLoginError('Enter the admin token.');
      return;
    }
    if (!TOKEN_SHAPE.test(candidate)) {
      // An HTTP header cannot carry it, so no server could accept it: say so rather than fail to send.
      showLoginError('That is not a token: a token is one word of printable ASCII characters.');
      return;
    }
    const button = $('sign-in');
    button.disabled = true;
    hideLoginError();
    state.token = candidate;
    state.session++;
    const session = state.session;
    try {
      state.countingSince = new Date();
      await refresh(true);
      state.polls = 1;
      if (session !== state.session) {
        return;
      }
      $('login').hidden = true;
      $('dashboard').hidden = false;
      $('sign-out').hidden = false;
      setStatus('live', 'Live');
      if (!document.hidden) {
        state.timer = setTimeout(tick, POLL_MS);
      }
    } catch (error) {
      if (session === state.session) {
        forget();
        showLoginError(error instanceof AuthError
          ? authMessage(error.status, false)
          : 'Could not reach the admin API (' + error.message + '). Check that this address may reach /admin.');
      }
    } finally {
      button.disabled = false;
    }
  }

  function signOut(message) {
    forget();
    $('dashboard').hidden = true;
    $('sign-out').hidden = true;
    $('login').hidden = false;
    setStatus('', 'Signed out');
    if (message) {
      showLoginError(message);
    } else {
      hideLoginError();
    }
    $('token').focus();
  }

  /** Drops the token and everything learnt with it. */
  function forget() {
    state.token = null;
    state.session++;
    clearTimeout(state.timer);
    state.timer = null;
    state.again = false;
    state.previous = null;
    state.lastUpdate = null;
    state.handshakes.clear();
    state.messages.clear();
    state.drawn.clear();
    for (const id of ['blocks-table', 'events-table', 'offenders-table']) {
      $(id).tBodies[0].replaceChildren();
    }
    for (const id of ['checklist-attention', 'checklist-passed', 'handshake-reasons', 'message-codes',
      'chart-handshakes', 'chart-messages']) {
      $(id).replaceChildren();
    }
    $('checklist-passed-group').hidden = true;
    $('checklist-summary').textContent = '';
    $('blocks-message').hidden = true;
  }

  function showLoginError(text) {
    const error = $('login-error');
    error.textContent = text;
    error.hidden = false;
    $('token').focus();
  }

  function hideLoginError() {
    $('login-error').hidden = true;
  }

  // ---- numbers and charts ----

  function record(stats, now) {
    const connections = stats.connections || {};
    const messages = stats.messages || {};
    const counters = {
      admitted: count(connections.accepted),
      refused: count(connections.rejected),
      accepted: count(messages.accepted),
      rejected: count(messages.rejected),
    };
    const previous = state.previous;
    if (previous !== null) {
      // A counter that went down means the node restarted: count nothing for that interval.
      const delta = (name) => Math.max(0, counters[name] - previous[name]);
      state.handshakes.add(now, delta('admitted'), delta('refused'));
      state.messages.add(now, delta('accepted'), delta('rejected'));
    }
    state.previous = counters;
  }

  function renderNumbers(stats) {
    const connections = stats.connections || {};
    const messages = stats.messages || {};
    setNumber('active-connections', connections.active);
    setNumber('accepted-connections', connections.accepted);
    setNumber('rejected-connections', connections.rejected);
    setNumber('failed-auths', stats.failedAuth && stats.failedAuth.total);
    setNumber('messages-received', messages.received);
    setNumber('messages-accepted', messages.accepted);
    setNumber('messages-rejected', messages.rejected);
    setNumber('blocked-count', stats.blockedIps && stats.blockedIps.count);
  }

  function setNumber(id, value) {
    $(id).textContent = typeof value === 'number' ? numbers.format(value) : '–';
  }

  function renderCharts(now) {
    drawChart($('chart-handshakes'), state.handshakes.window(now), 'admitted', 'refused', 'bar-good', 'bar-bad');
    drawChart($('chart-messages'), state.messages.window(now), 'accepted', 'refused', 'bar-info', 'bar-warn');
    summarise('chart-handshakes-summary', state.handshakes.window(now), 'admitted', 'refused', now);
    summarise('chart-messages-summary', state.messages.window(now), 'accepted', 'refused', now);
  }

  function summarise(id, buckets, firstName, secondName, now) {
    const first = buckets.reduce((sum, b) => sum + b.first, 0);
    const second = buckets.reduce((sum, b) => sum + b.second, 0);
    const span = now - state.countingSince.getTime() < WINDOW_BUCKETS * BUCKET_MS
      ? 'since ' + clock.format(state.countingSince)
      : 'in the last 10 minutes';
    $(id).textContent = numbers.format(first) + ' ' + firstName + ', ' + numbers.format(second) + ' '
      + secondName + ' ' + span + '.';
  }

  /** Stacked bars, one per interval, on a 600 × 180 view box. */
  function drawChart(svg, buckets, firstName, secondName, firstClass, secondClass) {
    const left = 40;
    const right = 592;
    const top = 8;
    const bottom = 156;
    const slot = (right - left) / buckets.length;
    const peak = Math.max(1, ...buckets.map((b) => b.first + b.second));
    const ceiling = niceCeiling(peak);
    const y = (value) => bottom - (value / ceiling) * (bottom - top);
    const children = [];
    for (const value of Number.isInteger(ceiling / 2) ? [0, ceiling / 2, ceiling] : [0, ceiling]) {
      children.push(svgElement('line', { class: 'grid', x1: left, x2: right, y1: y(value), y2: y(value) }));
      const label = svgElement('text', { class: 'axis', x: left - 6, y: y(value) + 4, 'text-anchor': 'end' });
      label.textContent = numbers.format(value);
      children.push(label);
    }
    buckets.forEach((bucket, index) => {
      if (bucket.first + bucket.second === 0) {
        return;
      }
      const x = left + index * slot + slot * 0.15;
      const width = slot * 0.7;
      const group = svgElement('g', {});
      const title = svgElement('title', {});
      title.textContent = clock.format(new Date(bucket.start)) + ': ' + bucket.first + ' ' + firstName + ', '
        + bucket.second + ' ' + secondName;
      group.append(title);
      if (bucket.first > 0) {
        group.append(svgElement('rect', { class: firstClass, x, width, y: y(bucket.first), height: bottom - y(bucket.first) }));
      }
      if (bucket.second > 0) {
        const base = y(bucket.first);
        group.append(svgElement('rect', { class: secondClass, x, width, y: y(bucket.first + bucket.second), height: base - y(bucket.first + bucket.second) }));
      }
      children.push(group);
    });
    for (const [fraction, text, anchor] of [[0, '−10 min', 'start'], [0.5, '−5 min', 'middle'], [1, 'now', 'end']]) {
      const label = svgElement('text', { class: 'axis', x: left + fraction * (right - left), y: 174, 'text-anchor': anchor });
      label.textContent = text;
      children.push(label);
    }
    svg.replaceChildren(...children);
  }

  function niceCeiling(value) {
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 5, 10]) {
      if (value <= step * magnitude) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  function svgElement(name, attributes) {
    const element = document.createElementNS(SVG_NS, name);
    for (const [key, value] of Object.entries(attributes)) {
      element.setAttribute(key, String(value));
    }
    return element;
  }

  function renderBreakdowns(stats) {
    renderPills($('handshake-reasons'), stats.connections && stats.connections.rejectedByReason);
    renderPills($('message-codes'), stats.messages && stats.messages.rejectedByCode);
  }

  /** Whether data differs from what the named panel shows now; remembers it when it does. */
  function changed(name, data) {
    const signature = JSON.stringify(data === undefined ? null : data);
    if (state.drawn.get(name) === signature) {
      return false;
    }
    state.drawn.set(name, signature);
    return true;
  }

  function renderPills(target, counts) {
    if (!changed(target.id, counts)) {
      return;
    }
    const entries = Object.entries(counts || {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    if (entries.length === 0) {
      target.replaceChildren(element('li', { class: 'empty' }, 'none'));
      return;
    }
    target.replaceChildren(...entries.map(([code, n]) =>
      element('li', { 'data-code': code }, code, element('span', { class: 'count' }, numbers.format(n)))));
  }

  // ---- tables ----

  /**
   * Rows are kept per target and updated in place, so that a poll never replaces a Lift button under a
   * keyboard user's focus or a pointer about to click it.
   */
  function renderBlocks(blocks) {
    const body = $('blocks-table').tBodies[0];
    const existing = new Map();
    for (const row of body.rows) {
      if (row.dataset.target !== undefined) {
        existing.set(row.dataset.target, row);
      }
    }
    const rows = blocks.map((block) => {
      const target = String(block.target);
      const row = existing.get(target) || blockRow(target);
      const cells = [target, block.kind || '', block.reason || '', formatWhen(block.since),
        formatLeft(block.secondsLeft, block.until)];
      cells.forEach((text, index) => {
        if (row.cells[index].textContent !== text) {
          row.cells[index].textContent = text;
        }
      });
      return row;
    });
    if (rows.length === 0) {
      setRows($('blocks-table'), rows, 6, 'No active blocks.');
    } else if (rows.length !== body.rows.length || rows.some((row, index) => body.rows[index] !== row)) {
      body.replaceChildren(...rows);
    }
  }

  function blockRow(target) {
    const button = element('button', { type: 'button', class: 'button-danger', 'aria-label': 'Lift the block on ' + target }, 'Lift');
    button.addEventListener('click', () => lift(target, button));
    return element('tr', { 'data-target': target },
      element('td', { class: 'mono' }),
      element('td', {}),
      element('td', {}),
      element('td', { class: 'when' }),
      element('td', { class: 'when' }),
      element('td', { class: 'action' }, button));
  }

  async function lift(target, button) {
    if (!window.confirm('Lift the block on ' + target + '? It can connect again at once.')) {
      return;
    }
    button.disabled = true;
    const session = state.session;
    try {
      await api('blocks/' + encodeURIComponent(target), { method: 'DELETE' });
      if (session !== state.session) {
        return;
      }
      button.closest('tr').remove();
      notice('Lifted the block on ' + target + '.', false);
      tick();
    } catch (error) {
      if (session !== state.session) {
        return;
      }
      if (error instanceof AuthError) {
        signOut(authMessage(error.status, true));
        return;
      }
      if (error instanceof HttpError && error.status === 404) {
        button.closest('tr').remove();
        notice('The block on ' + target + ' had already ended.', false);
        tick();
        return;
      }
      button.disabled = false;
      notice('Could not lift the block on ' + target + ' (' + error.message + ').', true);
    }
  }

  function notice(text, isError) {
    const message = $('blocks-message');
    message.textContent = text;
    message.className = isError ? 'notice error' : 'notice';
    message.hidden = false;
  }

  function renderEvents(events) {
    if (!changed('events', events)) {
      return;
    }
    const rows = events.map((event) => element('tr', { 'data-kind': String(event.event || '') },
      element('td', { class: 'when' }, formatWhen(event.time)),
      element('td', {}, element('span', { class: 'kind ' + kindClass(event.event) }, event.event || 'event')),
      element('td', { class: 'mono' }, event.address || ''),
      element('td', {}, eventDetail(event))));
    setRows($('events-table'), rows, 4, 'No security events yet.');
  }

  function kindClass(kind) {
    const text = String(kind || '');
    if (text === 'admin_change') {
      return 'kind-admin';
    }
    if (text === 'address_unblocked') {
      return 'kind-unblock';
    }
    if (text === 'address_blocked' || text === 'suspicious_activity') {
      return 'kind-block';
    }
    if (text === 'authentication_failed') {
      return 'kind-auth';
    }
    return text.includes('refused') ? 'kind-refused' : '';
  }

  function eventDetail(event) {
    const parts = [];
    if (event.event === 'admin_change') {
      parts.push([event.action, event.target].filter(Boolean).join(' '));
      if (event.actor) {
        parts.push('by ' + event.actor);
      }
    }
    if (event.reason) {
      parts.push(String(event.reason));
    }
    if (event.subject) {
      parts.push('subject ' + event.subject);
    }
    if (typeof event.score === 'number') {
      parts.push('score ' + event.score);
    }
    if (event.until) {
      parts.push('until ' + formatWhen(event.until));
    }
    return parts.filter(Boolean).join(' · ');
  }

  function renderOffenders(stats) {
    if (!changed('offenders', [stats.failedAuth && stats.failedAuth.byAddress, stats.suspicious])) {
      return;
    }
    const byAddress = new Map();
    const entry = (address) => {
      if (!byAddress.has(address)) {
        byAddress.set(address, { address, failed: 0, score: 0, reasons: new Set() });
      }
      return byAddress.get(address);
    };
    for (const failed of list(stats.failedAuth && stats.failedAuth.byAddress)) {
      if (failed.address) {
        entry(String(failed.address)).failed += count(failed.count);
      }
    }
    for (const report of list(stats.suspicious)) {
      if (report.address) {
        const offender = entry(String(report.address));
        offender.score = Math.max(offender.score, count(report.score));
        list(report.reasons).forEach((reason) => offender.reasons.add(String(reason)));
      }
    }
    const top = [...byAddress.values()]
      .sort((a, b) => (b.failed + b.score) - (a.failed + a.score) || a.address.localeCompare(b.address))
      .slice(0, TOP_OFFENDERS);
    const rows = top.map((offender) => element('tr', { 'data-address': offender.address },
      element('td', { class: 'mono' }, offender.address),
      element('td', { class: 'num' }, numbers.format(offender.failed)),
      element('td', { class: 'num' }, numbers.format(offender.score)),
      element('td', {}, offender.failed > 0 && offender.reasons.size === 0
        ? 'failed authentication'
        : [...offender.reasons].join(', '))));
    setRows($('offenders-table'), rows, 4, 'No offending addresses.');
  }

  /** Failed and warned checks first and always shown; the passed ones folded away beneath them. */
  function renderChecklist(checklist) {
    if (!changed('checklist', checklist)) {
      return;
    }
    const attention = $('checklist-attention');
    const passedList = $('checklist-passed');
    const passedGroup = $('checklist-passed-group');
    const summary = $('checklist-summary');
    if (checklist === null) {
      attention.replaceChildren(element('li', { class: 'empty' }, 'The checklist is unavailable right now.'));
      passedList.replaceChildren();
      passedGroup.hidden = true;
      summary.textContent = '';
      return;
    }
    const items = list(checklist.items).map((item) => ({ ...item, status: String(item.status || '').toLowerCase() }));
    const open = items.filter((item) => item.status !== 'pass')
      .sort((a, b) => Number(b.status === 'fail') - Number(a.status === 'fail'));
    const passed = items.filter((item) => item.status === 'pass');
    const warned = count(checklist.warned);
    summary.textContent = count(checklist.failed) + ' failed · ' + warned + (warned === 1 ? ' warning · ' : ' warnings · ')
      + passed.length + ' passed';
    attention.replaceChildren(...(open.length > 0
      ? open.map(checkItem)
      : [element('li', { class: 'empty' }, 'Every check passes.')]));
    passedList.replaceChildren(...passed.map(checkItem));
    passedGroup.hidden = passed.length === 0;
    $('checklist-passed-summary').textContent = passed.length + (passed.length === 1 ? ' check passes' : ' checks pass');
  }

  function checkItem(item) {
    const text = element('div', {},
      element('span', { class: 'title' }, item.title || item.id || ''),
      element('span', { class: 'reason' }, item.reason || ''));
    if (item.variable) {
      text.append(element('code', {}, item.variable));
    }
    return element('li', { 'data-id': String(item.id || ''), 'data-status': item.status },
      element('span', { class: 'badge badge-' + item.status }, item.status || '?'), text);
  }

  function setRows(table, rows, columns, emptyText) {
    const body = table.tBodies[0];
    if (rows.length === 0) {
      body.replaceChildren(element('tr', { class: 'empty' }, element('td', { colspan: columns }, emptyText)));
    } else {
      body.replaceChildren(...rows);
    }
  }

  // ---- small helpers ----

  /** An element with attributes and children; strings become text nodes, never markup. */
  function element(name, attributes, ...children) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) {
      node.setAttribute(key, String(value));
    }
    node.append(...children.map((child) => (child instanceof Node ? child : String(child))));
    return node;
  }

  function list(value) {
    return Array.isArray(value) ? value : [];
  }

  function count(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  }

  function formatWhen(iso) {
    if (!iso) {
      return '';
    }
    const when = new Date(iso);
    if (Number.isNaN(when.getTime())) {
      return String(iso);
    }
    return when.toDateString() === new Date().toDateString() ? clock.format(when) : dateAndClock.format(when);
  }

  function formatLeft(seconds, until) {
    if (typeof seconds !== 'number') {
      return until ? 'until ' + formatWhen(until) : '';
    }
    const total = Math.max(0, Math.round(seconds));
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const rest = total % 60;
    if (hours > 0) {
      return hours + ' h ' + minutes + ' min';
    }
    return minutes > 0 ? minutes + ' min ' + rest + ' s' : rest + ' s';
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', () => signOut(null));
    document.addEventListener('visibilitychange', onVisibilityChange);
    $('token').focus();
  });
})();
