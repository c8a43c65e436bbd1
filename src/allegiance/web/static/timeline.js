// The events timeline (vis-timeline). Item labels are DOM text nodes, never HTML.
(function () {
  "use strict";

  var box = document.getElementById("timeline");
  var panel = document.getElementById("timeline-detail");
  if (!box || !window.vis) { return; }

  function label(item) {
    var node = document.createElement("span");
    node.textContent = item.label;
    node.className = "status-" + item.status;
    return node;
  }

  fetch(box.dataset.api, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (view) {
      var byId = {};
      var families = {};
      var items = view.items.map(function (item) {
        byId[item.id] = item;
        families[item.group] = true;
        var ranged = item.end !== item.start;
        return {
          id: item.id,
          group: item.group,
          content: label(item),
          start: item.start,
          end: ranged ? item.end : undefined,
          type: ranged ? "range" : "box",
          className: "event-" + item.status
        };
      });
      var groups = Object.keys(families).sort().map(function (name) {
        var node = document.createElement("span");
        node.textContent = name;
        return { id: name, content: node };
      });
      var timeline = new vis.Timeline(box, new vis.DataSet(items), new vis.DataSet(groups), {
        stack: true, orientation: "top", zoomKey: "ctrlKey", maxHeight: 600
      });
      box.dataset.items = String(items.length);
      timeline.on("select", function (selection) {
        var item = byId[selection.items[0]];
        if (!item) { return; }
        var when = item.start + (item.end !== item.start ? " – " + item.end : "") + " (" + item.precision + ")";
        window.allegianceDetails(panel, item.label, [when, "corroboration: " + item.status],
          item.claim_ids, item.document_ids);
      });
    });
}());
