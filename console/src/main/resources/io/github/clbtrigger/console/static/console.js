// The inspector page. Everything it shows comes from untrusted clients and functions: it is only ever put into
// the page as text (textContent, createTextNode), never parsed as HTML. The Content-Security-Policy forbids inline
// script and style, so this file is the page's only script.
'use strict';

(function () {
  const POLL_MS = 250;
  const MAX_ROWS = 1000;
  let last = 0;
  let selected = null;
  let current = null;
  let generation = 0;
  let polling = false;

  const $ = (id) => document.getElementById(id);

  function cell(row, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.classList.add(cls);
    row.appendChild(td);
    return td;
  }

  function statusClass(status) {
    return status >= 100 && status <= 599 ? 's' + Math.floor(status / 100) + 'xx' : 'snone';
  }

  function query() {
    const params = new URLSearchParams();
    const status = $('f-status').value;
    const fn = $('f-function').value.trim();
    const rule = $('f-rule').value.trim();
    if (status) params.set('status', status);
    if (fn) params.set('function', fn);
    if (rule) params.set('rule', rule);
    return params;
  }

  function setLive(ok, text) {
    const live = $('live');
    live.textContent = text;
    live.classList.toggle('ok', ok);
    live.classList.toggle('down', !ok);
  }

  function exchangeRow(e) {
    const row = document.createElement('tr');
    row.dataset.seq = String(e.seq);
    cell(row, e.time.replace('T', ' ').replace(/(\.\d{3})\d*Z$/, '$1').replace(/Z$/, ''));
    cell(row, e.client);
    cell(row, e.host);
    cell(row, e.method);
    cell(row, e.target);
    cell(row, e.rule ? e.rule.locationId : '-');
    cell(row, e.function || '-');
    cell(row, e.status === 0 ? '-' : String(e.status), statusClass(e.status));
    cell(row, e.durationMs.toFixed(1) + ' ms');
    row.addEventListener('click', () => select(e.seq, row));
    return row;
  }

  async function poll() {
    if (polling) return;
    polling = true;
    try {
      await pollOnce();
    } finally {
      polling = false;
    }
  }

  async function pollOnce() {
    const mine = generation;
    const params = query();
    params.set('after', String(last));
    try {
      const answer = await fetch('api/exchanges?' + params.toString(), { cache: 'no-store' });
      if (!answer.ok) throw new Error('HTTP ' + answer.status);
      const data = await answer.json();
      if (mine !== generation) return;
      const body = $('exchanges').tBodies[0];
      for (let i = data.exchanges.length - 1; i >= 0; i--) {
        body.insertBefore(exchangeRow(data.exchanges[i]), body.firstChild);
      }
      while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
      last = Math.max(last, data.last);
      setLive(true, 'live');
    } catch (err) {
      setLive(false, 'disconnected');
    }
  }

  async function loadRoutes() {
    try {
      const answer = await fetch('api/routes', { cache: 'no-store' });
      if (!answer.ok) return;
      const data = await answer.json();
      const body = $('routes').tBodies[0];
      body.replaceChildren();
      for (const r of data.routes) {
        const row = document.createElement('tr');
        cell(row, r.listener + ' (' + r.protocol + ':' + r.port + ')');
        cell(row, r.domain);
        cell(row, r.url);
        cell(row, r.locationId);
        cell(row, r.targets.length === 0 ? '(none bound)'
          : r.targets.map((t) => t.function + ' (' + t.weight + ')').join(', '));
        body.appendChild(row);
      }
    } catch (err) {
      setLive(false, 'disconnected');
    }
  }

  function bodyText(b) {
    if (b.size === 0) return '(empty)';
    let text = b.binary
      ? 'binary, ' + b.size + ' bytes; the first ' + b.hex.split(' ').length + ' bytes:\n' + b.hex
      : b.text;
    if (b.truncated && !b.binary) text += '\n\n[cut: ' + b.kept + ' of ' + b.size + ' bytes kept]';
    return text;
  }

  function headersText(headers, truncated) {
    const lines = headers.map((h) => h[0] + ': ' + h[1]);
    if (truncated) lines.push('[more headers were dropped at the limit]');
    return lines.length === 0 ? '(none)' : lines.join('\n');
  }

  async function select(seq, row) {
    if (selected) selected.classList.remove('selected');
    selected = row;
    row.classList.add('selected');
    try {
      const answer = await fetch('api/exchanges/' + seq, { cache: 'no-store' });
      if (!answer.ok) {
        $('copied').textContent = 'that exchange is no longer kept';
        return;
      }
      show(await answer.json());
    } catch (err) {
      setLive(false, 'disconnected');
    }
  }

  function show(d) {
    current = d;
    $('detail').hidden = false;
    $('copied').textContent = '';
    $('d-id').textContent = d.id;
    $('d-line').textContent = d.method + ' ' + d.target + '  Host: ' + d.host + '  from ' + d.client
      + (d.clientPort ? ':' + d.clientPort : '');
    $('d-rule').textContent = d.rule
      ? d.rule.locationId + '  ' + d.rule.domain + ' ' + d.rule.url + '  (listener ' + d.listener + ')'
      : 'no rule';
    $('d-why').textContent = d.explanation || '-';
    $('d-function').textContent = d.function
      ? d.function + (d.version ? '  version ' + d.version : '')
        + (d.functionMs !== undefined ? '  ' + d.functionMs.toFixed(1) + ' ms' : '')
      : 'none invoked';
    const outcome = $('d-verdict-outcome');
    outcome.classList.remove('refused', 'accepted');
    $('d-verdict-reason').textContent = '';
    $('d-verdict-path').textContent = '';
    if (!d.verdict) {
      outcome.textContent = d.error ? 'no answer decoded (' + d.error + ')' : 'no answer decoded';
    } else if (d.verdict.outcome === 'refused') {
      outcome.textContent = 'refused:';
      outcome.classList.add('refused');
      $('d-verdict-reason').textContent = d.verdict.reason;
      $('d-verdict-path').textContent = 'at ' + d.verdict.path;
    } else {
      outcome.textContent = 'accepted';
      outcome.classList.add('accepted');
    }
    $('d-status').textContent = (d.status === 0 ? 'none reached the client' : String(d.status))
      + '  in ' + d.durationMs.toFixed(1) + ' ms' + (d.error ? '  (' + d.error + ')' : '');
    $('d-request-headers').textContent = headersText(d.request.headers, d.request.headersTruncated);
    $('d-request-body').textContent = bodyText(d.request.body);
    $('d-event').textContent = bodyText(d.event);
    $('d-answer').textContent = bodyText(d.rawAnswer);
    $('d-response-headers').textContent = headersText(d.response.headers, d.response.headersTruncated);
    $('d-response-body').textContent = bodyText(d.response.body);
    $('d-curl').textContent = d.curl
      + (d.curlComplete ? '' : '\n# not an exact copy: the body was cut or is binary, or headers were dropped');
  }

  function copy(text, what) {
    const done = () => { $('copied').textContent = what + ' copied'; };
    const failed = () => { $('copied').textContent = 'the browser refused the clipboard: select the text below'; };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  }

  function refilter() {
    generation++;
    last = 0;
    $('exchanges').tBodies[0].replaceChildren();
    polling = false;
    poll();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('copy-curl').addEventListener('click', () => { if (current) copy(current.curl, 'curl command'); });
    $('copy-event').addEventListener('click', () => {
      if (current) copy(current.event.binary ? current.event.hex : current.event.text, 'event');
    });
    $('f-status').addEventListener('change', refilter);
    $('f-function').addEventListener('change', refilter);
    $('f-rule').addEventListener('change', refilter);
    loadRoutes();
    poll();
    setInterval(poll, POLL_MS);
    setInterval(loadRoutes, 5000);
  });
})();
