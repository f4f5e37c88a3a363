// The copy button's own logic (pages/shared/copy_text.mjs): which way it copies, what it says after.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buttonText, copyBySelection, copyText } from "../../pages/shared/copy_text.mjs";

const labels = { label: "Copy", copied: "Copied", failed: "Not copied" };

test("the Clipboard API is used where the page has it", async () => {
  const written = [];
  const clipboard = { writeText: async (text) => { written.push(text); } };
  const copied = await copyText("B1-20070275", clipboard, () => assert.fail("no fallback needed"));
  assert.equal(copied, true);
  assert.deepEqual(written, ["B1-20070275"]);
});

test("a page without the Clipboard API (plain http) copies through a selection", async () => {
  const seen = [];
  assert.equal(await copyText("深圳", undefined, (text) => { seen.push(text); return true; }), true);
  assert.deepEqual(seen, ["深圳"]);
});

test("a refused Clipboard API falls back, and a failed fallback says so", async () => {
  const refusing = { writeText: () => Promise.reject(new Error("NotAllowedError")) };
  assert.equal(await copyText("x", refusing, () => false), false);
  assert.equal(buttonText(labels, false), "Not copied");
  assert.equal(buttonText(labels, true), "Copied");
  assert.equal(buttonText(labels), "Copy");
});

test("the selection copy leaves the page as it found it", () => {
  const children = [];
  let selected = null;
  const doc = {
    body: { appendChild: (node) => children.push(node), removeChild: (node) => children.splice(children.indexOf(node), 1) },
    createElement: () => ({ style: {}, setAttribute() {}, select() { selected = this.value; } }),
    execCommand: (command) => command === "copy" && selected === "line one\nline two",
  };
  assert.equal(copyBySelection(doc, "line one\nline two"), true);
  assert.equal(children.length, 0);
  const throwing = { ...doc, execCommand: () => { throw new Error("unsupported"); } };
  assert.equal(copyBySelection(throwing, "x"), false);
  assert.equal(children.length, 0);
});
