// playbook: lets a reader dismiss the "guideline changed" banner until the next change that
// needs acknowledging. Without JavaScript (or storage) the banner simply stays visible.
(function () {
  "use strict";

  function hide(banner) {
    banner.hidden = true;
    var aside = banner.closest(".md-banner");
    if (aside && !aside.querySelector("[data-playbook-draft]")) {
      aside.hidden = true;
    }
  }

  function setup() {
    var banner = document.querySelector("[data-playbook-ack]");
    if (!banner || banner.querySelector("button")) {
      return;
    }
    var key = "playbook.acknowledged:" + banner.getAttribute("data-playbook-site");
    var change = banner.getAttribute("data-playbook-ack");
    try {
      if (window.localStorage.getItem(key) === change) {
        hide(banner);
        return;
      }
    } catch (error) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-banner__button";
    button.textContent = "\u00d7";
    button.setAttribute("aria-label", banner.getAttribute("data-playbook-dismiss"));
    button.title = banner.getAttribute("data-playbook-dismiss");
    button.addEventListener("click", function () {
      try {
        window.localStorage.setItem(key, change);
      } catch (error) {
        // Storage refused (private mode): hide for this page view only.
      }
      hide(banner);
    });
    banner.insertBefore(button, banner.firstChild);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else {
    setup();
  }
})();
