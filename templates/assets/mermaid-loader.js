// playbook: Mermaid from this site, never from a CDN. Material for MkDocs loads Mermaid from
// unpkg.com unless a global `mermaid` already exists when a page with a diagram is shown. This
// stand-in is that global: it costs nothing on pages without diagrams, and on the first diagram
// it loads the pinned copy shipped next to this file, then hands every call to it.
(function () {
  "use strict";

  if (typeof window.mermaid !== "undefined" && !(window.mermaid instanceof Element)) {
    return; // The site brings its own Mermaid.
  }
  var source = new URL("mermaid/mermaid.min.js", document.currentScript.src).href;
  var settings = null;
  var loading = null;

  function load() {
    if (loading === null) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = source;
        script.onload = function () { resolve(window.mermaid); };
        script.onerror = function () { reject(new Error("playbook: cannot load " + source)); };
        document.head.appendChild(script);
      }).then(function (mermaid) {
        if (settings !== null) {
          mermaid.initialize(settings);
        }
        return mermaid;
      });
    }
    return loading;
  }

  function later(name) {
    return function () {
      var args = arguments;
      return load().then(function (mermaid) { return mermaid[name].apply(mermaid, args); });
    };
  }

  window.mermaid = {
    initialize: function (config) { settings = config; },
    render: later("render"),
    run: later("run"),
    parse: later("parse")
  };
})();
