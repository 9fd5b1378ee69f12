// The report's one script: filters the contradiction cards by severity, kind, review status,
// attribute and entity, and keeps the choice in the address (#severity=high&entity=alexnet).
// Allowed by its hash in the page's Content-Security-Policy; it reads the page and sets
// `hidden`, and loads, sends and writes nothing else.
(() => {
  const form = document.getElementById("filter");
  if (!form) return;
  const cards = Array.from(document.querySelectorAll("article.contradiction"));
  const fields = ["severity", "kind", "status", "attribute", "entity"];
  const count = document.getElementById("filter-count");
  const asked = new URLSearchParams(location.hash.slice(1));
  for (const f of fields) if (asked.has(f)) form.elements[f].value = asked.get(f);
  const apply = () => {
    const want = Object.fromEntries(fields.map((f) => [f, form.elements[f].value.trim()]));
    const entity = want.entity.toLowerCase();
    let shown = 0;
    for (const card of cards) {
      const data = card.dataset;
      const keep = fields.every((f) =>
        f === "entity" ? !entity || data.entity.toLowerCase().includes(entity) : !want[f] || data[f] === want[f]
      );
      card.hidden = !keep;
      shown += keep;
    }
    count.textContent = `${shown} of ${cards.length} contradictions shown`;
    return new URLSearchParams(fields.filter((f) => want[f]).map((f) => [f, want[f]])).toString();
  };
  const remember = () => {
    const state = apply();
    try {
      history.replaceState(null, "", state ? `#${state}` : location.pathname);
    } catch (e) {
      // a viewer that keeps the address as it is: the filter still applies
    }
  };
  form.addEventListener("input", remember);
  form.addEventListener("change", remember);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
})();
