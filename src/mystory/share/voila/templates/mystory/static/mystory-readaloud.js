/* "Read this aloud" beside each section of prose, each question and each piece of feedback.

   It speaks with the browser's own speechSynthesis (phones have it offline): nothing is fetched
   and nothing runs in the kernel. It reads the words on screen, as the learner sees them: not
   hidden text, not a picture's alt text, not the control's own words. The page's language
   (<html lang>, or a part's own lang) chooses the voice when the learner presses the button.
   Its words are not in this file: the page carries them (mystory/core/readaloud.py writes a
   hidden block .mystory-readaloud-words), so a translation changes them all.
   A file of the course's template, never inline: the hub's Content-Security-Policy runs no
   inline script. */
(function () {
  'use strict';

  var SECTIONS = '.jp-RenderedMarkdown, .mystory-prose, .mystory-card, .mystory-html';
  var QUESTIONS = '.mystory-exercise';
  var FEEDBACK = '.mystory-feedback, .mystory-coach, .mystory-timeline-result';
  var WHY = '.widget-html';  // a sorting card's verdict: a widget holding a .mystory-why
  // Never read: the control itself, what is not on screen, and what a learner types or presses.
  var SKIP = '.mystory-readaloud, .mystory-readaloud-words, .mystory-readaloud-live, ' +
    '.anchor-link, .mystory-sr, [hidden], [aria-hidden="true"], script, style, template, ' +
    'noscript, input, textarea, select, button, img, svg, canvas, video, audio';
  // A question is read without its feedback and its saved status (each has its own control).
  var NOT_IN_QUESTION = FEEDBACK + ', .mystory-status, .mystory-readaloud-host-feedback';
  var STORE = 'mystory-readaloud-speed';

  var said = null;     // the page's one polite live region, for the control's messages
  var now = null;      // what is being read: {bar, host, parts, at, run}
  var runs = 0;        // each reading's number: events of an older one are ignored

  /* The control's words and speeds, from the page (undefined until the page has them). */
  function settings() {
    var block = document.querySelector('.mystory-readaloud-words[data-words]');
    if (!block) { return null; }
    if (block.mystoryParsed) { return block.mystoryParsed; }
    try {
      block.mystoryParsed = JSON.parse(block.getAttribute('data-words'));
    } catch (e) {
      return null;
    }
    return block.mystoryParsed;
  }

  /* The words of `host` as the learner sees them, in pieces (a heading, a paragraph, an
     option): each piece is spoken on its own, so the voice pauses between them. */
  function pieces(host, skip) {
    var out = [''];
    function walk(node) {
      if (node.nodeType === 3) { out[out.length - 1] += node.data; return; }
      if (node.nodeType !== 1) { return; }
      if (node.matches(SKIP) || (skip && node !== host && node.matches(skip))) { return; }
      if (node.tagName === 'BR') { out.push(''); return; }
      var style = window.getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' ||
          style.visibility === 'collapse') { return; }
      var inline = /^(inline|contents|table-cell)/.test(style.display);
      if (!inline) { out.push(''); }
      for (var child = node.firstChild; child; child = child.nextSibling) { walk(child); }
      if (!inline) {
        out.push('');
      } else if (style.display === 'table-cell') {
        out[out.length - 1] += ' ';
      }
    }
    walk(host);
    return out.map(function (text) { return text.replace(/\s+/g, ' ').trim(); })
      .filter(function (text) { return text !== ''; });
  }

  /* Is there anything to read in `host` (not counting the control, styles or hidden parts)?
     A cheap test (no styles computed), run after every change to the page. */
  function hasWords(host) {
    var walker = document.createTreeWalker(host, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (node.nodeType === 1) {
          return node.matches(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
        }
        return node.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
    });
    return walker.nextNode() !== null;
  }

  function storedSpeed(speeds) {
    var speed = null;
    try { speed = window.localStorage.getItem(STORE); } catch (e) { speed = null; }
    return speed && Object.prototype.hasOwnProperty.call(speeds, speed) ? speed : 'normal';
  }

  function rememberSpeed(speed) {
    try { window.localStorage.setItem(STORE, speed); } catch (e) { /* private browsing */ }
  }

  function button(css, text) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = css;
    b.textContent = text;
    return b;
  }

  /* A small loudspeaker drawn in the page (no font or file needed); hidden from screen readers,
     so the button's name is its words alone. */
  function speaker() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '20');
    svg.setAttribute('height', '20');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('d', 'M3 9v6h4l5 4V5L7 9H3zm13.5 3a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z' +
      'M14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z');
    svg.appendChild(path);
    return svg;
  }

  /* The control for one part of the page: "Read this aloud", and while it reads, Pause, Stop
     and the speed. */
  function toolbar(host, kind, set) {
    var words = set.words;
    var bar = document.createElement('div');
    bar.className = 'mystory-readaloud';
    bar.setAttribute('data-kind', kind);
    var read = button('mystory-readaloud-read', '');
    read.appendChild(speaker());
    read.appendChild(document.createTextNode(words.read));
    var playing = document.createElement('span');
    playing.className = 'mystory-readaloud-playing';
    playing.hidden = true;
    var pause = button('mystory-readaloud-pause', words.pause);
    var stop = button('mystory-readaloud-stop', words.stop);
    var label = document.createElement('label');
    label.className = 'mystory-readaloud-speed';
    label.appendChild(document.createTextNode(words.speed + ' '));
    var choose = document.createElement('select');
    Object.keys(set.speeds).sort(function (a, b) { return set.speeds[a] - set.speeds[b]; })
      .forEach(function (speed) {
        var option = document.createElement('option');
        option.value = speed;
        option.textContent = words[speed] || speed;
        choose.appendChild(option);
      });
    label.appendChild(choose);
    playing.appendChild(pause);
    playing.appendChild(stop);
    playing.appendChild(label);
    var message = document.createElement('span');
    message.className = 'mystory-readaloud-said';
    bar.appendChild(read);
    bar.appendChild(playing);
    bar.appendChild(message);

    read.addEventListener('click', function () { start(bar, host, kind, 0); });
    pause.addEventListener('click', function () { pauseOrCarryOn(bar); });
    stop.addEventListener('click', function () { stopReading(); });
    choose.addEventListener('change', function () {
      rememberSpeed(choose.value);
      if (now && now.bar === bar) { start(bar, host, kind, now.at); }  // the rest, at the new speed
    });
    return bar;
  }

  function say(bar, text) {
    bar.querySelector('.mystory-readaloud-said').textContent = text;
    if (said) { said.textContent = ''; said.textContent = text; }
  }

  /* Back to "Read this aloud" alone. Focus moves only if it was on a control that hides. */
  function idle(bar) {
    var playing = bar.querySelector('.mystory-readaloud-playing');
    var focusWasThere = playing.contains(document.activeElement);
    playing.hidden = true;
    bar.querySelector('.mystory-readaloud-pause').textContent = settings().words.pause;
    var host = bar.parentNode;
    if (host && host.classList) { host.classList.remove('mystory-reading'); }
    if (focusWasThere) { bar.querySelector('.mystory-readaloud-read').focus({preventScroll: true}); }
  }

  /* Silence, and no pause left over (a paused browser would not start the next reading). */
  function hush(synth) {
    synth.cancel();
    if (synth.paused) { synth.resume(); }
  }

  function stopReading() {
    runs += 1;
    if (window.speechSynthesis) { hush(window.speechSynthesis); }
    if (now) { idle(now.bar); }
    now = null;
  }

  function pauseOrCarryOn(bar) {
    var synth = window.speechSynthesis;
    if (!synth || !now || now.bar !== bar) { return; }
    var pause = bar.querySelector('.mystory-readaloud-pause');
    if (now.paused) {
      synth.resume();
      now.paused = false;
      pause.textContent = settings().words.pause;
    } else {
      synth.pause();
      now.paused = true;
      pause.textContent = settings().words.resume;
    }
  }

  /* The best voice for `lang`: that language and region, then its British form, then any. */
  function voiceFor(voices, lang) {
    var want = lang.toLowerCase().replace('_', '-');
    var base = want.split('-')[0];
    function tag(v) { return (v.lang || '').toLowerCase().replace('_', '-'); }
    var same = voices.filter(function (v) { return tag(v).split('-')[0] === base; });
    return same.filter(function (v) { return tag(v) === want; })[0] ||
      same.filter(function (v) { return tag(v) === base + '-gb'; })[0] ||
      same.filter(function (v) { return v['default']; })[0] || same[0] || null;
  }

  function start(bar, host, kind, from) {
    var set = settings();
    var synth = window.speechSynthesis;
    if (now && now.bar === bar) {  // a new speed: the same control carries on, focus stays put
      runs += 1;
      hush(synth);
      now = null;
    } else {
      stopReading();
    }
    say(bar, '');
    if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') {
      say(bar, set.words.no_speech);
      return;
    }
    var parts = pieces(host, kind === 'question' ? NOT_IN_QUESTION : null);
    if (!parts.length) { return; }
    var holder = host.closest('[lang]');
    var lang = (holder && holder.getAttribute('lang')) || document.documentElement.lang || 'en';
    var voices = synth.getVoices() || [];
    var voice = voiceFor(voices, lang);
    if (voices.length && !voice) { say(bar, set.words.other_voice); }
    var speed = storedSpeed(set.speeds);
    var choose = bar.querySelector('select');
    choose.value = speed;
    var run = runs;
    now = {bar: bar, host: host, parts: parts, at: from, run: run, paused: false, started: false};
    var reading = now;
    bar.querySelector('.mystory-readaloud-playing').hidden = false;
    host.classList.add('mystory-reading');
    parts.slice(from).forEach(function (text, i) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = lang;
      utterance.rate = set.speeds[speed];
      if (voice) {
        try { utterance.voice = voice; } catch (e) { /* not a voice object: the lang chooses */ }
      }
      utterance.addEventListener('start', function () {
        if (reading.run !== runs) { return; }
        reading.started = true;
        reading.at = from + i;
      });
      utterance.addEventListener('end', function () {
        if (reading.run === runs && from + i === parts.length - 1) { stopReading(); }
      });
      utterance.addEventListener('error', function (event) {
        if (reading.run !== runs || event.error === 'interrupted' || event.error === 'canceled') {
          return;
        }
        stopReading();
        say(bar, set.words.no_voice);
      });
      synth.speak(utterance);
    });
    // A browser with the means to speak but no voice says nothing at all: say so in words.
    window.setTimeout(function () {
      if (reading.run !== runs || reading.started || synth.speaking) { return; }
      if (!(synth.getVoices() || []).length) {
        stopReading();
        say(bar, set.words.no_voice);
      }
    }, 3000);
  }

  /* Every part of the page that gets a control, with its kind. */
  function parts() {
    var found = [];
    document.querySelectorAll(SECTIONS).forEach(function (el) {
      if (el.closest(QUESTIONS) || el.closest(FEEDBACK) || el.querySelector('.mystory-card') ||
          (el.parentElement && el.parentElement.closest('.mystory-card, .mystory-prose'))) { return; }
      found.push([el, 'section']);
    });
    document.querySelectorAll(QUESTIONS).forEach(function (el) { found.push([el, 'question']); });
    document.querySelectorAll(FEEDBACK).forEach(function (el) { found.push([el, 'feedback']); });
    document.querySelectorAll(WHY).forEach(function (el) {
      if (el.querySelector('.mystory-why') && !el.closest(FEEDBACK)) { found.push([el, 'feedback']); }
    });
    return found;
  }

  function fit() {
    var set = settings();
    if (!set) { return; }
    if (!said) {
      said = document.createElement('div');
      said.className = 'mystory-sr mystory-readaloud-live';
      said.setAttribute('role', 'status');
      document.body.appendChild(said);
    }
    parts().forEach(function (found) {
      var host = found[0], kind = found[1];
      var bar = host.querySelector(':scope > .mystory-readaloud');
      var words = hasWords(host);
      if (!bar && !words) { return; }
      if (!bar) {
        bar = toolbar(host, kind, set);
        host.classList.add('mystory-readaloud-host', 'mystory-readaloud-host-' + kind);
        host.insertBefore(bar, host.firstChild);
      }
      if (bar.hidden === words) {
        bar.hidden = !words;
        if (!words && now && now.bar === bar) { stopReading(); }
      }
    });
  }

  var queued = false;
  function later() {
    if (queued) { return; }
    queued = true;
    window.requestAnimationFrame(function () { queued = false; fit(); });
  }
  new MutationObserver(later).observe(document.documentElement,
                                      {subtree: true, childList: true, characterData: true});
  document.addEventListener('DOMContentLoaded', later);
  window.addEventListener('pagehide', function () {
    if (window.speechSynthesis) { window.speechSynthesis.cancel(); }
  });
})();
