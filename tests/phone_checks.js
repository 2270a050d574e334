// Run in a course page: what would trouble a learner on a phone.
() => {
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
  };
  const small = [];
  const controls = "button, input, textarea, select, a.mystory-open, a.mystory-download";
  for (const e of document.querySelectorAll(controls)) {
    if (!visible(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.width < 24 || r.height < 24) {
      small.push((e.getAttribute("aria-label") || e.outerHTML).slice(0, 80));
    }
  }
  const tiny = [];
  const texts = ".jp-RenderedHTMLCommon p, .jp-RenderedHTMLCommon li, .widget-label, .mystory-why";
  for (const e of document.querySelectorAll(texts)) {
    if (!visible(e) || !e.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < 16) tiny.push(`${e.textContent.trim().slice(0, 40)} (${size}px)`);
  }
  const noAlt = [...document.querySelectorAll("img")]
    .filter((i) => !(i.getAttribute("alt") || "").trim())
    .map((i) => i.outerHTML.slice(0, 80));
  const charts = [...document.querySelectorAll(".mystory-chart")].filter((f) => {
    const caption = f.querySelector("figcaption");
    return !caption || !caption.textContent.trim();
  }).length;
  // Every control has a name people can see: its label, its own text or (grid cells) a name
  // that contains the text shown on it.
  const unnamed = [];
  for (const e of document.querySelectorAll("button, input, textarea, select")) {
    if (!visible(e) && !(e.type === "file")) continue;
    const labels = e.labels ? [...e.labels].map((l) => l.textContent.trim()).join(" ") : "";
    const own = e.textContent.trim();
    const aria = e.getAttribute("aria-label") || "";
    const name = aria || labels || own;
    if (!name || (aria && own && !aria.includes(own))) unnamed.push(e.outerHTML.slice(0, 80));
  }
  return { scroll: document.documentElement.scrollWidth, small, tiny, noAlt, charts, unnamed };
}
