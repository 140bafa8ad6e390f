// Live preview only (make serve): show the build's errors on the page, so none is hidden by the preview.
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-content_root") || "./";
  function show(errors) {
    var old = document.getElementById("reiki-preview-errors");
    if (old) old.remove();
    if (!errors.length) return;
    var box = document.createElement("section");
    box.id = "reiki-preview-errors";
    box.setAttribute("role", "alert");
    box.className = "reiki-preview-errors";
    var head = document.createElement("h2");
    head.textContent = "ビルドで " + errors.length + " 件の誤りが見つかった（直すまで make html は通らない）";
    box.appendChild(head);
    var list = document.createElement("ul");
    errors.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.insertBefore(box, document.body.firstChild);
  }
  fetch(root + "_preview-errors.json", { cache: "no-store" })
    .then(function (r) { return r.ok ? r.json() : { errors: [] }; })
    .then(function (data) { show(data.errors || []); })
    .catch(function () { /* no report: nothing to show */ });
})();
