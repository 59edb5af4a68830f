// API docs of `formafin serve`: renders /openapi.json as plain HTML (no external resource).
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function refName(ref) { return ref.split("/").pop(); }

// The descriptions are Markdown; this page shows them as plain text.
function plain(text) { return String(text || "").replace(/\*\*|\*|`/g, ""); }

function typeOf(schema) {
  if (!schema) return "—";
  if (schema.$ref) return el("a", { href: `#schema-${refName(schema.$ref)}` }, refName(schema.$ref));
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    if (schema[key]) {
      const parts = [];
      schema[key].forEach((s, i) => { if (i) parts.push(" | "); parts.push(typeOf(s)); });
      return el("span", {}, parts);
    }
  }
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.type === "array") return el("span", {}, typeOf(schema.items), "[]");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  return schema.format ? `${schema.type} (${schema.format})` : (schema.type || "objet");
}

function content(map) {
  return Object.entries(map || {}).map(([media, value]) =>
    el("li", {}, el("code", {}, media), " : ", el("span", { class: "type" }, typeOf(value.schema))));
}

function operation(path, method, op) {
  const id = `op-${op.operationId || method + path}`;
  const params = (op.parameters || []).map((p) => el("li", {},
    el("code", {}, p.name), ` (${p.in}${p.required ? ", obligatoire" : ""}) : `,
    el("span", { class: "type" }, typeOf(p.schema)), p.description ? ` — ${plain(p.description)}` : ""));
  const responses = Object.entries(op.responses || {}).map(([status, r]) => el("li", {},
    el("strong", {}, status), ` ${r.description || ""}`, el("ul", {}, content(r.content))));
  return el("article", { class: "op", id },
    el("h2", {}, el("span", { class: "method" }, method.toUpperCase()), " ", el("span", { class: "path" }, path)),
    el("p", {}, el("strong", {}, op.summary || "")),
    op.description ? el("p", {}, plain(op.description)) : null,
    params.length ? [el("h3", {}, "Paramètres"), el("ul", {}, params)] : null,
    op.requestBody ? [el("h3", {}, "Corps"), el("ul", {}, content(op.requestBody.content))] : null,
    el("h3", {}, "Réponses"), el("ul", {}, responses));
}

function schemaBlock(name, schema) {
  const required = new Set(schema.required || []);
  const rows = Object.entries(schema.properties || {}).map(([prop, s]) => el("tr", {},
    el("td", {}, el("code", {}, prop)), el("td", { class: "type" }, typeOf(s)),
    el("td", {}, required.has(prop) ? "oui" : "non"), el("td", {}, s.description || "")));
  return el("section", { class: "schema", id: `schema-${name}` },
    el("h3", {}, name),
    schema.description ? el("p", {}, schema.description) : null,
    rows.length
      ? el("div", { class: "table-wrap" }, el("table", {},
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Champ"), el("th", { scope: "col" }, "Type"),
            el("th", { scope: "col" }, "Obligatoire"), el("th", { scope: "col" }, "Description"))),
          el("tbody", {}, rows)))
      : el("p", { class: "type" }, typeOf(schema)));
}

document.addEventListener("DOMContentLoaded", async () => {
  const doc = await (await fetch("/openapi.json")).json();
  document.getElementById("description").append(
    el("p", {}, `${doc.info.title} ${doc.info.version} — OpenAPI ${doc.openapi}`),
    ...doc.info.description.split("\n\n").map((p) => el("p", {}, plain(p))));
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const article = operation(path, method, op);
      document.getElementById("operations").append(article);
      document.getElementById("toc").append(el("li", {}, el("a", { href: `#${article.id}` }, `${method.toUpperCase()} ${path}`)));
    }
  }
  for (const [name, schema] of Object.entries((doc.components || {}).schemas || {})) {
    document.getElementById("schema-list").append(schemaBlock(name, schema));
  }
  document.body.dataset.ready = "true";
});
