// The network of ties on a date (cytoscape.js draws on a canvas: labels are never HTML).
(function () {
  "use strict";

  var box = document.getElementById("network");
  var panel = document.getElementById("network-detail");
  var input = document.getElementById("network-as-of");
  if (!box || !window.cytoscape) { return; }

  var style = [
    { selector: "node", style: { label: "data(name)", "font-size": 10, "background-color": "#1f77b4", width: 14, height: 14 } },
    { selector: "node[kind = 'person']", style: { "background-color": "#2ca02c", shape: "ellipse" } },
    { selector: "node[kind = 'group']", style: { shape: "round-rectangle" } },
    { selector: "edge", style: { width: 2, "curve-style": "bezier", "target-arrow-shape": "triangle", "line-color": "#555", "target-arrow-color": "#555" } },
    { selector: "edge[holding = 'maybe']", style: { "line-style": "dashed" } },
    { selector: "edge[hedge != 'asserted']", style: { "line-color": "#aaa", "target-arrow-color": "#aaa" } },
    { selector: "edge[type = 'group.rivalry']", style: { "line-color": "#c0392b", "target-arrow-shape": "none" } },
    { selector: "edge[type = 'group.alliance']", style: { "line-color": "#1f77b4", "target-arrow-shape": "none" } }
  ];
  var graph = cytoscape({ container: box, style: style, wheelSensitivity: 0.3, maxZoom: 1.5 });
  var names = {};

  function draw(view) {
    names = {};
    view.nodes.forEach(function (node) { names[node.id] = node.name; });
    graph.elements().remove();
    graph.add(view.nodes.map(function (node) { return { group: "nodes", data: node }; }));
    graph.add(view.edges.map(function (edge) { return { group: "edges", data: edge }; }));
    graph.layout({ name: "cose", animate: false }).run();
    document.getElementById("network-label").textContent = view.as_of;
    box.dataset.shown = view.as_of;
    box.dataset.edges = String(view.edges.length);
  }

  function load(day) {
    var url = box.dataset.api + "?as_of=" + encodeURIComponent(day);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(draw);
    var twin = document.querySelector("a.twin");
    if (twin) { twin.href = url; }
  }

  graph.on("tap", "edge", function (event) {
    var edge = event.target.data();
    var heading = names[edge.source] + " — " + edge.type + " — " + names[edge.target];
    window.allegianceDetails(panel, heading, ["holds: " + edge.holding, "hedge: " + edge.hedge],
      edge.claim_ids, edge.document_ids);
  });
  graph.on("tap", "node", function (event) {
    window.location.href = "/entities/" + encodeURIComponent(event.target.id());
  });
  if (input) {
    input.addEventListener("change", function () { if (input.value) { load(input.value); } });
  }
  load(box.dataset.asOf);
}());
