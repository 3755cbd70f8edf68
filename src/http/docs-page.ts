// The interactive API docs: a self-contained page (no CDN) that renders /api/openapi.json and
// sends requests with a token typed into the page. The token lives in sessionStorage and goes
// only into the Authorization header, never into a URL.

export const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nghe API</title>
<link rel="stylesheet" href="/api/docs/docs.css">
</head>
<body>
<header>
  <h1>nghe API</h1>
  <form id="token-form" autocomplete="off">
    <label for="token">Bearer token</label>
    <input id="token" type="password" spellcheck="false" placeholder="nghe_…">
    <button type="button" id="forget">Forget</button>
  </form>
</header>
<main id="operations" aria-live="polite"><p>Loading the API description…</p></main>
<script src="/api/docs/docs.js" defer></script>
</body>
</html>
`;

export const DOCS_CSS = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1f24; background: #f6f7f9; }
header { position: sticky; top: 0; background: #12355b; color: #fff; padding: .6rem 1rem;
  display: flex; gap: 1.5rem; align-items: center; flex-wrap: wrap; }
header h1 { font-size: 1.2rem; margin: 0; }
header input { width: 22rem; max-width: 60vw; }
main { max-width: 60rem; margin: 1rem auto; padding: 0 1rem; }
h2 { text-transform: capitalize; border-bottom: 1px solid #ccd; }
details { background: #fff; border: 1px solid #d5d9e0; border-radius: 6px; margin: .4rem 0; }
summary { padding: .4rem .6rem; cursor: pointer; }
summary code { font-weight: 600; }
.method { display: inline-block; width: 4.2rem; font-weight: 700; text-transform: uppercase; }
.get { color: #1363b4; } .post { color: #17803d; } .patch { color: #a35b00; } .delete { color: #b3261e; }
.op { padding: .2rem .8rem .8rem; }
.op label { display: block; margin-top: .4rem; font-size: .9rem; }
.op input, .op textarea { width: 100%; box-sizing: border-box; font: 13px monospace; }
.op textarea { min-height: 6rem; }
pre { background: #0f1720; color: #e6edf3; padding: .6rem; overflow: auto; max-height: 24rem; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
`;

export const DOCS_JS = `'use strict';
(function () {
  var KEY = 'nghe.docs.token';
  var tokenInput = document.getElementById('token');
  tokenInput.value = sessionStorage.getItem(KEY) || '';
  tokenInput.addEventListener('input', function () { sessionStorage.setItem(KEY, tokenInput.value); });
  document.getElementById('forget').addEventListener('click', function () {
    sessionStorage.removeItem(KEY); tokenInput.value = '';
  });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  // Descriptions mark code with backticks, as Markdown does: shown as <code>, never literally.
  var TICK = String.fromCharCode(96);
  function prose(tag, text, attrs) {
    var node = el(tag, attrs || {});
    String(text || '').split(TICK).forEach(function (part, i) {
      if (part === '') return;
      node.appendChild(i % 2 === 1 ? el('code', { text: part }) : document.createTextNode(part));
    });
    return node;
  }

  function exampleOf(schema) {
    if (!schema) return null;
    if (schema.default !== undefined) return schema.default;
    if (schema.enum) return schema.enum[0];
    if (schema.anyOf) return exampleOf(schema.anyOf[0]);
    switch (schema.type) {
      case 'object':
        var out = {};
        (schema.required || []).forEach(function (k) { out[k] = exampleOf(schema.properties[k]); });
        return out;
      case 'array': return [];
      case 'integer': case 'number': return 1;
      case 'boolean': return true;
      default: return '';
    }
  }

  function render(doc) {
    var main = document.getElementById('operations');
    main.textContent = '';
    main.appendChild(prose('p', doc.info.description));
    var byTag = {};
    Object.keys(doc.paths).forEach(function (path) {
      Object.keys(doc.paths[path]).forEach(function (method) {
        var op = doc.paths[path][method];
        var tag = (op.tags && op.tags[0]) || 'other';
        (byTag[tag] = byTag[tag] || []).push({ path: path, method: method, op: op });
      });
    });
    Object.keys(byTag).forEach(function (tag) {
      main.appendChild(el('h2', { text: tag }));
      byTag[tag].forEach(function (entry) { main.appendChild(operation(entry)); });
    });
  }

  function operation(entry) {
    var op = entry.op;
    var inputs = [];
    var body = el('div', { class: 'op' });
    body.appendChild(prose('p', op.summary || ''));
    (op.parameters || []).forEach(function (p) {
      var id = op.operationId + '-' + p.in + '-' + p.name;
      var input = el('input', { id: id, placeholder: p.schema && p.schema.default !== undefined ? String(p.schema.default) : '' });
      inputs.push({ param: p, input: input });
      body.appendChild(prose('label', p.name + ' (' + p.in + (p.required ? ', required' : '') + ')' + (p.description ? ': ' + p.description : ''), { for: id }));
      body.appendChild(input);
    });
    var textarea = null, mediaType = null;
    if (op.requestBody) {
      mediaType = Object.keys(op.requestBody.content)[0];
      var schema = op.requestBody.content[mediaType].schema;
      var id = op.operationId + '-body';
      textarea = el('textarea', { id: id });
      textarea.value = mediaType === 'application/json' ? JSON.stringify(exampleOf(schema), null, 2) : 'url,kind,title\\n';
      body.appendChild(el('label', { for: id, text: 'body (' + mediaType + ')' }));
      body.appendChild(textarea);
    }
    var output = el('pre', { hidden: '' });
    var send = el('button', { type: 'button', text: 'Send' });
    send.addEventListener('click', function () {
      var path = entry.path, query = new URLSearchParams();
      for (var i = 0; i < inputs.length; i++) {
        var p = inputs[i].param, value = inputs[i].input.value;
        if (p.in === 'path') path = path.replace('{' + p.name + '}', encodeURIComponent(value));
        else if (value !== '') query.append(p.name, value);
      }
      var headers = {};
      if (tokenInput.value) headers.Authorization = 'Bearer ' + tokenInput.value;
      var init = { method: entry.method.toUpperCase(), headers: headers };
      if (textarea) { headers['Content-Type'] = mediaType; init.body = textarea.value; }
      var qs = query.toString();
      output.hidden = false;
      output.textContent = '…';
      if (op.responses && op.responses['200'] && op.responses['200'].content && op.responses['200'].content['text/event-stream']) {
        streamInto(path + (qs ? '?' + qs : ''), init, output);
        return;
      }
      fetch(path + (qs ? '?' + qs : ''), init).then(function (res) {
        return res.text().then(function (text) {
          var shown = text;
          try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (e) {}
          output.textContent = res.status + ' ' + res.statusText + '\\n\\n' + shown;
        });
      }).catch(function (error) { output.textContent = String(error); });
    });
    body.appendChild(send);
    body.appendChild(output);
    var summary = el('summary', {}, [
      el('span', { class: 'method ' + entry.method, text: entry.method }),
      el('code', { text: entry.path }),
    ]);
    return el('details', {}, [summary, body]);
  }

  // EventSource cannot send headers, so streams are read with fetch; stops after a minute.
  function streamInto(url, init, output) {
    var controller = new AbortController();
    init.signal = controller.signal;
    setTimeout(function () { controller.abort(); }, 60000);
    fetch(url, init).then(function (res) {
      output.textContent = res.status + ' ' + res.statusText + ' (listening for one minute)\\n\\n';
      var reader = res.body.getReader(), decoder = new TextDecoder();
      function pump() {
        return reader.read().then(function (part) {
          if (part.done) return;
          output.textContent += decoder.decode(part.value, { stream: true });
          return pump();
        });
      }
      return pump();
    }).catch(function (error) { output.textContent += '\\n' + String(error); });
  }

  fetch('/api/openapi.json').then(function (res) { return res.json(); }).then(render).catch(function (error) {
    document.getElementById('operations').textContent = 'Cannot load the API description: ' + error;
  });
})();
`;
