/* Put the shared site tree (SITE_NAV) into this page's sidebar and mark where the reader is. */
(function () {
  "use strict";
  var holder = document.getElementById("site-nav");
  if (!holder || typeof SITE_NAV !== "string") return;
  var root = document.documentElement.getAttribute("data-content_root") || "";
  var template = document.createElement("template");
  template.innerHTML = SITE_NAV;
  var here = location.pathname.replace(/\/index\.html$/, "/");
  var links = template.content.querySelectorAll("a[href]");
  for (var i = 0; i < links.length; i++) {
    var a = links[i];
    var href = a.getAttribute("href");
    if (!/^([a-z][a-z0-9+.-]*:|#|\/)/i.test(href)) a.setAttribute("href", root + href);
    var url = new URL(a.href, location.href);
    if (url.hash || url.pathname.replace(/\/index\.html$/, "/") !== here) continue;
    a.classList.add("current");
    a.setAttribute("aria-current", "page");
    for (var li = a.closest("li"); li; li = li.parentElement && li.parentElement.closest("li")) {
      li.classList.add("current");
      var box = li.querySelector(":scope > input.toctree-checkbox");
      if (box) box.checked = true;
    }
    a.closest("li").classList.add("current-page");
  }
  holder.replaceChildren(template.content);
})();
