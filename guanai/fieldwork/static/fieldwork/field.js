// The field app: prepare while online, visit offline, sync when the network is back.
// Screens are built with DOM calls (textContent only), in #app. Strings come from the page (#field-text),
// translated by Django.
import * as vault from "./vault.js";

const T = JSON.parse(document.getElementById("field-text").textContent);
const URLS = JSON.parse(document.getElementById("field-urls").textContent);
const app = document.getElementById("app");
const state = { key: null, bundle: null, filter: "due", query: "", syncing: false };

function t(name, values) {
  let text = T[name] || name;
  for (const [k, v] of Object.entries(values || {})) text = text.replace(`{${k}}`, v);
  return text;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const child of children.flat()) if (child) node.append(child);
  return node;
}

function screen(...children) {
  app.replaceChildren(...children);
  window.scrollTo(0, 0);
}

function notice(text, kind) {
  const box = document.getElementById("notice");
  box.replaceChildren(text ? el("p", { class: `message message-${kind || "info"}`, role: "status", text }) : "");
}

function cookie(name) {
  const hit = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : "";
}

async function post(url, body) {
  return fetch(url, { method: "POST", credentials: "same-origin", body: JSON.stringify(body),
    headers: { "Content-Type": "application/json", "X-CSRFToken": cookie("csrftoken") } });
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function localNow() {
  const d = new Date();
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

function deviceId() {
  let id = localStorage.getItem("guanai-field-device");
  if (!id) { id = crypto.randomUUID(); localStorage.setItem("guanai-field-device", id); }
  return id;
}

async function badge() {
  const count = await vault.queueCount().catch(() => 0);
  const node = document.getElementById("badge");
  node.textContent = t("waiting", { n: count });
  node.hidden = count === 0;
  if (navigator.setAppBadge) (count ? navigator.setAppBadge(count) : navigator.clearAppBadge()).catch(() => {});
  return count;
}

// --- the lock -----------------------------------------------------------------------------------

function pinInput(id, label) {
  return el("p", { class: "fw-field" }, el("label", { for: id, text: label }),
    el("input", { id, type: "password", inputmode: "numeric", autocomplete: "off", pattern: "[0-9]{6}",
                  maxlength: "6", minlength: "6", required: true }));
}

function showPrepare(message) {
  const form = el("form", { class: "fw-card", id: "prepare-form", onsubmit: (e) => { e.preventDefault(); prepare(); } },
    el("h1", { text: t("prepare_title") }), el("p", { class: "muted", text: t("prepare_help") }),
    pinInput("pin", t("pin_new")), pinInput("pin2", t("pin_again")),
    el("button", { class: "button button-block", type: "submit", id: "prepare", text: t("prepare_button") }));
  screen(form);
  if (message) notice(message, "warning");
}

async function prepare() {
  const pin = document.getElementById("pin").value;
  if (!/^[0-9]{6}$/.test(pin)) return notice(t("pin_six"), "error");
  if (pin !== document.getElementById("pin2").value) return notice(t("pin_mismatch"), "error");
  if (!navigator.onLine) return notice(t("need_network"), "error");
  notice(t("preparing"));
  const bundle = await download();
  if (!bundle) return;
  await vault.wipe();
  state.key = await vault.create(pin, bundle.settings);
  await store(bundle);
  notice(t("prepared", { n: bundle.people.length }), "success");
  showList();
}

// Ask the server for the caseload; null (with the reason shown) when it cannot be had.
async function download() {
  let response;
  try {
    response = await post(URLS.prepare, { device: deviceId(), label: navigator.userAgent.slice(0, 120) });
  } catch (error) {
    notice(t("need_network"), "error");
    return null;
  }
  if (response.status === 410) { await revoked(); return null; }
  if (!response.ok) { signedOut(response.status); return null; }
  return response.json();
}

async function store(bundle) {
  state.bundle = bundle;
  await vault.bundlePut(state.key, bundle);
  const info = await vault.lockInfo();
  info.lastSync = Date.now();
  await vault.lockSet(info);
}

function signedOut(status) {
  const link = el("a", { href: `${URLS.login}?next=${encodeURIComponent(URLS.app)}`, text: t("sign_in") });
  const box = document.getElementById("notice");
  box.replaceChildren(el("p", { class: "message message-error", role: "alert" },
    status === 403 || status === 401 ? t("signed_out") : t("server_error", { n: status }), " ", link));
}

async function revoked() {
  await vault.wipe();
  state.key = null; state.bundle = null;
  showPrepare(t("revoked"));
  await badge();
}

function showUnlock(message) {
  screen(el("form", { class: "fw-card", id: "unlock-form", onsubmit: (e) => { e.preventDefault(); unlock(); } },
    el("h1", { text: t("unlock_title") }), pinInput("pin", t("pin")),
    el("button", { class: "button button-block", type: "submit", id: "unlock", text: t("unlock_button") }),
    el("p", {}, el("button", { class: "fw-link", type: "button", onclick: forget, text: t("remove_data") }))));
  if (message) notice(message, "error");
  document.getElementById("pin").focus();
}

async function unlock() {
  const result = await vault.unlock(document.getElementById("pin").value);
  if (result.wiped) { state.key = null; await badge(); return showPrepare(t("wiped_tries")); }
  if (!result.key) return showUnlock(t("pin_wrong", { n: result.left }));
  state.key = result.key;
  notice("");
  const info = await vault.lockInfo();
  if (vault.expired(info)) {
    await vault.bundleDrop();
    state.bundle = null;
    notice(t("expired", { n: info.expiryDays }), "warning");
  } else {
    state.bundle = await vault.bundleGet(state.key);
  }
  showList();
  if (navigator.onLine && (await badge()) > 0) sync();
}

async function forget() {
  const waiting = await badge();
  if (waiting && !window.confirm(t("remove_confirm", { n: waiting }))) return;
  await vault.wipe();
  state.key = null; state.bundle = null;
  await badge();
  showPrepare();
}

// --- the due list and the person card --------------------------------------------------------------

async function queuedPeople() {
  const items = await vault.queueAll(state.key);
  return new Map(items.map((item) => [item.person_id, item]));
}

async function showList() {
  if (!state.bundle) {
    return screen(el("section", { class: "fw-card" }, el("p", { text: t("no_list") }),
      el("button", { class: "button button-block", type: "button", onclick: sync, text: t("sync_button") })));
  }
  const queued = await queuedPeople();
  const now = today();
  const people = state.bundle.people.filter((p) => (state.filter === "all" || p.due_on <= now)
    && (!state.query || p.name.includes(state.query) || p.village.includes(state.query)));
  const tabs = el("div", { class: "fw-tabs", role: "group" },
    ...[["due", t("due_today")], ["all", t("everyone")]].map(([value, label]) => el("button", {
      type: "button", "aria-pressed": String(state.filter === value), text: label,
      onclick: () => { state.filter = value; showList(); } })));
  const search = el("input", { type: "search", id: "search", placeholder: t("search"), value: state.query,
    oninput: (e) => { state.query = e.target.value.trim(); clearTimeout(state.timer);
      state.timer = setTimeout(() => { showList().then(() => { const s = document.getElementById("search"); s.focus(); s.setSelectionRange(s.value.length, s.value.length); }); }, 250); } });
  const list = el("ul", { class: "fw-list", id: "due-list" }, ...people.map((p) => el("li", { "data-person": p.id },
    el("button", { type: "button", onclick: () => showPerson(p.id) },
      el("span", { class: "fw-name", text: p.name }),
      el("span", { class: `fw-risk fw-risk-${p.risk}`, text: p.risk_label }),
      el("span", { class: "fw-meta", text: `${p.village} · ${p.group_label}` }),
      el("span", { class: p.due_on < now ? "fw-due fw-overdue" : "fw-due",
                   text: queued.has(p.id) ? t("recorded_waiting") : `${t("due_on")} ${p.due_on}` })))));
  const head = el("p", { class: "muted fw-small", text: t("list_head", {
    n: people.length, total: state.bundle.total, at: state.bundle.prepared_at.slice(0, 16).replace("T", " ") }) });
  screen(tabs, search, head, people.length ? list : el("p", { class: "empty", text: t("nobody") }));
}

function personOf(id) {
  return state.bundle.people.find((p) => p.id === id);
}

function showPerson(id) {
  const p = personOf(id);
  const facts = [[t("sex_age"), [p.sex, p.age !== null ? t("age", { n: p.age }) : ""].filter(Boolean).join(" · ")],
    [t("id_number"), p.id_masked], [t("village"), p.village], [t("address"), p.address],
    [t("group"), `${p.group_label} · ${p.risk_label}`], [t("due_on"), `${p.due_on}（${p.due_reason}）`],
    [t("last_visit"), p.last_visit || "—"]];
  screen(el("article", { class: "fw-card", id: "person-card" },
    el("button", { class: "fw-link", type: "button", onclick: showList, text: `‹ ${t("back")}` }),
    el("h1", { text: p.name }),
    el("dl", { class: "fw-facts" }, ...facts.filter(([, v]) => v).map(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })])),
    p.phone ? el("p", {}, el("a", { class: "button button-small", href: `tel:${p.phone}`, text: `${t("call")} ${p.phone}` })) : null,
    p.needs.length ? el("section", {}, el("h2", { text: t("open_needs") }), el("ul", {}, ...p.needs.map((n) =>
      el("li", { text: `${n.urgent ? "【" + t("urgent") + "】" : ""}${n.kind}：${n.description}` })))) : null,
    el("button", { class: "button button-block", type: "button", id: "record", onclick: () => showForm(id), text: t("record") })));
}

// --- the visit form (from the server's form definition) ------------------------------------------

function fieldNode(field, value, errors) {
  const id = `f-${field.name}`;
  const current = value === undefined ? (field.kind === "datetime" ? localNow() : field.initial) : value;
  let input;
  if (field.kind === "radio") {
    input = el("div", { class: "fw-radios", role: "radiogroup", "aria-labelledby": `${id}-label` },
      ...field.choices.map(([v, label]) => el("label", { class: "fw-radio" },
        el("input", { type: "radio", name: field.name, value: v, checked: String(current) === v }), el("span", { text: label }))));
  } else if (field.kind === "select") {
    input = el("select", { id, name: field.name }, ...field.choices.map(([v, label]) =>
      el("option", { value: v, selected: String(current) === v, text: label })));
  } else if (field.kind === "checkbox") {
    input = el("input", { id, type: "checkbox", name: field.name, checked: current === true || current === "True" });
  } else if (field.kind === "textarea") {
    input = el("textarea", { id, name: field.name, rows: "3" });
    input.value = current || "";
  } else {
    input = el("input", { id, name: field.name, type: field.kind === "datetime" ? "datetime-local" : "text",
                          maxlength: field.max_length || null, value: current || "" });
  }
  return el("div", { class: errors ? "fw-field fw-error" : "fw-field", "data-field": field.name },
    el(field.kind === "radio" ? "span" : "label", { id: `${id}-label`, for: field.kind === "radio" ? null : id,
                                                     class: "fw-label", text: field.label }),
    input, ...(errors || []).map((m) => el("p", { class: "fw-errortext", text: m })));
}

function formValues(form) {
  const values = {};
  for (const section of state.bundle.form.sections) {
    for (const field of section.fields) {
      if (field.kind === "radio") values[field.name] = (form.querySelector(`input[name=${field.name}]:checked`) || {}).value || "";
      else if (field.kind === "checkbox") values[field.name] = form.elements[field.name].checked;
      else values[field.name] = form.elements[field.name].value;
    }
  }
  return values;
}

function showForm(personId, item) {
  const p = personOf(personId) || { name: item.person_name, id: personId };
  const values = item ? item.form : {};
  const errors = item ? item.errors || {} : {};
  const photos = item ? [...(item.photos || [])] : [];
  const photoList = el("div", { class: "fw-photos", id: "photos" });
  const drawPhotos = () => photoList.replaceChildren(...photos.map((src, i) => el("figure", {},
    el("img", { src: `data:image/jpeg;base64,${src}`, alt: t("photo_n", { n: i + 1 }) }),
    el("button", { type: "button", class: "fw-link", text: t("remove"), onclick: () => { photos.splice(i, 1); drawPhotos(); } }))));
  drawPhotos();
  const form = el("form", { class: "fw-card", id: "visit-form", novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    await save({ personId, person_name: p.name, item, form: formValues(e.target), photos });
  } },
  el("button", { class: "fw-link", type: "button", onclick: () => (item ? showQueue() : showPerson(personId)), text: `‹ ${t("back")}` }),
  el("h1", { text: `${t("record")}：${p.name}` }),
  ...(errors.__all__ || []).map((m) => el("p", { class: "message message-error", text: m })),
  ...state.bundle.form.sections.map((section) => el("fieldset", { class: "fw-section" },
    el("legend", { text: section.title }),
    ...section.fields.map((f) => fieldNode(f, values[f.name], errors[f.name])))),
  el("fieldset", { class: "fw-section" }, el("legend", { text: t("photos") }),
    el("label", { class: "button button-small fw-photo-button" }, t("add_photo"),
      el("input", { type: "file", accept: "image/*", capture: "environment", class: "visually-hidden", id: "photo-input",
        onchange: async (e) => {
          for (const file of e.target.files) {
            if (photos.length >= state.bundle.settings.photos_per_visit) { notice(t("photo_limit", { n: photos.length }), "warning"); break; }
            photos.push(await shrink(file, state.bundle.settings.photo_max_bytes));
          }
          e.target.value = ""; drawPhotos();
        } })),
    photoList, ...(errors.photos || []).map((m) => el("p", { class: "fw-errortext", text: m }))),
  el("button", { class: "button button-block", type: "submit", id: "save", text: t("save") }),
  el("p", { class: "muted fw-small", text: t("save_help") }));
  screen(form);
}

// A photo made small on the phone: longest side 1280 px, JPEG, quality lowered until under the limit.
async function shrink(file, limit) {
  const image = await createImageBitmap(file);
  const scale = Math.min(1, 1280 / Math.max(image.width, image.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(image.width * scale); canvas.height = Math.round(image.height * scale);
  canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
  let quality = 0.75, data;
  do {
    data = canvas.toDataURL("image/jpeg", quality).split(",")[1];
    quality -= 0.15;
  } while (data.length * 0.75 > limit && quality > 0.2);
  return data;
}

async function save({ personId, person_name, item, form, photos }) {
  const entry = { client_id: item ? item.client_id : crypto.randomUUID(), seq: item ? item.seq : Date.now(),
    state: "waiting", person_id: personId, person_name, device_time: new Date().toISOString(), form, photos, errors: {} };
  await vault.queuePut(state.key, entry);
  await badge();
  notice(t("saved", { name: person_name }), "success");
  if (navigator.onLine) sync(); else showList();
}

// --- the queue and the sync ------------------------------------------------------------------------

async function showQueue() {
  const items = await vault.queueAll(state.key);
  screen(el("section", { class: "fw-card", id: "queue" },
    el("h1", { text: t("queue_title") }),
    items.length ? el("ul", { class: "fw-list" }, ...items.map((item) => el("li", { "data-client": item.client_id, "data-state": item.state },
      el("button", { type: "button", onclick: () => showForm(item.person_id, item) },
        el("span", { class: "fw-name", text: item.person_name }),
        el("span", { class: "fw-meta", text: item.form.visited_at.replace("T", " ") }),
        el("span", { class: item.state === "rejected" ? "fw-due fw-overdue" : "fw-due",
                     text: item.state === "rejected" ? t("rejected") : t("waiting_one") }),
        ...Object.entries(item.errors || {}).map(([name, messages]) => el("span", { class: "fw-errortext",
          text: `${labelOf(name)}：${messages.join(" ")}` })))))) : el("p", { class: "empty", text: t("queue_empty") }),
    el("button", { class: "button button-block", type: "button", onclick: sync, text: t("sync_button") })));
}

function labelOf(name) {
  for (const section of state.bundle ? state.bundle.form.sections : []) {
    for (const field of section.fields) if (field.name === name) return field.label;
  }
  return name === "photos" ? t("photos") : name === "__all__" ? t("whole_visit") : name;
}

async function sync() {
  if (!state.key || state.syncing) return;
  state.syncing = true;
  notice(t("syncing"));
  const done = { sent: 0, rejected: 0, held: 0 };
  try {
    for (const item of await vault.queueAll(state.key)) {
      if (item.state === "rejected") continue;
      let response;
      try {
        response = await post(URLS.sync, { device: deviceId(), client_id: item.client_id, person_id: item.person_id,
          device_time: item.device_time, form: item.form, photos: item.photos || [] });
      } catch (error) {
        notice(t("offline_now"), "warning");
        return;
      }
      if (response.status === 410) return revoked();
      if (response.status === 404) {
        item.state = "rejected"; item.errors = { __all__: [t("not_found")] };
        await vault.queuePut(state.key, item); done.rejected += 1; continue;
      }
      if (!response.ok) return signedOut(response.status);
      const result = await response.json();
      if (result.status === "rejected") {
        item.state = "rejected"; item.errors = result.errors;
        await vault.queuePut(state.key, item); done.rejected += 1;
      } else {
        await vault.queueDrop(item.client_id);
        done.sent += 1; if (result.flag) done.held += 1;
      }
    }
    const bundle = await download();
    if (bundle) await store(bundle);
    notice(t("synced", done), done.rejected ? "warning" : "success");
    if (done.rejected) showQueue(); else showList();
  } finally {
    state.syncing = false;
    await badge();
  }
}

async function signOut() {
  const waiting = await badge();
  if (waiting && !window.confirm(t("sign_out_confirm", { n: waiting }))) return;
  await vault.wipe();
  document.getElementById("logout-form").submit();
}

// --- start ----------------------------------------------------------------------------------------

// A failed registration (a dropped connection, a busy server) is tried again a few times: without the
// worker the app would not open the next time there is no signal.
function registerWorker(attempt) {
  navigator.serviceWorker.register(URLS.sw, { scope: URLS.app }).catch(() => {
    if (attempt < 5) setTimeout(() => registerWorker(attempt + 1), 1000 * 2 ** attempt);
  });
}

async function boot() {
  if (/MicroMessenger/i.test(navigator.userAgent)) document.getElementById("wechat").hidden = false;
  if (!window.isSecureContext) {
    document.getElementById("insecure").hidden = false;
    return;
  }
  if (!("serviceWorker" in navigator) || !window.crypto || !crypto.subtle || !window.indexedDB) {
    document.getElementById("unsupported").hidden = false;
    return;
  }
  registerWorker(0);
  document.getElementById("sync-now").addEventListener("click", () => (state.key ? sync() : null));
  document.getElementById("badge").addEventListener("click", () => (state.key ? showQueue() : null));
  document.getElementById("home").addEventListener("click", () => (state.key ? showList() : null));
  document.getElementById("lock").addEventListener("click", () => { state.key = null; state.bundle = null; showUnlock(); });
  document.getElementById("sign-out").addEventListener("click", signOut);
  window.addEventListener("online", () => { document.body.classList.remove("is-offline"); sync(); });
  window.addEventListener("offline", () => document.body.classList.add("is-offline"));
  document.body.classList.toggle("is-offline", !navigator.onLine);
  await badge();
  if (await vault.lockInfo()) showUnlock(); else showPrepare();
}

boot();
