// The map script's pure parts, with node's own test runner (`node --test tests/js`).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const atlas = require("../../geo/render/static/atlas_map.js");

const statuses = { 110000: "ffnn", 440000: "fpnn", 440100: "fffn", 440300: "ffnf", 810000: "oooo" };

test("a unit's status letter per service; an unknown unit is not covered", () => {
  assert.equal(atlas.statusLetter(statuses, 440000, 2), "n");
  assert.equal(atlas.statusLetter(statuses, 440100, 2), "f");
  assert.equal(atlas.statusLetter(statuses, 810000, 0), "o");
  assert.equal(atlas.statusLetter(statuses, 999999, 1), "n");
});

test("a footprint takes whole provinces from the province layer, the other provinces' cities from theirs", () => {
  const province = atlas.footprintFilter(statuses, 1, "province");
  const prefecture = atlas.footprintFilter(statuses, 1, "prefecture");
  const feature = (a, p) => ({ properties: { a, p } });
  assert.equal(province(feature(110000)), true);
  assert.equal(province(feature(440000)), false); // partial: drawn city by city
  assert.equal(prefecture(feature(440100, 440000)), true);
  assert.equal(prefecture(feature(110100, 110000)), false); // already drawn with its province
  // every unit is drawn once at most: for every status table, never by both layers
  for (const [a, p] of [[440100, 440000], [440300, 440000], [110000, 110000]]) {
    for (let i = 0; i < 4; i++) {
      const both = atlas.footprintFilter(statuses, i, "province")(feature(p)) &&
        atlas.footprintFilter(statuses, i, "prefecture")(feature(a, p));
      assert.equal(both, false);
    }
  }
});

test("names reach a tooltip as text, never as markup", () => {
  assert.equal(atlas.escapeHtml('<img src=x onerror="a()">&\''), "&lt;img src=x onerror=&quot;a()&quot;&gt;&amp;&#39;");
  const cfg = {
    unitInProvince: "{province} {unit}", nameKey: "n", statuses,
    tipServices: [{ index: 2, label: "IDC <b>" }], marks: { f: "✔", n: "✘" }, words: { f: "covered", n: "not" },
  };
  const tip = atlas.unitTip(cfg, { a: 440100, n: "广州<script>" }, "广东省");
  assert.equal(tip, "<b>广东省 广州&lt;script&gt;</b><br>✔ IDC &lt;b&gt;: covered");
});

test("the unit-in-province template puts each name in its place, in either order", () => {
  assert.equal(atlas.unitTitle("{unit}, {province}", "Weinan", "Shaanxi"), "Weinan, Shaanxi");
  assert.equal(atlas.unitTitle("{province} {unit}", "渭南市", "陕西省"), "陕西省 渭南市");
  assert.equal(atlas.unitTitle("{province} {unit}", "北京", undefined), "北京");
});

const box = (left, top, w, h) => ({ left, top, right: left + w, bottom: top + h });

test("labels are placed most important first: a label covering one already placed takes another side or hides", () => {
  const area = box(0, 0, 500, 400);
  const legend = box(0, 300, 150, 100);
  const places = atlas.placeLabels(
    [
      [box(100, 100, 60, 14)], // the first label: its own place
      [box(120, 105, 60, 14), box(40, 105, 60, 14)], // covers the first: the other side of its dot
      [box(110, 100, 30, 14)], // covered, no other side: hidden
      [box(10, 310, 40, 14)], // under the legend: hidden
      [box(480, 10, 40, 14)], // over the map's edge: hidden
    ],
    area,
    [legend],
  );
  assert.deepEqual(places, [0, 1, -1, -1, -1]);
});

test("placed labels never overlap, whatever the boxes", () => {
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const area = box(0, 0, 800, 600);
  const candidates = Array.from({ length: 300 }, () => {
    const x = random() * 760, y = random() * 580;
    return [box(x, y, 40, 14), box(x - 40, y, 40, 14), box(x, y + 10, 40, 14)];
  });
  const places = atlas.placeLabels(candidates, area, []);
  const shown = candidates.map((c, i) => c[places[i]]).filter((_, i) => places[i] >= 0);
  assert.ok(shown.length > 20);
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) assert.equal(atlas.overlaps(shown[i], shown[j]), false);
  }
});

test("a shape's box, and whether it reaches into the inset's", () => {
  const polygon = [[[110, 10], [112, 10], [112, 15], [110, 10]]];
  assert.deepEqual(atlas.coordinatesBox(polygon), [110, 10, 112, 15]);
  assert.equal(atlas.boxesMeet([110, 10, 112, 15], [106.0, 2.5, 123.5, 24.5]), true);
  assert.equal(atlas.boxesMeet([80, 30, 90, 40], [106.0, 2.5, 123.5, 24.5]), false);
});

test("a function asked for several times before the next frame runs once on it, and again on a later frame", () => {
  const frames = [];
  let runs = 0;
  const refit = atlas.oncePerFrame(() => { runs += 1; }, (callback) => frames.push(callback));
  refit(); refit(); refit(); // zoomend, moveend, resize of one zoom
  assert.equal(runs, 0); // nothing before the frame
  assert.equal(frames.length, 1);
  frames.shift()();
  assert.equal(runs, 1);
  refit(); // the next zoom
  assert.equal(frames.length, 1);
  frames.shift()();
  assert.equal(runs, 2);
});
