/* A block of text with a copy button: what st.code shows for the e-mail summary and the share link,
 * without Streamlit's 1.5 MB syntax highlighter (a first check would fetch it). Mounted by copy_text.py
 * as an st.components.v2 component; its pure parts are tested in tests/js/copy_text.test.mjs. */

/* Copy through the Clipboard API where the page may use it (https, localhost); an intranet served over
 * plain http has no navigator.clipboard, so a selected textarea and execCommand("copy") do it there. */
export function copyText(text, clipboard, fallback) {
  if (clipboard && typeof clipboard.writeText === "function") {
    return clipboard.writeText(text).then(() => true, () => fallback(text));
  }
  return Promise.resolve(fallback(text));
}

export function copyBySelection(doc, text) {
  const area = doc.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  doc.body.appendChild(area);
  area.select();
  let copied = false;
  try { copied = doc.execCommand("copy"); } catch (error) { copied = false; }
  doc.body.removeChild(area);
  return copied;
}

/* What the button says after a click: the catalogue's "copied" or "not copied" (then the text stays
 * selectable by hand), back to its label after a moment. */
export function buttonText(data, outcome) {
  if (outcome === undefined) { return data.label; }
  return outcome ? data.copied : data.failed;
}

export default function mount(component) {
  const { parentElement, data } = component;
  const block = parentElement.querySelector("pre");
  const button = parentElement.querySelector("button");
  block.textContent = data.text;
  block.classList.toggle("wrap", Boolean(data.wrap));
  button.textContent = buttonText(data);
  button.onclick = () => {
    copyText(data.text, globalThis.navigator && navigator.clipboard, (text) => copyBySelection(document, text))
      .then((copied) => {
        button.textContent = buttonText(data, copied);
        setTimeout(() => { button.textContent = buttonText(data); }, 1500);
      });
  };
}
