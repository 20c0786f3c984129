// playbook: the example collection can be narrowed to one topic. The template lists, in a
// hidden block (div.playbook-filter), each topic with the anchors of its cases and the wording;
// this script turns the block into a row of toggle buttons and a count. A case is its heading
// and everything up to the next heading of the same or a higher level; a link to a hidden case
// shows all again. Without JavaScript the block stays hidden and every case is shown, with the
// topic index above it. Works with Material's instant navigation through document$.
(function () {
  "use strict";

  function caseNodes(anchor) {
    var heading = anchor.closest("h1, h2, h3, h4, h5, h6");
    if (!heading) {
      return [];
    }
    var level = Number(heading.tagName.charAt(1));
    var nodes = [heading];
    var next = heading.nextElementSibling;
    while (next && !(/^H[1-6]$/.test(next.tagName) && Number(next.tagName.charAt(1)) <= level)) {
      nodes.push(next);
      next = next.nextElementSibling;
    }
    return nodes;
  }

  function setup(block) {
    if (block.hasAttribute("data-playbook-ready")) {
      return;
    }
    block.setAttribute("data-playbook-ready", "");
    var cases = {};
    var topics = [];
    Array.prototype.forEach.call(block.querySelectorAll("span[data-topic]"), function (span) {
      var onPage = span.getAttribute("data-cases").split(" ").filter(function (id) {
        if (!cases[id]) {
          var anchor = document.getElementById(id);
          cases[id] = anchor ? caseNodes(anchor) : [];
        }
        return cases[id].length > 0;
      });
      if (onPage.length) {
        topics.push({ label: span.getAttribute("data-label"), ids: onPage });
      }
    });
    var ids = Object.keys(cases).filter(function (id) { return cases[id].length > 0; });
    if (topics.length < 2) {
      return; // nothing to choose between (or the cases are not on this page, as in print)
    }

    var bar = document.createElement("div");
    bar.className = "playbook-filter__bar";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", block.getAttribute("data-playbook-filter"));
    var status = document.createElement("p");
    status.className = "playbook-filter__status";
    status.setAttribute("role", "status");
    var buttons = [];

    function show(topic, pressed) {
      var wanted = {};
      (topic ? topic.ids : ids).forEach(function (id) { wanted[id] = true; });
      ids.forEach(function (id) {
        cases[id].forEach(function (node) { node.hidden = !wanted[id]; });
      });
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(button === pressed));
      });
      status.textContent = block.getAttribute("data-playbook-filter-status")
        .replace("{shown}", String(Object.keys(wanted).length))
        .replace("{total}", String(ids.length));
    }

    function add(label, topic) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "playbook-filter__button";
      button.textContent = label;
      button.addEventListener("click", function () {
        var off = topic && button.getAttribute("aria-pressed") === "true";
        show(off ? null : topic, off ? buttons[0] : button);
      });
      buttons.push(button);
      bar.appendChild(button);
    }

    add(block.getAttribute("data-playbook-filter-all"), null);
    topics.forEach(function (topic) {
      add(topic.label + " (" + topic.ids.length + ")", topic);
    });
    block.parentNode.insertBefore(bar, block);
    block.parentNode.insertBefore(status, block);
    show(null, buttons[0]);

    // A link to a case the filter hides (the topic index, the table of contents, a section
    // page) shows all cases again, so the link lands on its case.
    window.addEventListener("hashchange", function () {
      var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target && target.closest("[hidden]") && bar.isConnected) {
        show(null, buttons[0]);
        target.scrollIntoView();
      }
    });
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll("div.playbook-filter"), setup);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setupAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
