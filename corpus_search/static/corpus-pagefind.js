/* Pagefind from plain scripts (pagefind/classic/, written by tools/search_offline.py): no module import, no fetch,
   no worker, so the same search runs from a folder (file://) and over HTTP. Each index file is a script that hands
   its bytes to corpusPagefindData; a failed script is reported to the page (corpusSearchUnavailable). */
"use strict";

(() => {
  const received = new Map(); // index file (relative to the bundle) -> its bytes, base64
  const loading = new Map(); // index file -> Promise of its bytes
  let bundle = null; // absolute URL of pagefind/classic/

  /** Tell the page that search cannot run (the search page shows its message). */
  function unavailable(detail) {
    if (typeof window.corpusSearchUnavailable === "function") window.corpusSearchUnavailable(detail);
  }

  /** Load a classic script; resolve when it has run, reject (and tell the page) when it cannot be loaded. */
  function script(src) {
    return new Promise((resolve, reject) => {
      const el = document.createElement("script");
      el.src = src;
      el.onload = () => {
        el.remove();
        resolve();
      };
      el.onerror = () => {
        el.remove();
        const err = new Error(`cannot load ${src}`);
        unavailable(err.message);
        reject(err);
      };
      document.head.appendChild(el);
    });
  }

  /** Decode base64 into bytes. */
  function bytes(text) {
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  /** Called by each data script with its file name and bytes. */
  window.corpusPagefindData = (key, data) => {
    received.set(key, data);
  };

  /** Pagefind's fetch of an index file, answered from its data script (the ?ts= cache tag is not needed). */
  window.corpusPagefindFetch = async (input) => {
    const url = new URL(String(input), window.location.href);
    url.search = "";
    const key = bundle && url.href.startsWith(bundle) ? url.href.slice(bundle.length) : null;
    if (!key) throw new Error(`not in the search index: ${url.href}`);
    if (!loading.has(key)) {
      loading.set(
        key,
        script(`${bundle}${key}.js`).then(() => {
          if (!received.has(key)) throw new Error(`${key}.js gave no data`);
          const data = bytes(received.get(key));
          received.delete(key);
          return data;
        }),
      );
    }
    return new Response(await loading.get(key));
  };

  /** In place of import(`${bundlePath}pagefind.js`) in Pagefind's UI: run the classic build, return its exports. */
  window.corpusPagefindImport = async (bundlePath) => {
    bundle = new URL(bundlePath, window.location.href).href;
    if (!window.corpusPagefindModule) await script(`${bundle}pagefind.js`);
    if (!window.corpusPagefindModule) {
      unavailable("pagefind.js did not start");
      throw new Error("pagefind.js did not start");
    }
    return window.corpusPagefindModule;
  };
})();
