/* Start Pagefind's UI on the search page: normalise the query, link results below the site root, read ?q=;
   load the index as plain scripts (corpus-pagefind.js) and say so when search cannot run. */
"use strict";

/** Fold full-width digits, Latin letters and spaces to ASCII and half-width katakana to full width (第７条 = 第7条). */
function corpusFold(term) {
  return term
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/[\uFF61-\uFF9F]+/g, (s) => s.normalize("NFKC"));
}

/** Remove the spaces the index put between Japanese words (not between two Latin words or numbers); merge marks. */
function corpusJoin(html) {
  return (html || "")
    .replace(/([^\s>])((?:<\/?mark>)*)\s+(?=((?:<\/?mark>)*)([^\s<]))/g, (all, a, tags, _next, b) =>
      /[A-Za-z0-9]/.test(a) && /[A-Za-z0-9]/.test(b) ? all : a + tags,
    )
    .replace(/<\/mark><mark>/g, "");
}

/** Make a result readable: joined words in its title, excerpt and sub-results. */
function corpusResult(result) {
  if (document.documentElement.lang !== "ja") return result;
  result.meta.title = corpusJoin(result.meta.title);
  result.excerpt = corpusJoin(result.excerpt);
  for (const sub of result.sub_results || []) {
    sub.title = corpusJoin(sub.title);
    sub.excerpt = corpusJoin(sub.excerpt);
  }
  return result;
}

/** Show the page's message that search cannot run here (instead of a status that never ends). */
function corpusSearchUnavailable(detail) {
  const note = document.getElementById("corpus-search-unavailable");
  const root = document.getElementById("corpus-search");
  if (root) root.dataset.unavailable = "";
  if (note && note.hidden) {
    note.hidden = false;
    console.warn(`search cannot run: ${detail}`);
  }
  window.corpusSearchError = detail;
}

/** Report a search that still says "searching" after this many milliseconds (the loader reports most failures). */
const CORPUS_SEARCH_PATIENCE = 10000;

/** Watch the status line: a search that never finishes becomes the message, not an endless "searching". */
function corpusSearchWatch(root) {
  let since = null;
  const timer = window.setInterval(() => {
    const status = root.querySelector(".pagefind-ui__message");
    const searching = status && /検索しています|Searching for/.test(status.textContent);
    since = searching ? (since ?? Date.now()) : null;
    if (since !== null && Date.now() - since > CORPUS_SEARCH_PATIENCE) {
      window.clearInterval(timer);
      corpusSearchUnavailable("no answer from the search index");
    }
  }, 500);
  window.addEventListener("unhandledrejection", (event) => {
    const reason = event.reason;
    if (/pagefind/i.test(String((reason && reason.stack) || reason))) corpusSearchUnavailable(String(reason));
  });
}

/** Create the search UI in #corpus-search and run the query given in the address (?q=), if any. */
function corpusSearchStart() {
  const root = document.getElementById("corpus-search");
  if (!root) return;
  if (typeof PagefindUI === "undefined" || typeof corpusPagefindImport === "undefined") {
    corpusSearchUnavailable("pagefind/classic/pagefind-ui.js is missing");
    return;
  }
  const rootUrl = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
  const ui = new PagefindUI({
    element: root,
    baseUrl: rootUrl.pathname,
    bundlePath: new URL("pagefind/classic/", rootUrl).href,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    excerptLength: 60,
    debounceTimeoutMs: 150,
    processTerm: corpusFold,
    processResult: corpusResult,
    translations:
      document.documentElement.lang === "ja" ? { placeholder: "例規集を検索（例：操作者識別カード、規程第7条）" } : {},
  });
  corpusSearchWatch(root);
  const input = root.querySelector("input");
  if (input) input.setAttribute("aria-labelledby", "corpus-search-label");
  const q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
  window.corpusSearch = ui;
}

document.addEventListener("DOMContentLoaded", corpusSearchStart);
