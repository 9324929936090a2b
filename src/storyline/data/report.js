// storyline report: the page's only script, inlined and allowed by its CSP hash.
// It reads offsets from data attributes and article text from the DOM; it never builds HTML
// from strings, so article text can only ever become text.
(function () {
  "use strict";
  var mark = null;     // the <mark> currently highlighting a source sentence
  var pop = document.getElementById("pop");

  function textBox(link) {
    return document.getElementById("text-" + link.getAttribute("data-n"));
  }

  function rangeFor(box, start, end) {
    // Offsets are UTF-16 code units into the article text (the server converts them).
    var walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    var range = document.createRange(), pos = 0, started = false, node;
    while ((node = walker.nextNode())) {
      var len = node.data.length;
      if (!started && start <= pos + len) { range.setStart(node, start - pos); started = true; }
      if (started && end <= pos + len) { range.setEnd(node, end - pos); return range; }
      pos += len;
    }
    return null;
  }

  function clear() {
    if (mark) {
      var parent = mark.parentNode;
      while (mark.firstChild) { parent.insertBefore(mark.firstChild, mark); }
      parent.removeChild(mark);
      parent.normalize();
      mark = null;
    }
    var old = document.querySelectorAll(".active, .source.current");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("active", "current"); }
  }

  function show(link, scroll) {
    clear();
    var box = textBox(link);
    if (!box) { return null; }
    var range = rangeFor(box, +link.getAttribute("data-s"), +link.getAttribute("data-e"));
    if (!range) { return null; }
    mark = document.createElement("mark");
    mark.className = "hl";
    mark.appendChild(range.extractContents());
    range.insertNode(mark);
    link.classList.add("active");
    var details = box.closest("details");
    if (details) { details.open = true; }
    var source = box.closest(".source");
    if (source) { source.classList.add("current"); }
    if (scroll) { mark.scrollIntoView({ block: "center" }); }
    return mark.textContent;
  }

  function preview(link) {
    // Hovering shows the exact sentence in a tooltip without moving the highlight: a click
    // that scrolls the page must not let whatever lands under the pointer take it over.
    var box = textBox(link);
    var range = box && rangeFor(box, +link.getAttribute("data-s"), +link.getAttribute("data-e"));
    if (!pop || !range) { return; }
    pop.textContent = (link.getAttribute("data-label") || "") + "\u201c" + range.toString() + "\u201d";
    pop.hidden = false;
    var r = link.getBoundingClientRect();
    var top = r.bottom + 6;
    if (top + pop.offsetHeight > window.innerHeight) { top = Math.max(4, r.top - pop.offsetHeight - 6); }
    pop.style.top = top + "px";
    pop.style.left = Math.max(4, Math.min(r.left, window.innerWidth - pop.offsetWidth - 4)) + "px";
  }

  function marker(target) {
    return target && target.closest ? target.closest("a.cite[data-n], a.snippet[data-n]") : null;
  }

  // A tap or click on a marker pushes a history entry (the URL hash names the citation), so
  // the browser's Back undoes it. On a narrow screen the sentence opens in place in a sheet;
  // on a wide one the page jumps to it in its source and Back scrolls back.
  var sheet = document.getElementById("sheet");
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 48rem)") : { matches: false };

  function markers() { return document.querySelectorAll("a.cite[data-n], a.snippet[data-n]"); }

  function indexOf(link) {
    var all = markers();
    for (var i = 0; i < all.length; i++) { if (all[i] === link) { return i; } }
    return -1;
  }

  function openSheet(link) {
    var text = show(link, false);
    if (text === null || !sheet) { return false; }
    document.getElementById("sheet-label").textContent = (link.getAttribute("data-label") || "").replace(/: $/, "");
    document.getElementById("sheet-text").textContent = text;
    sheet.hidden = false;
    return true;
  }

  function closeSheet() { if (sheet) { sheet.hidden = true; } }

  function remember(state, hash) {
    // Keep where the reader was on the current entry, then add the new one.
    var here = history.state || {};
    here.y = window.scrollY;
    history.replaceState(here, "");
    history.pushState(state, "", hash);
  }

  function apply(state) {
    var all = markers();
    var link = state && state.cite >= 0 ? all[state.cite] : null;
    closeSheet();
    if (!link) { clear(); }
    else if (state.sheet) { openSheet(link); }
    else { show(link, state.y === undefined); }
    if (state && state.y !== undefined) { window.scrollTo(0, state.y); }
  }

  document.addEventListener("click", function (ev) {
    var link = marker(ev.target);
    if (!link) { return; }
    ev.preventDefault();
    if (pop) { pop.hidden = true; }
    var n = indexOf(link);
    var hash = "#cite-" + link.getAttribute("data-n") + "-" + link.getAttribute("data-s");
    if (narrow.matches && openSheet(link)) {
      remember({ cite: n, sheet: true }, hash);
      document.getElementById("sheet-close").focus({ preventScroll: true });
    } else {
      closeSheet();
      remember({ cite: n }, hash);
      show(link, true);
    }
  });
  function fromHash() {
    // A shared link to a citation (#cite-<source>-<offset>) names its marker.
    var wanted = /^#cite-(\d+)-(\d+)$/.exec(window.location.hash);
    var found = wanted && document.querySelector('a[data-n="' + wanted[1] + '"][data-s="' + wanted[2] + '"]');
    return found ? { cite: indexOf(found), sheet: narrow.matches } : null;
  }
  window.addEventListener("popstate", function (ev) {
    apply(ev.state && ev.state.cite !== undefined ? ev.state : (fromHash() || ev.state));
  });
  var opening = fromHash();
  if (opening) {
    history.replaceState(opening, "");
    if (!(opening.sheet && openSheet(markers()[opening.cite]))) { show(markers()[opening.cite], true); }
  }
  if (sheet) {
    document.getElementById("sheet-close").addEventListener("click", function () {
      if (history.state && history.state.sheet) { history.back(); } else { closeSheet(); clear(); }
    });
    document.getElementById("sheet-go").addEventListener("click", function (ev) {
      ev.preventDefault();
      var state = history.state || {};
      closeSheet();
      var source = mark && mark.closest(".source");
      remember({ cite: state.cite, source: true }, source ? "#" + source.id : "#sources");
      if (mark) { mark.scrollIntoView({ block: "center" }); }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && !sheet.hidden) { document.getElementById("sheet-close").click(); }
    });
  }

  // Print and copy-link need the script: their buttons are hidden until it runs.
  var printButton = document.getElementById("print");
  if (printButton && window.print) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var copyButton = document.getElementById("copy-link");
  if (copyButton && /^https?:$/.test(window.location.protocol) && navigator.clipboard) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      var url = window.location.href.split("#")[0];
      navigator.clipboard.writeText(url).then(function () {
        document.getElementById("copied").textContent = "Link copied.";
      }, function () {
        document.getElementById("copied").textContent = url;
      });
    });
  }

  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (ev) {
      var link = marker(ev.target);
      if (link) { preview(link); }
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (ev) {
      if (pop && marker(ev.target)) { pop.hidden = true; }
    });
  });

  // The upload page of `storyline serve`: post with XHR to show upload and build progress.
  var form = document.getElementById("brief-form");
  if (!form) { return; }
  var status = document.getElementById("status");
  var bar = document.getElementById("progress");

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "status error" : "status";
  }

  function fail(text, button) {
    // An error ends the run: the bar goes away with it, ready for the next try.
    say(text, true);
    bar.value = 0;
    bar.hidden = true;
    button.disabled = false;
  }

  function handle(line, button) {
    var msg;
    try { msg = JSON.parse(line); } catch (e) { return; }
    if (msg.status === "done") { say("Done. Opening the brief\u2026"); window.location.assign(msg.url); return; }
    if (msg.status === "error") { fail(msg.message, button); return; }
    say(msg.message || msg.status);
    if (typeof msg.progress === "number") { bar.value = msg.progress; }
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var button = form.querySelector("button");
    var xhr = new XMLHttpRequest(), seen = 0;
    button.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    say("Uploading\u2026");
    xhr.open("POST", form.getAttribute("data-stream"));
    xhr.setRequestHeader("Accept", "application/x-ndjson");
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { bar.value = 0.3 * e.loaded / e.total; }
    };
    xhr.onprogress = xhr.onload = function () {
      if (xhr.status >= 400) { return; }
      var lines = xhr.responseText.slice(seen).split("\n");
      var tail = lines.pop();
      seen = xhr.responseText.length - tail.length;
      lines.forEach(function (line) { handle(line, button); });
    };
    xhr.onloadend = function () {
      if (xhr.status >= 400 || xhr.status === 0) {
        var text = "The server could not be reached.";
        try { text = JSON.parse(xhr.responseText).error; } catch (e) { text = "Error " + xhr.status; }
        if (!text) { text = xhr.status ? "Error " + xhr.status : "The server could not be reached."; }
        fail(text, button);
      }
    };
    xhr.send(new FormData(form));
  });
})();
