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

  document.addEventListener("click", function (ev) {
    var link = marker(ev.target);
    if (!link) { return; }
    ev.preventDefault();
    if (pop) { pop.hidden = true; }
    show(link, true);
  });
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

  function handle(line, button) {
    var msg;
    try { msg = JSON.parse(line); } catch (e) { return; }
    if (msg.status === "done") { say("Done. Opening the brief\u2026"); window.location.assign(msg.url); return; }
    if (msg.status === "error") { say(msg.message, true); button.disabled = false; return; }
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
        say(text, true);
        button.disabled = false;
      }
    };
    xhr.send(new FormData(form));
  });
})();
