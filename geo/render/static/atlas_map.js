/* Coverage Atlas: the map's behaviour in the browser (Leaflet 1.9).
 *
 * Python builds one configuration per map (geo/render/folium_map.py) and calls these functions
 * with it; the geometry comes from the static layer files, fetched once per browser. The pure
 * parts at the top are unit-tested with node's own runner (tests/js/atlas_map.test.js).
 */
(function (root) {
  "use strict";

  // --- pure parts -------------------------------------------------------------------------

  /** The status letter (f full, p partial, n none, o outside) of one service at one unit. */
  function statusLetter(statuses, adcode, index) {
    var s = statuses[adcode];
    return s ? s.charAt(index) : "n";
  }

  /** Which features draw a service's footprint: whole provinces from the province layer, and the
   * licensed prefectures of the other provinces (fewer shapes than every prefecture). */
  function footprintFilter(statuses, index, level) {
    if (level === "province") {
      return function (f) { return statusLetter(statuses, f.properties.a, index) === "f"; };
    }
    return function (f) {
      var p = f.properties;
      return statusLetter(statuses, p.a, index) === "f" && statusLetter(statuses, p.p, index) !== "f";
    };
  }

  /** Text as HTML: what a tooltip shows is never markup. */
  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  /** "陕西省 渭南市" / "Weinan, Shaanxi": the catalogue's {unit}/{province} template filled in. */
  function unitTitle(template, unit, province) {
    return province ? template.split("{unit}").join(unit).split("{province}").join(province) : unit;
  }

  /** A unit's tooltip: its title, then one line per service (mark, service, status word). */
  function unitTip(cfg, properties, provinceName) {
    var title = unitTitle(cfg.unitInProvince, properties[cfg.nameKey], provinceName);
    var lines = cfg.tipServices.map(function (s) {
      var letter = statusLetter(cfg.statuses, properties.a, s.index);
      return cfg.marks[letter] + " " + escapeHtml(s.label) + ": " + escapeHtml(cfg.words[letter]);
    });
    if (cfg.categories && cfg.categories.fill[properties.a] !== undefined) {
      lines.unshift(escapeHtml(cfg.categories.labels[cfg.categories.fill[properties.a]]));
    }
    return "<b>" + escapeHtml(title) + "</b>" + (lines.length ? "<br>" + lines.join("<br>") : "");
  }

  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }

  /** A label's box is free when it lies inside the map and over nothing already taken. */
  function isFree(r, area, taken) {
    var off = r.left < area.left || r.right > area.right || r.top < area.top || r.bottom > area.bottom;
    return !off && !taken.some(function (t) { return overlaps(r, t); });
  }

  /** Labels in order of importance, each with the boxes it could take (its own place first, then the
   * other sides of its dot): which place each takes, or -1 where every place is covered. */
  function placeLabels(candidates, area, taken) {
    var used = taken.slice();
    return candidates.map(function (boxes) {
      for (var k = 0; k < boxes.length; k++) {
        if (isFree(boxes[k], area, used)) { used.push(boxes[k]); return k; }
      }
      return -1;
    });
  }

  /** [west, south, east, north] of a GeoJSON geometry's coordinates. */
  function coordinatesBox(coordinates) {
    var b = [180, 90, -180, -90];
    (function walk(c) {
      if (typeof c[0] === "number") {
        b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]); b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
      } else { c.forEach(walk); }
    })(coordinates);
    return b;
  }

  function boxesMeet(a, b) { return a[2] >= b[0] && a[0] <= b[2] && a[3] >= b[1] && a[1] <= b[3]; }

  /** `fn` run once on the next frame however many times it is asked for before then: a zoom fires both
   * zoomend and moveend, and the inset refitted (sized, measured, fitted) twice for each. */
  function oncePerFrame(fn, schedule) {
    var asked = false;
    return function () {
      if (asked) { return; }
      asked = true;
      schedule(function () { asked = false; fn(); });
    };
  }

  // --- the coverage layers ----------------------------------------------------------------

  var PREFECTURE_NAMES_ZOOM = 6;  // every city named from here on, so that 苏州 can be found without hovering
  var memo = {};
  function load(source) {  // a URL fetched once per page, or a collection inlined (standalone export)
    if (typeof source !== "string") { return Promise.resolve(source); }
    memo[source] = memo[source] || fetch(source).then(function (r) {
      if (!r.ok) { throw new Error(source + ": HTTP " + r.status); }
      return r.json();
    });
    return memo[source];
  }

  function wireLegend(legend) {  // the legend folds by its title, by click or keyboard
    var title = legend && legend.querySelector(".atlas-legend-title");
    if (!title || title.dataset.atlasWired) { return; }
    title.dataset.atlasWired = "yes";
    function toggle() { legend.classList.toggle("atlas-collapsed"); }
    title.addEventListener("click", toggle);
    title.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); }
    });
  }

  function fitWindow(map, container, fitCfg) {  // the map's frame fills the window below its top
    var frame = null;
    try { frame = window.frameElement; } catch (e) { return; }
    if (!frame) { return; }
    function fit() {
      var want = Math.max(fitCfg.min, Math.round(window.top.innerHeight - frame.getBoundingClientRect().top - fitCfg.below));
      if (Math.abs(want - frame.offsetHeight) > 4) {
        frame.style.setProperty("height", want + "px", "important");
        container.style.height = want + "px";
        map.invalidateSize();
      }
    }
    fit();
    window.top.addEventListener("resize", fit);
  }

  function coverageLayers(map, cfg) {
    var L = root.L;
    function forwardClick(e) {  // a unit takes the click for its tooltip; the map's click (check this point) still fires
      map.fire("click", {latlng: e.latlng, layerPoint: e.layerPoint, containerPoint: e.containerPoint, originalEvent: e.originalEvent});
    }
    if (!map.getPane("atlasBase")) { map.createPane("atlasBase").style.zIndex = 350; }  // under highlights and points
    var base = L.canvas({pane: "atlasBase", padding: 0.5});  // ~1,600 shapes: one canvas, not an SVG node each
    var container = map.getContainer();
    container.style.background = cfg.sea;
    if (cfg.fitWindow) { fitWindow(map, container, cfg.fitWindow); }  // sized before anything is drawn
    container.dataset.atlasLayers = "loading";
    map.atlasConfig = cfg;  // the inset draws from the same files and table
    var legend = container.querySelector(".atlas-legend") || document.querySelector(".atlas-legend");
    wireLegend(legend);
    return Promise.all([load(cfg.sources.prefectures), load(cfg.sources.provinces), load(cfg.sources.dashline)])
      .then(function (layers) {
        var prefectures = layers[0], provinces = layers[1], dash = layers[2];
        var provinceName = {};
        provinces.features.forEach(function (f) { provinceName[f.properties.a] = f.properties[cfg.nameKey]; });
        var overlays = {};
        cfg.services.forEach(function (s) {
          var style = {fillColor: s.colour, fillOpacity: s.opacity, stroke: false};
          overlays[s.label] = L.layerGroup([
            L.geoJSON(provinces, {pane: "atlasBase", renderer: base, interactive: false, style: style,
              filter: footprintFilter(cfg.statuses, s.index, "province")}),
            L.geoJSON(prefectures, {pane: "atlasBase", renderer: base, interactive: false, style: style,
              filter: footprintFilter(cfg.statuses, s.index, "prefecture")})
          ]).addTo(map);
        });
        if (cfg.categories) {
          L.geoJSON(prefectures, {
            pane: "atlasBase", renderer: base, interactive: false,
            filter: function (f) { return cfg.categories.fill[f.properties.a] !== undefined; },
            style: function (f) {
              return {fillColor: cfg.categories.colours[cfg.categories.fill[f.properties.a]], fillOpacity: 0.6, stroke: false};
            }
          }).addTo(map);
        }
        var units = L.geoJSON(prefectures, {
          pane: "atlasBase", renderer: base,
          style: {color: "#8a8a8a", weight: 0.4, fillOpacity: 0, fillColor: "#000"},
          onEachFeature: function (f, layer) {
            layer.bindTooltip(function () { return unitTip(cfg, f.properties, provinceName[f.properties.p]); }, {sticky: false});
            layer.on("click", forwardClick);
            layer.on("mouseover", function () { layer.setStyle({weight: 2, color: "#222"}); });
            layer.on("mouseout", function () { units.resetStyle(layer); });
          }
        }).addTo(map);
        L.geoJSON(provinces, {pane: "atlasBase", renderer: base, interactive: false, style: {color: "#555", weight: 1.1, fill: false}})
          .addTo(map);
        L.geoJSON(provinces, {
          pane: "atlasBase", renderer: base,
          filter: function (f) { return cfg.outside.indexOf(f.properties.a) >= 0; },
          style: {fillColor: cfg.outsideColour, fillOpacity: cfg.outsideOpacity, color: "#666", weight: 0.8, dashArray: "3 3"},
          onEachFeature: function (f, layer) {
            layer.bindTooltip(escapeHtml(f.properties[cfg.nameKey] + ": " + cfg.outsideText));
            layer.on("click", forwardClick);
          }
        }).addTo(map);
        L.geoJSON(dash, {pane: "atlasBase", renderer: base, interactive: false, style: {color: cfg.dashColour, weight: 1.6, dashArray: "6 4"}})
          .addTo(map);
        var screenWidth;  // the page's, not the frame's: a map in a column of a laptop page is not a phone
        try { screenWidth = window.top.innerWidth; } catch (e) { screenWidth = window.innerWidth; }
        var small = screenWidth < 700 || map.getSize().y < 450;  // a phone or a short map: layer box and legend start folded
        if (cfg.tiles) {  // offered, off: nothing is fetched from the internet until the box is ticked
          var tiles = L.tileLayer(cfg.tiles.url, {attribution: cfg.tiles.attribution, maxZoom: 19});
          overlays[cfg.tiles.label] = tiles;
          tiles.on("add", function () {
            if (!map.attributionControl) { map.attributionControl = L.control.attribution({prefix: false}).addTo(map); }
          });
        }
        if (cfg.services.length || cfg.tiles) { L.control.layers(null, overlays, {collapsed: small}).addTo(map); }
        if (legend && small) { legend.classList.add("atlas-collapsed"); }
        function follow(e, shown) {  // the legend lists the layers switched on
          var s = cfg.services.filter(function (x) { return x.label === e.name; })[0];
          var row = s && legend && legend.querySelector('[data-atlas-layer="' + s.key + '"]');
          if (row) { row.style.display = shown ? "" : "none"; }
        }
        map.on("overlayadd", function (e) { follow(e, true); });
        map.on("overlayremove", function (e) { follow(e, false); });
        map.scrollWheelZoom.disable();  // the wheel scrolls the page until the map is clicked, as carrier maps do
        map.on("click focus", function () { map.scrollWheelZoom.enable(); });
        map.on("mouseout blur", function () { map.scrollWheelZoom.disable(); });
        function nameMarker(lat, lng, css, html, adcode) {
          var div = '<div class="' + css + '" data-atlas-unit="' + adcode + '" style="font-size:' + cfg.labelSize + 'px">'
            + html + "</div>";
          return L.marker([lat, lng], {interactive: false, keyboard: false,
            icon: L.divIcon({html: div, iconSize: [0, 0], className: "atlas-label-icon"})});
        }
        var named = {};
        cfg.labels.forEach(function (label) {  // the licensed cities, most important first; html escaped on the server
          named[label.adcode] = true;
          nameMarker(label.lat, label.lng, "atlas-label", label.html, label.adcode).addTo(map);
        });
        function unitNames(collection, css) {  // every unit's own name, where no licensed-city label stands
          return L.layerGroup(collection.features
            .filter(function (f) {  // 上海市 the prefecture is named by 上海 the licensed municipality
              var p = f.properties;
              return !named[p.a] && !(named[p.p] && provinceName[p.p] === p[cfg.nameKey]);
            })
            .map(function (f) { var p = f.properties; return nameMarker(p.y, p.x, css, escapeHtml(p[cfg.nameKey]), p.a); }));
        }
        if (cfg.provinceLabels) { unitNames(provinces, "atlas-unit-name atlas-province-name").addTo(map); }
        var prefectureNames = unitNames(prefectures, "atlas-unit-name atlas-prefecture-name");
        function showPrefectureNames() {  // from zoom 6 on, so that 苏州 can be found without hovering
          var wanted = map.getZoom() >= PREFECTURE_NAMES_ZOOM;
          if (wanted !== map.hasLayer(prefectureNames)) { wanted ? prefectureNames.addTo(map) : map.removeLayer(prefectureNames); }
        }
        var pending = null;
        function soon() { clearTimeout(pending); pending = setTimeout(function () { declutter(container); }, 30); }
        map.on("zoomend", showPrefectureNames);
        map.on("zoomend moveend overlayadd overlayremove resize layeradd", soon);
        if (legend) { legend.addEventListener("click", soon); }
        showPrefectureNames();
        soon();
        container.dataset.atlasUnits = units.getLayers().length;  // for tests and benchmarks: what was drawn
        container.dataset.atlasLayers = "drawn";
      })
      .catch(function (error) {
        container.dataset.atlasLayers = "failed";
        console.warn("coverage layers not drawn", error);
      });
  }

  var ORDER = [".atlas-nearest", ".atlas-label", ".atlas-neighbour", ".atlas-province-name", ".atlas-prefecture-name"];
  var SIDES = ["atlas-flip", "atlas-below", "atlas-flip-below"];  // left of, under, under-left of the dot

  /** A label that would cover a more important one, or a map control, is hidden; a licensed city (or the way
   * to the nearest one) first tries the other sides of its dot. The answer's own words come first. */
  function declutter(container) {
    var area = container.getBoundingClientRect(), taken = [];
    document.querySelectorAll(".atlas-legend, .atlas-inset, .leaflet-control, .atlas-title").forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width && r.height) { taken.push(r); }
    });
    var labels = [];
    ORDER.forEach(function (css) { labels.push.apply(labels, container.querySelectorAll(css)); });
    labels.forEach(function (el) { el.style.visibility = ""; el.classList.remove.apply(el.classList, SIDES); });
    var own = labels.map(function (el) { return el.getBoundingClientRect(); });  // written, then read: one layout
    var said = {};  // a unit the answer's neighbours already name is not named twice
    labels.forEach(function (el, i) {
      var boxes = [own[i]];
      if (el.matches(".atlas-nearest, .atlas-label") && !isFree(own[i], area, taken)) {  // only then measured
        SIDES.forEach(function (side) { el.classList.add(side); boxes.push(el.getBoundingClientRect()); el.classList.remove(side); });
      }
      var repeated = el.classList.contains("atlas-prefecture-name") && said[el.textContent];
      var place = repeated ? -1 : placeLabels([boxes], area, taken)[0];
      if (place > 0) { el.classList.add(SIDES[place - 1]); }
      el.style.visibility = place >= 0 ? "" : "hidden";
      el.dataset.atlasShown = place >= 0 ? "yes" : "no";
      if (place >= 0) { taken.push(boxes[place]); }
      if (place >= 0 && el.classList.contains("atlas-neighbour")) { said[el.textContent] = true; }
    });
  }

  // --- the South China Sea inset ------------------------------------------------------------

  function inset(main, cfg) {  // builds its own box inside the map: st_folium renumbers ids between html and script
    var L = root.L;
    try {
      var layersCfg = main.atlasConfig;
      var box = L.DomUtil.create("div", "atlas-inset", main.getContainer());
      box.style.cssText = "position:absolute; right:10px; bottom:" + cfg.bottom + "px; "
        + "z-index:1000; border:1px solid #555; background:" + cfg.sea + ";";
      var land = [];  // [lat, lng] of every province vertex north of the islands the inset itself shows
      var ratio = cfg.width / cfg.height;
      function covers(height) {  // would a box this tall, in its corner, lie over land drawn on the main map?
        var size = main.getSize(), width = Math.round(height * ratio);
        var corner = main.containerPointToLatLng([size.x - 10 - width, size.y - cfg.bottom - height]);
        var far = main.containerPointToLatLng([size.x - 10, size.y - cfg.bottom]);
        return land.some(function (p) { return p[0] <= corner.lat && p[0] >= far.lat && p[1] >= corner.lng && p[1] <= far.lng; });
      }
      function sizeBox() {  // as large as fits: a quarter of the map's height at most, and never over land
        var height = Math.max(90, Math.min(cfg.height, Math.round(main.getSize().y * 0.25)));
        while (height > 48 && land.length && covers(height)) { height -= 6; }  // a phone's map has little open sea
        box.style.height = height + "px";
        box.style.width = Math.round(height * ratio) + "px";
        box.dataset.atlasInsetHeight = height;
        box.dataset.atlasInsetOverLand = land.length ? String(covers(height)) : "";  // for tests: after the layers load
      }
      sizeBox();
      var caption = L.DomUtil.create("div", "atlas-inset-caption", box);
      caption.style.font = cfg.font + "px/1.15 sans-serif";
      caption.textContent = cfg.caption;
      var inner = L.DomUtil.create("div", "atlas-inset-map", box);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var map = L.map(inner, {preferCanvas: true, zoomControl: false, attributionControl: false, dragging: false,
        scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0.1});
      var b = cfg.box, bounds = [[b[1], b[0]], [b[3], b[2]]];
      map.fitBounds(bounds);
      function refit() { sizeBox(); map.invalidateSize(); map.fitBounds(bounds); }
      main.on("resize zoomend moveend", oncePerFrame(refit, root.L.Util.requestAnimFrame));
      function near(f) {  // only shapes reaching into the inset's box are drawn there (their bounds, once per feature)
        f.atlasBox = f.atlasBox || coordinatesBox(f.geometry.coordinates);
        return boxesMeet(f.atlasBox, cfg.box);
      }
      Promise.all([load(layersCfg.sources.provinces), load(layersCfg.sources.prefectures), load(layersCfg.sources.dashline)])
        .then(function (layers) {
          L.geoJSON(layers[0], {interactive: false, filter: near, style: function (f) {
            var outside = layersCfg.outside.indexOf(f.properties.a) >= 0;
            return {color: "#777", weight: 0.6, fillOpacity: 1, fillColor: outside ? layersCfg.outsideColour : cfg.land};
          }}).addTo(map);
          layersCfg.services.forEach(function (s) {  // as on the main map: whole provinces, then licensed parts of others
            var style = {stroke: false, fillColor: s.colour, fillOpacity: s.opacity};
            var province = footprintFilter(layersCfg.statuses, s.index, "province");
            var prefecture = footprintFilter(layersCfg.statuses, s.index, "prefecture");
            L.geoJSON(layers[0], {interactive: false, style: style, filter: function (f) { return near(f) && province(f); }}).addTo(map);
            L.geoJSON(layers[1], {interactive: false, style: style, filter: function (f) { return near(f) && prefecture(f); }}).addTo(map);
          });
          var categories = layersCfg.categories;
          if (categories) {  // Compare's categories, coloured as on the main map
            L.geoJSON(layers[1], {interactive: false, filter: function (f) { return near(f) && categories.fill[f.properties.a] !== undefined; },
              style: function (f) { return {stroke: false, fillOpacity: 0.6, fillColor: categories.colours[categories.fill[f.properties.a]]}; }
            }).addTo(map);
          }
          L.geoJSON(layers[2], {interactive: false, style: {color: layersCfg.dashColour, weight: 1.2, dashArray: "4 3"}}).addTo(map);
          layers[0].features.forEach(function (f) {
            (function walk(c) {
              if (typeof c[0] === "number") { if (c[1] >= cfg.islandsBelow) { land.push([c[1], c[0]]); } }
              else { c.forEach(walk); }
            })(f.geometry.coordinates);
          });
          refit();
          box.dataset.atlasInset = layers[0].features.length;
        });
    } catch (error) {
      console.warn("South China Sea inset not drawn", error);  // never take the main map down with it
    }
  }

  // --- an answer's frame -----------------------------------------------------------------

  /** Fit the map to [west, south, east, north] after any zoom animation still running (the first view's,
   * on a small screen), and again on the first resize (a phone sizes the frame after drawing). */
  function fitAnswer(map, bounds) {
    function fit() {
      map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]], {padding: [24, 24], maxZoom: 11, animate: false});
      map.getContainer().dataset.atlasFitted = map.getZoom();  // for tests: the zoom the answer got
    }
    fit();
    root.L.Util.requestAnimFrame(function () {  // a zoom animation starts on the frame after it is asked for
      if (map._animatingZoom) { map.once("zoomend", fit); }
    });
    map.once("resize", fit);
  }

  var api = {
    statusLetter: statusLetter, footprintFilter: footprintFilter, escapeHtml: escapeHtml, unitTitle: unitTitle,
    unitTip: unitTip, overlaps: overlaps, isFree: isFree, placeLabels: placeLabels, coordinatesBox: coordinatesBox,
    boxesMeet: boxesMeet, oncePerFrame: oncePerFrame, load: load, coverageLayers: coverageLayers, inset: inset, fitAnswer: fitAnswer
  };
  if (typeof module === "object" && module.exports) { module.exports = api; } else { root.atlasMap = api; }
})(typeof window !== "undefined" ? window : globalThis);
