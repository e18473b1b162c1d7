// The small map on the placement form: the locations of the table (green: a free place, grey:
// full) on the boundaries of their municipalities. No map tiles from the internet; the map is a
// picture of the table (role="img"), so it takes no keyboard focus.
(function () {
  "use strict";
  function draw() {
    var element = document.getElementById("plaatsingskaart");
    var source = document.getElementById("plaatsingskaart-data");
    if (!element || !source || typeof L === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var map = L.map(element, {
      zoomControl: false, attributionControl: false, keyboard: false, dragging: false,
      scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, touchZoom: false,
    });
    var layers = [];
    data.boundaries.forEach(function (item) {
      layers.push(L.geoJSON(item.geometry, {
        interactive: false, style: { color: "#47607a", weight: 1, fillColor: "#e8eef5", fillOpacity: 0.6 },
      }).addTo(map));
    });
    data.locations.forEach(function (item) {
      var marker = L.circleMarker([item.lat, item.lon], {
        interactive: false, radius: 7, weight: 2, color: "#1a1a1a",
        fillColor: item.free > 0 ? "#0b6b2b" : "#8a8a8a", fillOpacity: 1,
      }).addTo(map);
      marker.bindTooltip(item.name, { permanent: true, direction: "right", interactive: false });
      layers.push(marker);
    });
    var bounds = L.featureGroup(layers).getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
