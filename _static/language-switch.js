/* Language switch: the same page, at the same place (#anchor), in the other language, in either layout —
   make site (site/ja/ and site/en/) or the build folders side by side (_build/html/ and _build/html-en/). */
"use strict";

(() => {
  /** The other edition's root folder name for this layout: ja <-> en, html <-> html-en; null when unknown. */
  function otherRoot(name, here, lang) {
    if (name === here) return lang;
    if (here === "ja" && lang === "en") return `${name}-en`;
    if (here === "en" && name.endsWith("-en")) return name.slice(0, -3);
    return null;
  }

  /** The address of this page and place in the language of link (hreflang), or null when the layout is unknown. */
  function target(link) {
    const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
    const here = (document.documentElement.lang || "ja").split("-")[0];
    const parts = root.pathname.split("/"); // the root ends with "/": its folder is the second last part
    const other = otherRoot(decodeURIComponent(parts[parts.length - 2] || ""), here, link.hreflang);
    if (!other) return null;
    parts[parts.length - 2] = encodeURIComponent(other);
    const otherBase = new URL(root.href);
    otherBase.pathname = parts.join("/");
    const page = window.location.href.split("#")[0].slice(root.href.length);
    return new URL(page, otherBase).href + window.location.hash;
  }

  /** Point every language link at the same page and place (the page's own link stays the fallback). */
  function update() {
    for (const link of document.querySelectorAll("a.language-other[hreflang]")) {
      const url = target(link);
      if (url) link.href = url;
    }
  }

  document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("hashchange", update);
  // the place may have changed without a hashchange (a link followed inside the page): read it when used
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("a.language-other")) update();
  });
})();
