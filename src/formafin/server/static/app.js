// The page of `formafin serve`: a dossier in (form or JSON), the estimate out, in French.
// Plain JavaScript, no dependency; amounts stay decimal strings (never floats).
"use strict";

const LABELS = JSON.parse(document.getElementById("labels").textContent);
let base = {}; // the last dossier loaded from JSON: fields the form does not show are kept

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// "3380.00" -> "3 380,00 €" (no-break spaces, like formafin's format_eur), by string only.
function eur(text) {
  const [whole, cents = "00"] = String(text).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  return `${grouped},${cents.padEnd(2, "0")}\u00a0€`;
}

function getPath(obj, path) {
  return path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function setPath(obj, path, value) {
  const keys = path.split(".");
  let node = obj;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last]; else node[last] = value;
}

function prune(obj) {
  for (const [key, value] of Object.entries(obj)) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      prune(value);
      if (Object.keys(value).length === 0) delete obj[key];
    }
  }
  return obj;
}

function fields() { return Array.from(document.querySelectorAll("#form [data-path]")); }

function traineeRow(trainee) {
  const row = $("trainee-row").content.firstElementChild.cloneNode(true);
  const index = $("trainees").children.length + 1;
  for (const input of row.querySelectorAll("[data-field]")) {
    input.value = (trainee && trainee[input.dataset.field]) || "";
    input.id = `trainee-${index}-${input.dataset.field}`;
  }
  row.querySelector("[data-remove]").addEventListener("click", () => {
    row.remove();
    const first = $("trainees").querySelector("input");
    (first || $("add-trainee")).focus();
  });
  $("trainees").append(row);
  return row;
}

function fill(dossier) {
  base = JSON.parse(JSON.stringify(dossier));
  for (const input of fields()) {
    const value = getPath(dossier, input.dataset.path);
    if (input.type === "checkbox") input.checked = Array.isArray(value) && value.includes(input.value);
    else input.value = value === undefined || value === null ? "" : String(value);
  }
  $("trainees").replaceChildren();
  for (const trainee of dossier.trainees || []) traineeRow(trainee);
  if (!(dossier.trainees || []).length) traineeRow({});
}

function collect() {
  const dossier = JSON.parse(JSON.stringify(base));
  const lists = {};
  for (const input of fields()) {
    const path = input.dataset.path;
    if (input.type === "checkbox") {
      lists[path] = lists[path] || [];
      if (input.checked) lists[path].push(input.value);
      continue;
    }
    const text = input.value.trim();
    const value = text === "" ? undefined : (input.dataset.kind === "decimal" ? text.replace(",", ".").replace(/\s/g, "") : text);
    setPath(dossier, path, value);
  }
  for (const [path, values] of Object.entries(lists)) setPath(dossier, path, values.length ? values : undefined);
  const costs = getPath(dossier, "action.costs");
  if (costs) for (const key of ["pedagogical", "salary", "annex"]) if (costs[key] === undefined) costs[key] = "0";
  const previous = base.trainees || [];
  dossier.trainees = Array.from($("trainees").children).map((row, i) => {
    const trainee = Object.assign({}, previous[i] || {});
    for (const input of row.querySelectorAll("[data-field]")) {
      if (input.value.trim()) trainee[input.dataset.field] = input.value.trim();
      else delete trainee[input.dataset.field];
    }
    return trainee;
  });
  return prune(dossier);
}

function clearErrors() {
  $("errors").hidden = true;
  $("errors").replaceChildren();
  for (const input of document.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
}

function inputFor(field) {
  const path = field.replace(/^dossier\./, "");
  const trainee = /^trainees\[(\d+)\]\.(\w+)/.exec(path);
  if (trainee) return $(`trainee-${Number(trainee[1]) + 1}-${trainee[2]}`);
  return fields().find((input) => input.dataset.path === path) || null;
}

function showProblem(problem) {
  const box = $("errors");
  const items = (problem.errors || []).map((error) => {
    const input = inputFor(error.field);
    if (input) input.setAttribute("aria-invalid", "true");
    const label = input && input.id ? el("a", { href: `#${input.id}` }, error.field) : error.field;
    return el("li", {}, label, ` : ${error.message}`);
  });
  box.replaceChildren(
    el("h2", {}, problem.title || "Erreur"),
    items.length ? el("ul", {}, items) : el("p", {}, problem.detail || ""),
  );
  box.hidden = false;
  box.focus();
}

function sources(references) {
  if (!references || !references.length) return null;
  const parts = [];
  references.forEach((ref, i) => {
    if (i) parts.push(", ");
    const text = ref.title ? `${ref.id} (${ref.title})` : ref.id;
    parts.push(ref.url ? el("a", { href: ref.url, rel: "noreferrer" }, text) : text);
  });
  return el("p", { class: "sources" }, "Sources : ", parts);
}

function renderEstimate(estimate) {
  const opco = estimate.opco && estimate.opco.opco ? estimate.opco.opco : "à préciser";
  const totals = el("dl", { class: "totals" },
    el("div", {}, el("dt", {}, "Coût total"), el("dd", { id: "total-cost" }, eur(estimate.total_cost))),
    el("div", {}, el("dt", {}, "Total financé"), el("dd", { id: "total-funded" }, eur(estimate.total_funded))),
    el("div", { class: "main" }, el("dt", {}, "Reste à charge"), el("dd", { id: "remaining-cost", "data-amount": estimate.remaining_cost }, eur(estimate.remaining_cost))),
    el("div", {}, el("dt", {}, "dont employeur"), el("dd", { id: "remaining-employer", "data-amount": estimate.remaining_employer }, eur(estimate.remaining_employer))),
    el("div", {}, el("dt", {}, "dont stagiaire"), el("dd", { id: "remaining-trainee", "data-amount": estimate.remaining_trainee }, eur(estimate.remaining_trainee))),
  );
  const range = estimate.remaining_cost_range
    ? el("p", {}, `Fourchette indicative du reste à charge : ${eur(estimate.remaining_cost_range.low)} à ${eur(estimate.remaining_cost_range.high)}.`)
    : null;
  const rows = estimate.lines.map((line) => el("tr", {},
    el("td", {}, LABELS.scheme[line.scheme] || line.scheme),
    el("td", {}, LABELS.category[line.category] || line.category),
    el("td", {}, LABELS.payer[line.payer] || line.payer),
    el("td", { class: "amount" }, eur(line.amount), line.range ? el("div", { class: "sources" }, `indicatif : ${eur(line.range.low)} à ${eur(line.range.high)}`) : null),
    el("td", {}, line.basis, el("div", { class: "sources" }, line.explanation)),
  ));
  const table = estimate.lines.length
    ? el("div", { class: "table-wrap" }, el("table", { id: "lines" },
        el("caption", { class: "sources" }, "Financements par dispositif et catégorie de coût"),
        el("thead", {}, el("tr", {},
          el("th", { scope: "col" }, "Dispositif"), el("th", { scope: "col" }, "Catégorie"),
          el("th", { scope: "col" }, "Financeur"), el("th", { scope: "col", class: "amount" }, "Montant"),
          el("th", { scope: "col" }, "Calcul"))),
        el("tbody", {}, rows)))
    : el("p", {}, "Aucun financement.");
  const decisions = estimate.decisions.map((decision) => el("article", { class: `decision ${decision.status}` },
    el("h4", {}, `${decision.eligible ? "✔" : "✘"} ${LABELS.scheme[decision.scheme] || decision.scheme} : ${LABELS.status[decision.status] || decision.status}`),
    decision.reasons.length ? el("ul", {}, decision.reasons.map((r) => el("li", {}, el("code", {}, r.code), ` — ${r.message}`))) : null,
    decision.eligible && decision.checks.length ? el("ul", {}, decision.checks.map((c) => el("li", {}, `✓ ${c.message}`))) : null,
    sources(decision.references),
  ));
  const warnings = estimate.warnings.length
    ? [el("h3", {}, "Avertissements"), el("ul", { class: "warnings" }, estimate.warnings.map((n) => el("li", {}, n.message)))]
    : [];
  const aids = (estimate.aids || []).length
    ? [el("h3", {}, "Aides à l'employeur (hors coût de la formation)"), el("ul", {}, estimate.aids.map((a) => el("li", {}, `${a.label} : ${a.eligible ? eur(a.amount) + " — " + a.basis : "non due"}`)))]
    : [];
  $("result").replaceChildren(
    el("h2", {}, "Résultat"),
    el("p", {}, `Règles ${estimate.ruleset_version} au ${estimate.as_of.split("-").reverse().join("/")} · OPCO : ${opco}`),
    totals, range,
    el("h3", {}, "Financements"), table,
    ...aids,
    el("h3", {}, "Décisions"), ...decisions,
    ...warnings,
  );
  $("result").hidden = false;
  $("result").focus();
}

async function estimate(dossier) {
  clearErrors();
  const request = { dossier };
  if ($("as-of").value) request.as_of = $("as-of").value;
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if ($("api-key").value) headers.Authorization = `Bearer ${$("api-key").value}`;
  $("submit").disabled = true;
  try {
    const response = await fetch("/v1/estimate", { method: "POST", headers, body: JSON.stringify(request) });
    const body = await response.json();
    if (response.ok) renderEstimate(body); else { $("result").hidden = true; showProblem(body); }
  } catch (error) {
    showProblem({ title: "Le service ne répond pas", detail: String(error) });
  } finally {
    $("submit").disabled = false;
  }
}

function fillFromJson() {
  clearErrors();
  try {
    fill(JSON.parse($("json-input").value));
    $("company-headcount").focus();
  } catch (error) {
    showProblem({ title: "JSON invalide", detail: String(error.message || error) });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  fill({});
  $("add-trainee").addEventListener("click", () => traineeRow({}).querySelector("input").focus());
  $("json-fill").addEventListener("click", fillFromJson);
  $("form").addEventListener("submit", (event) => { event.preventDefault(); estimate(collect()); });
  document.body.dataset.ready = "true";
});
