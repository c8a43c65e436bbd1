// Shared by the timeline and network pages: a details panel built with textContent only.
(function () {
  "use strict";

  function add(parent, tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    parent.appendChild(node);
    return node;
  }

  function links(parent, title, prefix, ids) {
    if (!ids.length) { return; }
    add(parent, "h3", title);
    var list = add(parent, "ul");
    ids.forEach(function (id) {
      var link = add(add(list, "li"), "a", id);
      link.href = prefix + encodeURIComponent(id);
    });
  }

  window.allegianceDetails = function (panel, heading, lines, claimIds, documentIds) {
    panel.replaceChildren();
    add(panel, "h2", heading);
    lines.forEach(function (line) { add(panel, "p", line); });
    links(panel, "Claims", "/claims/", claimIds);
    links(panel, "Documents", "/documents/", documentIds);
  };
}());
