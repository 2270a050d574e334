/* The #MyStory page's own script (a file, never inline: the hub's Content-Security-Policy lets
   no inline script run, so a script in a notebook's output never runs). */
(function () {
  'use strict';

  /* Voila's helpers for its loading spinner (its template defines them inline). */
  window.voila_heartbeat = function () {};
  window.update_loading_text = function () {};
  window.voila_process = window.update_loading_text;
  window.display_cells = function () {
    if (!window.themeLoaded) { window.cellLoaded = true; return; }
    var spinner = document.getElementById('loading');
    if (spinner) { spinner.parentNode.removeChild(spinner); }
    var cells = document.getElementById('rendered_cells');
    if (cells) { cells.style.display = ''; }
  };
  window.voila_finish = window.display_cells;

  /* The learner's language (docs/translating.md). Voila writes a notebook's Markdown before the
     kernel knows who is reading; the kernel then writes the translated prose into a hidden block
     (.mystory-translation; the last one wins: a page built before the learner chose again adds
     another). Each Markdown cell's words are swapped for their translation (the English kept, to
     swap back) and <html lang> is set, before the next paint; a cell not yet translated is marked
     lang="en", so a screen reader or read-aloud uses an English voice for it. */
  window.mystory_apply_language = function () {
    var blocks = document.querySelectorAll('.mystory-translation');
    var block = blocks[blocks.length - 1];
    var lang = block && block.getAttribute('data-lang');
    if (!lang || block.hasAttribute('data-applied')) { return; }
    block.setAttribute('data-applied', '');
    document.documentElement.lang = lang;
    if (block.getAttribute('data-title')) { document.title = block.getAttribute('data-title'); }
    var prose = {};
    block.querySelectorAll('[data-prose-for]').forEach(function (p) {
      prose[p.getAttribute('data-prose-for')] = p;
    });
    /* The words only: a control another script put there (read aloud) stays where it is. */
    function words(out) {
      return Array.prototype.filter.call(out.childNodes, function (n) {
        return !(n.classList && n.classList.contains('mystory-readaloud'));
      });
    }
    document.querySelectorAll('.jp-MarkdownCell').forEach(function (cell) {
      var out = cell.querySelector('.jp-MarkdownOutput');
      if (!out) { return; }
      if (!out.mystoryEnglish) { out.mystoryEnglish = words(out); }
      var said = prose[cell.id.replace(/^cell-id=/, '')];
      var nodes = said ? Array.prototype.map.call(said.childNodes, function (n) {
        return n.cloneNode(true);
      }) : out.mystoryEnglish;
      words(out).forEach(function (n) { out.removeChild(n); });
      nodes.forEach(function (n) { out.appendChild(n); });
      if (said || lang === 'en') { out.removeAttribute('lang'); } else { out.setAttribute('lang', 'en'); }
    });
  };

  /* A closed or reloaded page frees its kernel at once. Voila's own request on leaving has no
     _xsrf token, so the server refuses it (voila-dashboards/voila#1458); this one sends it: the
     hub's, or (on a server that has not set one) a new one in a cookie, as Tornado allows. */
  function xsrfToken() {
    var found = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]*)/);
    if (found) { return decodeURIComponent(found[1]); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var token = Array.prototype.map.call(bytes, function (b) {
      return ('0' + b.toString(16)).slice(-2);
    }).join('');
    document.cookie = '_xsrf=' + token + '; path=/; SameSite=Strict';
    return token;
  }
  window.addEventListener('pagehide', function () {
    var config = document.getElementById('jupyter-config-data');
    var kernel = config && JSON.parse(config.textContent).kernelId;
    var base = document.body && document.body.getAttribute('data-base-url');
    if (kernel && base && navigator.sendBeacon) {
      navigator.sendBeacon(base + 'api/shutdown/' + encodeURIComponent(kernel),
                           new URLSearchParams({_xsrf: xsrfToken()}));
    }
  });
})();

/* Accessibility fixes for ipywidgets in the course pages (kept small, no external code):
   - grid cells (ToggleButtons) get their full name ("Monday 6-9") and a pressed state;
   - each set of radio buttons becomes a radio group named by its visible label;
   - each set of tick boxes (.mystory-group) becomes a group named by its visible question;
   - an upload button is named by its words alone (ipywidgets adds a file count);
   - the page's content is the main landmark. */
(function () {
  function fix(root) {
    window.mystory_apply_language();  /* a translation the kernel has just written */
    var cells = document.getElementById('rendered_cells');
    if (cells && cells.getAttribute('role') !== 'main') { cells.setAttribute('role', 'main'); }
    root.querySelectorAll('.mystory-cell[title]').forEach(function (b) {
      if (b.getAttribute('aria-label') !== b.title) { b.setAttribute('aria-label', b.title); }
      var pressed = String(b.classList.contains('mod-active'));
      if (b.getAttribute('aria-pressed') !== pressed) { b.setAttribute('aria-pressed', pressed); }
    });
    root.querySelectorAll('.widget-radio').forEach(function (w) {
      var label = w.querySelector(':scope > .widget-label');
      var box = w.querySelector(':scope > .widget-radio-box');
      if (label && box && label.textContent && box.getAttribute('aria-label') !== label.textContent) {
        box.setAttribute('role', 'radiogroup');
        box.setAttribute('aria-label', label.textContent);
      }
    });
    root.querySelectorAll('.mystory-group').forEach(function (g) {
      var legend = g.querySelector('.mystory-legend[id]');
      if (legend && g.getAttribute('aria-labelledby') !== legend.id) {
        g.setAttribute('role', 'group');
        g.setAttribute('aria-labelledby', legend.id);
      }
    });
    root.querySelectorAll('.widget-upload').forEach(function (b) {
      var words = b.lastChild;
      if (!words || words.nodeType !== 3) { return; }
      var plain = words.data.replace(/\s*\(\d+\)$/, '');
      if (words.data !== plain) { words.data = plain; }
      if (b.getAttribute('aria-label') !== plain) { b.setAttribute('aria-label', plain); }
    });
  }
  var queued = false;
  new MutationObserver(function () {
    if (queued) { return; }
    queued = true;
    window.requestAnimationFrame(function () { queued = false; fix(document); });
  }).observe(document.documentElement,
             {subtree: true, childList: true, attributes: true, attributeFilter: ['title', 'class']});
})();
