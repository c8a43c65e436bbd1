// DOM building shared by the map, timeline and network pages. Every text from the knowledge
// base goes in with textContent, never as HTML, so one place keeps the pages escaped. Load
// this file before the page's own script: it defines window.allegianceDom (the builders)
// and window.allegianceDetails (the side panel of the timeline and network pages).
(function () {
  "use strict";

  function add(parent, tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    parent.appendChild(node);
    return node;
  }

  // The panel heads its lists with <h3>; a map popup is too small for a heading and passes
  // "div" instead, hence the tag is the caller's choice.
  function links(parent, tag, title, prefix, ids) {
    if (!ids.length) { return; }
    add(parent, tag, title);
    var list = add(parent, "ul");
    ids.forEach(function (id) {
      var link = add(add(list, "li"), "a", id);
      link.href = prefix + encodeURIComponent(id);
    });
  }

  window.allegianceDom = Object.freeze({ add: add, links: links });

  window.allegianceDetails = function (panel, heading, lines, claimIds, documentIds) {
    panel.replaceChildren();
    add(panel, "h2", heading);
    lines.forEach(function (line) { add(panel, "p", line); });
    links(panel, "h3", "Claims", "/claims/", claimIds);
    links(panel, "h3", "Documents", "/documents/", documentIds);
  };
}());
