// The control map: an offline Natural Earth base map, places coloured by who holds them
// as of the slider's date, and recent events. Every text from the knowledge base is put
// in with textContent, never as HTML, by the builders of details.js (loaded first).
(function () {
  "use strict";

  var STATUS_COLOURS = {
    contested: "#f0a030",
    besieged: "#c0392b",
    presence: "#9ecae1",
    withdrawn: "#bbbbbb",
    unknown: "#ffffff"
  };
  var GROUP_COLOURS = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79"];
  var DAY_MS = 86400000;

  var box = document.getElementById("map");
  var dom = window.allegianceDom;
  if (!box || !window.L || !dom) { return; }
  var add = dom.add;
  var links = dom.links;
  var slider = document.getElementById("as-of");
  var label = document.getElementById("as-of-label");
  var first = box.dataset.first ? Date.parse(box.dataset.first + "T00:00:00Z") : null;

  var map = L.map(box, { minZoom: 2, worldCopyJump: true }).setView([34.5, 41.5], 6);
  map.createPane("base").style.zIndex = 200;
  var places = L.layerGroup().addTo(map);
  var events = L.layerGroup().addTo(map);

  fetch(box.dataset.atlas, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (topology) {
      L.geoJSON(topojson.feature(topology, topology.objects.countries), {
        pane: "base",
        interactive: false,
        attribution: "Natural Earth (world-atlas 2.0.2)",
        style: { color: "#7d8890", weight: 1, fillColor: "#f3f1ea", fillOpacity: 1 }
      }).addTo(map);
    });

  function groupColour(id) {
    var hash = 0;
    for (var i = 0; i < id.length; i += 1) { hash = (hash * 31 + id.charCodeAt(i)) >>> 0; }
    return GROUP_COLOURS[hash % GROUP_COLOURS.length];
  }

  function colour(place) {
    if (place.status === "controlled" && place.actor) { return groupColour(place.actor.id); }
    return STATUS_COLOURS[place.status] || STATUS_COLOURS.unknown;
  }

  function placePopup(place) {
    var node = document.createElement("div");
    node.className = "map-popup";
    add(node, "strong", place.name);
    var who = place.actor ? " — " + place.actor.name : "";
    add(node, "div", place.status + who + (place.since ? " since " + place.since : ""));
    if (place.hedges.length) { add(node, "div", "hedges: " + place.hedges.join(", ")); }
    links(node, "div", "Claims", "/claims/", place.claim_ids);
    links(node, "div", "Documents", "/documents/", place.document_ids);
    return node;
  }

  function eventPopup(event) {
    var node = document.createElement("div");
    node.className = "map-popup";
    add(node, "strong", event.type + " at " + event.place_name);
    add(node, "div", (event.date || "undated") + " · " + event.status);
    links(node, "div", "Claims", "/claims/", event.claim_ids);
    links(node, "div", "Documents", "/documents/", event.document_ids);
    return node;
  }

  function draw(view) {
    places.clearLayers();
    events.clearLayers();
    view.places.forEach(function (place) {
      var marker = L.circleMarker([place.lat, place.lon], {
        radius: 8, color: "#333", weight: 1, fillColor: colour(place), fillOpacity: 0.95
      }).bindPopup(placePopup(place)).addTo(places);
      var element = marker.getElement();
      element.setAttribute("data-place", place.id);
      element.setAttribute("data-status", place.status);
    });
    view.events.forEach(function (event) {
      var marker = L.circleMarker([event.lat, event.lon], {
        radius: 4, color: "#222", weight: 1, fillColor: "#222", fillOpacity: 1
      }).bindPopup(eventPopup(event)).addTo(events);
      marker.getElement().setAttribute("data-event", event.id);
    });
    label.textContent = view.as_of;
    box.dataset.asOf = view.as_of;
    box.dataset.shown = view.as_of;
  }

  function dayOf(offset) {
    return new Date(first + offset * DAY_MS).toISOString().slice(0, 10);
  }

  function load(day) {
    var url = box.dataset.api + "?days=" + encodeURIComponent(box.dataset.days) +
      "&as_of=" + encodeURIComponent(day);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (view) {
        if (view.as_of === dayOf(Number(slider ? slider.value : 0)) || !slider) { draw(view); }
      });
    var twin = document.querySelector("a.twin");
    if (twin) { twin.href = url; }
  }

  if (slider && first !== null) {
    slider.addEventListener("input", function () { label.textContent = dayOf(Number(slider.value)); });
    slider.addEventListener("change", function () { load(dayOf(Number(slider.value))); });
  }
  load(box.dataset.asOf);
}());
