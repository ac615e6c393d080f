// The query page: a CodeMirror SPARQL editor (Ctrl-Enter runs), example queries one click away, the usual prefixes
// a click away, results as a table with links, a link to share the query (/?query=...: it opens here and runs), the
// results to download (CSV, JSON, TSV), and a warning when the row limit cut them.
// Everything it loads comes from this server; nothing is fetched from other hosts.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var textarea = document.getElementById("query");
  var results = document.getElementById("results");
  var status = document.getElementById("status");
  var base = form.getAttribute("data-base");
  var share = document.getElementById("share");
  var downloads = document.getElementById("downloads");
  var run = function () { form.requestSubmit(); };
  var editor = window.CodeMirror ? CodeMirror.fromTextArea(textarea, {
    mode: "sparql", lineNumbers: true, extraKeys: {"Ctrl-Enter": run, "Cmd-Enter": run}}) : null;
  if (!editor) { textarea.addEventListener("keydown", function (e) { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { run(); } }); }

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

  // the results of the query in the editor, as a file (a graph's in Turtle)
  function download(format, accept) {
    var body = new URLSearchParams();
    body.set("query", queryText());
    fetch(form.action, {method: "POST", body: body, headers: {"Accept": accept}})
      .then(function (response) {
        if (!response.ok) { return response.text().then(function (t) { status.textContent = "error " + response.status + ": " + t; }); }
        return response.blob().then(function (blob) {
          var a = document.createElement("a");
          a.href = URL.createObjectURL(blob);
          a.download = "conflictkg-results." + format;
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        });
      });
  }
  Array.prototype.forEach.call(downloads.querySelectorAll("button"), function (button) {
    button.addEventListener("click", function () {
      download(button.getAttribute("data-format"), button.getAttribute("data-accept"));
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    status.textContent = "running…";
    results.textContent = "";
    downloads.hidden = true;
    var old = document.getElementById("truncated");
    if (old) { old.remove(); }
    var link = form.getAttribute("data-start") + "?query=" + encodeURIComponent(queryText());
    share.href = link;
    share.hidden = false;
    history.replaceState(null, "", link);
    var body = new URLSearchParams();
    body.set("query", queryText());
    fetch(form.action, {method: "POST", body: body,
                        headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.5"}})
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.headers.get("X-Result-Truncated") === "true") {
          var warning = document.createElement("p");
          warning.className = "warning";
          warning.textContent = "The results were cut at " + response.headers.get("X-Result-Limit") +
            " rows (the server's row limit): narrow the query, page through it with LIMIT and OFFSET, or use the dumps.";
          var dumps = document.createElement("a");
          dumps.href = form.getAttribute("data-dumps");
          dumps.textContent = " Dumps";
          warning.appendChild(dumps);
          warning.id = "truncated";
          results.before(warning);
        }
        if (response.ok) { downloads.hidden = false; }
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

  document.getElementById("prefixes").addEventListener("click", function () {
    var declared = JSON.parse(this.getAttribute("data-prefixes")), text = queryText(), lines = [];
    Object.keys(declared).forEach(function (name) {
      if (!new RegExp("PREFIX\\s+" + name + ":", "i").test(text)) { lines.push("PREFIX " + name + ": <" + declared[name] + ">"); }
    });
    setQuery(lines.join("\n") + (lines.length ? "\n" : "") + text);
  });

  Array.prototype.forEach.call(document.querySelectorAll("button.example"), function (button) {
    button.addEventListener("click", function () {
      var tpl = document.getElementById("query-" + button.getAttribute("data-name"));
      setQuery(tpl.content.textContent);
      form.requestSubmit();
    });
  });

  if (form.getAttribute("data-run") === "1") { run(); }  // a shared link: its query runs at once
})();
