// Signing out of Guanai anywhere removes the field app's offline store from this phone (issue 19:
// "removed at sign-out"), not only the app's own 退出并清除离线数据 button. Visits still waiting to be
// synced are never thrown away silently: the worker is asked, and may go to the app to sync first.
// Plain IndexedDB (this runs on every page, without the field app's modules); nothing is decrypted:
// only the queue's length is read.
(function () {
  "use strict";
  const NAME = "guanai-field";

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  async function storeExists() {
    if (!window.indexedDB || !indexedDB.databases) return false;
    return (await indexedDB.databases()).some((database) => database.name === NAME);
  }

  async function waiting() {
    const database = await request(indexedDB.open(NAME));
    try {
      if (!database.objectStoreNames.contains("queue")) return 0;
      return await request(database.transaction("queue").objectStore("queue").count());
    } finally {
      database.close();
    }
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches("form.logout") || form.dataset.fieldCleared) return;
    event.preventDefault();
    let go = true;
    try {
      if (await storeExists()) {
        const count = await waiting();
        if (count > 0 && !window.confirm(form.dataset.fieldWaiting.replace(/%?%\(n\)s/, count))) {
          go = false;
          window.location.href = form.dataset.fieldUrl;
        } else {
          await request(indexedDB.deleteDatabase(NAME));
        }
      }
    } catch (error) {
      // A browser that refuses IndexedDB here still signs out; the store stays locked by its PIN.
    }
    if (go) {
      form.dataset.fieldCleared = "1";
      form.submit();
    }
  });
})();
