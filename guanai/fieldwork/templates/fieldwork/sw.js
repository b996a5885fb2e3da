// The field app's service worker (hand-written: one cache, a dozen files). It keeps the app shell, which
// holds no personal data, so the app opens with no network; personal data lives only encrypted in
// IndexedDB. The API is never cached. Version {{ version }}.
const CACHE = "guanai-field-{{ version }}";
const SHELL = "{{ shell }}";
const URLS = {{ urls|safe }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(URLS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("guanai-field-") && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The shell and its files: from the cache at once (opens in well under a second with no signal), and
// refreshed in the background when the network answers with a good page (not a redirect to sign-in).
self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const isShell = request.mode === "navigate" && url.pathname === SHELL;
  if (!isShell && !URLS.includes(url.pathname)) return;
  const key = isShell ? SHELL : url.pathname;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const cached = await cache.match(key);
    const fresh = fetch(request).then((response) => {
      if (response.ok && !response.redirected) cache.put(key, response.clone());
      return response;
    });
    if (cached) {
      event.waitUntil(fresh.catch(() => null));
      return cached;
    }
    return fresh;
  }));
});
