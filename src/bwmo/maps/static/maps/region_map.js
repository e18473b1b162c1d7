// The region map: municipality boundaries coloured by places per 10,000 inhabitants against the
// regional average, and the locations by type. No tiles from the internet (no base layer). Keyboard:
// the map pans with the arrow keys and zooms with + and -, each location is a focusable marker
// (Tab) whose details open with Enter. The same figures are in the tables below the map.
(function () {
  "use strict";
  var FILL = {
    "none": "#f4f4f4", "far-below": "#2166ac", "below": "#92c5de", "average": "#f7f7f7",
    "above": "#f4a582", "far-above": "#b2182b", "unknown": "#dddddd",
  };
  var LETTER = { "bw_intramuraal": "I", "bw_ambulant": "A", "mo": "M" };

  function text(tag, value) {
    var element = document.createElement(tag);
    element.textContent = value;
    return element;
  }

  function draw() {
    var element = document.getElementById("locatiekaart");
    var source = document.getElementById("locatiekaart-data");
    if (!element || !source || typeof L === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var map = L.map(element, { attributionControl: false, keyboard: true, zoomSnap: 0.5 });
    var layers = [];
    data.municipalities.forEach(function (item) {
      if (!item.geometry) {
        return;
      }
      var layer = L.geoJSON(item.geometry, {
        style: { color: "#47607a", weight: 1, fillColor: FILL[item["class"]] || "#ffffff", fillOpacity: 0.75 },
      }).addTo(map);
      var popup = document.createElement("div");
      popup.appendChild(text("strong", item.name));
      popup.appendChild(text("p", item.places + " plaatsen, " + (item.per10000 || "–") + " per 10.000 inwoners: " + item.label));
      layer.bindPopup(popup);
      layers.push(layer);
    });
    data.locations.forEach(function (item) {
      var icon = L.divIcon({
        className: "bwmo-map-icon", iconSize: [24, 24],
        html: '<span class="bwmo-marker bwmo-marker--' + item.type + '" aria-hidden="true">' + (LETTER[item.type] || "?") + "</span>",
      });
      var label = item.name + ", " + item.typeLabel + ", " + item.places + " plaatsen, " + item.municipality;
      var marker = L.marker([item.lat, item.lon], { icon: icon, keyboard: true, title: label, alt: label }).addTo(map);
      var popup = document.createElement("div");
      popup.appendChild(text("strong", item.name));
      popup.appendChild(text("p", item.typeLabel + " · " + item.provider));
      popup.appendChild(text("p", item.places + " plaatsen · " + item.municipality));
      marker.bindPopup(popup);
      marker.on("add", function () {  // the icon exists once the map has a view
        var node = marker.getElement();
        node.setAttribute("aria-label", label);
        node.setAttribute("role", "button");
      });
      layers.push(marker);
    });
    var bounds = L.featureGroup(layers).getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [10, 10] });
    } else {
      map.setView([52.1, 5.3], 7);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
