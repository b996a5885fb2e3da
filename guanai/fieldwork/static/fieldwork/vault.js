// The offline store of the field app: IndexedDB (through idb, from npm) holding only ciphertext.
// The key is derived from the worker's PIN with PBKDF2 and never stored; AES-GCM encrypts the
// prepared bundle and every queued visit. Plain metadata: the salt, a check value, the wrong-PIN
// count, the time of the last sync, and the waiting count (for the badge, no personal data).
import { openDB, deleteDB } from "../vendor/idb/index.js";

const NAME = "guanai-field";
const ITERATIONS = 150000;
const CHECK = "guanai-field-check";
const enc = new TextEncoder();
const dec = new TextDecoder();

let dbPromise = null;

export function db() {
  dbPromise = dbPromise || openDB(NAME, 1, {
    upgrade(database) {
      database.createObjectStore("meta");
      database.createObjectStore("vault");
      database.createObjectStore("queue", { keyPath: "client_id" });
    },
  });
  return dbPromise;
}

export async function wipe() {
  if (dbPromise) { (await dbPromise).close(); dbPromise = null; }
  await deleteDB(NAME);
}

async function derive(pin, salt) {
  const base = await crypto.subtle.importKey("raw", enc.encode(pin), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey({ name: "PBKDF2", salt, iterations: ITERATIONS, hash: "SHA-256" }, base,
    { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

export async function seal(key, value) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, enc.encode(JSON.stringify(value)));
  return { iv, ct: new Uint8Array(ct) };
}

export async function open(key, box) {
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: box.iv }, key, box.ct);
  return JSON.parse(dec.decode(plain));
}

export async function lockInfo() {
  return (await db()).get("meta", "lock");
}

export async function lockSet(info) {
  return (await db()).put("meta", info, "lock");
}

// A new store for a PIN: the salt and a check value the PIN must open.
export async function create(pin, settings) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await derive(pin, salt);
  const check = await seal(key, CHECK);
  await lockSet({ salt, check, tries: 0, maxTries: settings.pin_tries, expiryDays: settings.expiry_days,
                  lastSync: Date.now() });
  return key;
}

// The key for a PIN, or null (and one more wrong try counted; at the limit everything is wiped).
export async function unlock(pin) {
  const info = await lockInfo();
  const key = await derive(pin, info.salt);
  try {
    if (await open(key, info.check) === CHECK) {
      info.tries = 0;
      await lockSet(info);
      return { key };
    }
  } catch (error) { /* a wrong PIN fails the AES-GCM tag */ }
  info.tries += 1;
  if (info.tries >= info.maxTries) {
    await wipe();
    return { wiped: true };
  }
  await lockSet(info);
  return { left: info.maxTries - info.tries };
}

export function expired(info) {
  return Date.now() - info.lastSync > info.expiryDays * 86400000;
}

export async function bundleGet(key) {
  const box = await (await db()).get("vault", "bundle");
  return box ? open(key, box) : null;
}

export async function bundlePut(key, bundle) {
  await (await db()).put("vault", await seal(key, bundle), "bundle");
}

export async function bundleDrop() {
  await (await db()).delete("vault", "bundle");
}

// Queued visits, in the order they were saved (seq); each sealed on its own.
export async function queuePut(key, item) {
  const box = await seal(key, item);
  await (await db()).put("queue", { client_id: item.client_id, seq: item.seq, state: item.state, ...box });
}

export async function queueAll(key) {
  const rows = await (await db()).getAll("queue");
  rows.sort((a, b) => a.seq - b.seq);
  return Promise.all(rows.map((row) => open(key, row)));
}

export async function queueCount() {
  return (await db()).count("queue");
}

export async function queueDrop(clientId) {
  await (await db()).delete("queue", clientId);
}
