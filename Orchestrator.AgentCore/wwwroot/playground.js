// The playground talks to /invocations exactly as any Runtime client does: POST with
// Accept: text/event-stream, the session header, and `data: <json>` frames back.
const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
const $ = (selector, root = document) => root.querySelector(selector);
const keyInput = $('#api-key');
let sessionId = sessionStorage.getItem('sessionId') ?? crypto.randomUUID();
let config = { traceUrlTemplate: null };

keyInput.value = sessionStorage.getItem('apiKey') ?? '';
keyInput.addEventListener('change', () => sessionStorage.setItem('apiKey', keyInput.value));
$('#new-session').addEventListener('click', () => setSession(crypto.randomUUID()));
$('#ask').addEventListener('submit', (event) => { event.preventDefault(); ask($('#prompt').value.trim()); });
setSession(sessionId);
fetch('playground/config').then((r) => (r.ok ? r.json() : config)).then((c) => { config = c; }).catch(() => {});

function setSession(id) {
  sessionId = id;
  sessionStorage.setItem('sessionId', id);
  $('#session').textContent = `session ${id}`;
}

function ask(prompt) {
  if (!prompt) return;
  $('#prompt').value = '';
  invoke(prompt, { prompt });
}

// One turn of the conversation: `label` is what the user sees as their side of it.
async function invoke(label, body) {
  $('#send').disabled = true;
  const turn = $('#turn-template').content.firstElementChild.cloneNode(true);
  $('.question', turn).textContent = label;
  turn.dataset.session = sessionId;
  $('#conversation').append(turn);
  turn.classList.add('pending');
  try {
    const headers = { ...authHeaders(), Accept: 'text/event-stream', [SESSION_HEADER]: sessionId };
    const response = await fetch('invocations', { method: 'POST', headers, body: JSON.stringify(body) });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(`${response.status} ${problem.title ?? response.statusText}: ${problem.detail ?? ''}`);
    }
    for await (const frame of frames(response.body)) render(turn, frame);
  } catch (error) {
    showError(turn, error.message);
  } finally {
    turn.classList.remove('pending');
    turn.classList.add('done');
    $('#send').disabled = false;
    turn.scrollIntoView({ block: 'end' });
  }
}

// Splits the SSE body into the JSON of each `data:` frame as bytes arrive.
async function* frames(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (data) yield JSON.parse(data);
    }
  }
}

function render(turn, frame) {
  if (frame.error) {
    showError(turn, `${frame.error_type}: ${frame.message}`);
  } else if (frame.type === 'route') {
    const route = $('.route', turn);
    route.hidden = false;
    route.innerHTML = '';
    route.append('route ', Object.assign(document.createElement('b'), { textContent: frame.route }),
      ` · confidence ${Math.round(frame.confidence * 100)}% · ${frame.reason}`);
  } else if (frame.type === 'delta') {
    $('.text', turn).textContent += frame.content;
  } else if (frame.type === 'done') {
    // With an approval pending, the SQL shows below once, not also inside the answer's text.
    $('.text', turn).textContent = frame.approval ? 'This query needs your approval before it runs:' : frame.response;
    if (frame.sql) { $('.sql', turn).hidden = false; $('.sql pre', turn).textContent = frame.sql; }
    if (frame.approval) offerApproval(turn);
    if (frame.results) renderResults($('.results', turn), frame.results);
    if (frame.citations?.length) renderCitations($('.citations', turn), frame.citations);
    if (frame.trace_id) {
      renderTrace($('.trace', turn), frame.trace_id);
      offerFeedback(turn, frame.trace_id);
    }
  }
}

function authHeaders() {
  const headers = { 'Content-Type': 'application/json' };
  if (keyInput.value) headers.Authorization = `Bearer ${keyInput.value}`;
  return headers;
}

// A thumb becomes a Langfuse score on the answer's trace (through agentcore, which checks the answer is ours).
function offerFeedback(turn, traceId) {
  const feedback = $('.feedback', turn);
  feedback.hidden = false;
  for (const button of feedback.querySelectorAll('.thumb')) {
    button.addEventListener('click', async () => {
      for (const thumb of feedback.querySelectorAll('.thumb')) thumb.disabled = true;
      button.classList.add('chosen');
      const status = $('.feedback-status', feedback);
      try {
        const response = await fetch(`sessions/${encodeURIComponent(turn.dataset.session)}/feedback`, {
          method: 'POST', headers: authHeaders(), body: JSON.stringify({ trace_id: traceId, positive: button.dataset.positive === 'true' }),
        });
        if (!response.ok) throw new Error(`${response.status} ${(await response.json().catch(() => ({}))).detail ?? response.statusText}`);
        const receipt = await response.json();
        status.textContent = receipt.forwarded ? 'Thanks, sent to Langfuse' : 'Thanks, saved';
      } catch (error) {
        status.textContent = `Feedback failed: ${error.message}`;
        for (const thumb of feedback.querySelectorAll('.thumb')) thumb.disabled = false;
      }
    });
  }
}

// The workflow paused before running the SQL shown: the decision is the session's next invocation.
function offerApproval(turn) {
  const approval = $('.approval', turn);
  approval.hidden = false;
  for (const [selector, approve, label] of [['.approve', true, 'Approve and run'], ['.decline', false, 'Decline']]) {
    $(selector, approval).addEventListener('click', () => {
      for (const button of approval.querySelectorAll('button')) button.disabled = true;
      invoke(label, { approve });
    });
  }
}

// Results come as {columns, rows} or as an array of row objects.
function renderResults(container, results) {
  const columns = results.columns ?? Object.keys(results[0] ?? {});
  const rows = results.rows ?? results.map((r) => columns.map((c) => r[c]));
  if (!columns.length) return;
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const column of columns) head.append(Object.assign(document.createElement('th'), { textContent: column.name ?? column }));
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = cell ?? '';
  }
  container.replaceChildren(table);
  container.hidden = false;
}

function renderCitations(list, citations) {
  for (const citation of citations) {
    const item = document.createElement('li');
    const title = citation.title ?? citation.source ?? 'source';
    if (citation.url) item.append(Object.assign(document.createElement('a'), { href: citation.url, textContent: title, target: '_blank', rel: 'noopener' }));
    else item.append(title);
    if (citation.snippet) item.append(` — ${citation.snippet}`);
    list.append(item);
  }
  list.hidden = false;
}

function renderTrace(paragraph, traceId) {
  paragraph.hidden = false;
  paragraph.replaceChildren('trace ');
  if (config.traceUrlTemplate) {
    paragraph.append(Object.assign(document.createElement('a'), { href: config.traceUrlTemplate.replace('{traceId}', traceId), textContent: traceId, target: '_blank', rel: 'noopener' }));
  } else {
    paragraph.append(traceId);
  }
}

function showError(turn, message) {
  const error = $('.error', turn);
  error.hidden = false;
  error.textContent = message;
}
