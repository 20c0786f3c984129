// playbook: task lists become working checklists. Ticks are kept in the browser (per page and
// per checklist, keyed by each item's text so a reworded policy only forgets the changed
// items), each checklist shows its progress, and a button clears it. The print page shares
// the ticks of the pages it repeats. The plugin marks the lists (data-playbook-checklist) and
// hands over the wording; without JavaScript the lists stay plain and disabled. Works with
// Material's instant navigation through document$.
(function () {
  "use strict";

  var PREFIX = "playbook.checklist:";

  function read(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function write(key, state) {
    try {
      window.localStorage.setItem(key, JSON.stringify(state));
    } catch (error) {
      // Storage is off or full: ticking still works until the page is left.
    }
  }

  function forget(key) {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      // Nothing was stored.
    }
  }

  // The site's root path, so that two guidelines on one host keep separate ticks, and a page
  // and the print page (which repeats it) share them.
  function siteRoot() {
    var config = document.getElementById("__config");
    try {
      return new URL(JSON.parse(config.textContent).base, window.location.href).pathname;
    } catch (error) {
      return window.location.pathname;
    }
  }

  function itemName(box, seen) {
    var label = box.closest("label");
    var text = (label ? label.textContent : "").replace(/\s+/g, " ").trim();
    seen[text] = (seen[text] || 0) + 1;
    return seen[text] > 1 ? text + " #" + seen[text] : text;
  }

  function setup(list) {
    if (list.hasAttribute("data-playbook-ready")) {
      return;
    }
    list.setAttribute("data-playbook-ready", "");
    var key = PREFIX + siteRoot() + list.getAttribute("data-playbook-checklist");
    var wording = list.getAttribute("data-playbook-progress");
    var seen = {};
    var items = Array.prototype.map.call(
      list.querySelectorAll("input[type=checkbox]"),
      function (box) {
        return { box: box, name: itemName(box, seen), preset: box.checked };
      }
    );
    var stored = read(key);

    var bar = document.createElement("p");
    bar.className = "playbook-checklist__bar";
    var status = document.createElement("span");
    status.className = "playbook-checklist__progress";
    status.setAttribute("role", "status");
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "playbook-checklist__reset";
    reset.textContent = list.getAttribute("data-playbook-reset");
    bar.appendChild(status);
    bar.appendChild(document.createTextNode(" "));
    bar.appendChild(reset);
    list.parentNode.insertBefore(bar, list.nextSibling);

    function update() {
      var done = items.filter(function (item) { return item.box.checked; }).length;
      status.textContent = wording
        .replace("{done}", String(done))
        .replace("{total}", String(items.length));
      list.classList.toggle("playbook-checklist--done", done === items.length);
    }

    function save() {
      var state = {};
      items.forEach(function (item) { state[item.name] = item.box.checked; });
      write(key, state);
      update();
    }

    items.forEach(function (item) {
      item.box.disabled = false;
      if (Object.prototype.hasOwnProperty.call(stored, item.name)) {
        item.box.checked = stored[item.name] === true;
      }
      item.box.addEventListener("change", save);
    });

    reset.addEventListener("click", function () {
      forget(key);
      items.forEach(function (item) { item.box.checked = item.preset; });
      update();
    });

    list.classList.add("playbook-checklist");
    update();
  }

  function setupAll() {
    var lists = document.querySelectorAll("ul[data-playbook-checklist]");
    Array.prototype.forEach.call(lists, setup);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setupAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
