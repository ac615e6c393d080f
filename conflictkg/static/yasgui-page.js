// YASGUI (vendored from the npm registry) set to this server's endpoint, with the example queries one click away.
// It loads nothing from other hosts: its prefixes come bundled, and its one endpoint is this one.
(function () {
  "use strict";
  var element = document.getElementById("yasgui");
  var endpoint = element.getAttribute("data-endpoint");
  var yasgui = new Yasgui(element, {
    requestConfig: {endpoint: endpoint, method: "POST"},
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: {getData: function () { return [{endpoint: endpoint}]; }},
    persistenceId: "conflictkg-yasgui"
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.example"), function (button) {
    button.addEventListener("click", function () {
      var tab = yasgui.getTab();
      tab.setQuery(document.getElementById("query-" + button.getAttribute("data-name")).content.textContent);
      tab.query();
    });
  });
})();
