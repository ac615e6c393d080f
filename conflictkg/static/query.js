// The query page: a CodeMirror SPARQL editor, example queries one click away, results as a table with links.
// Everything it loads comes from this server; nothing is fetched from other hosts.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var textarea = document.getElementById("query");
  var results = document.getElementById("results");
  var status = document.getElementById("status");
  var base = form.getAttribute("data-base");
  var editor = window.CodeMirror ? CodeMirror.fromTextArea(textarea, {mode: "sparql", lineNumbers: true}) : null;

  function queryText() { return editor ? editor.getValue() : textarea.value; }
  function setQuery(text) { if (editor) { editor.setValue(text); } else { textarea.value = text; } }

  // a link to this server's page for the graph's own IRIs, the IRI itself otherwise
  function href(iri) {
    if (base && iri.indexOf(base) === 0) { return "/id/" + iri.slice(base.length); }
    return iri;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var a = document.createElement("a");
      a.href = href(term.value);
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;  // text, never markup
      if (term["xml:lang"]) { td.title = "@" + term["xml:lang"]; }
      else if (term.datatype) { td.title = term.datatype; }
    }
    return td;
  }

  function show(data) {
    results.textContent = "";
    if (typeof data.boolean === "boolean") {
      results.textContent = data.boolean ? "yes (true)" : "no (false)";
      status.textContent = "done";
      return;
    }
    var vars = data.head.vars, rows = data.results.bindings;
    var table = document.createElement("table");
    table.className = "results";
    var head = table.createTHead().insertRow();
    vars.forEach(function (v) { var th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    results.appendChild(table);
    status.textContent = rows.length + (rows.length === 1 ? " row" : " rows");
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    status.textContent = "running…";
    results.textContent = "";
    var body = new URLSearchParams();
    body.set("query", queryText());
    fetch(form.action, {method: "POST", body: body,
                        headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.5"}})
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("json") < 0) {
          return response.text().then(function (text) {
            var pre = document.createElement("pre");
            pre.textContent = text;
            results.appendChild(pre);
            status.textContent = response.ok ? "a graph (CONSTRUCT / DESCRIBE)" : "error " + response.status;
          });
        }
        return response.json().then(show);
      })
      .catch(function (err) { status.textContent = "failed: " + err; });
  });

  Array.prototype.forEach.call(document.querySelectorAll("button.example"), function (button) {
    button.addEventListener("click", function () {
      var tpl = document.getElementById("query-" + button.getAttribute("data-name"));
      setQuery(tpl.content.textContent);
      form.requestSubmit();
    });
  });
})();
