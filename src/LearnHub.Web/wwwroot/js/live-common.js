// Shared by the live room and the console: connection, text lookups and small DOM helpers.
(function () {
  'use strict';
  function text(root, key) { return root.dataset['t' + key] || key; }
  function format(template) {
    var args = Array.prototype.slice.call(arguments, 1);
    return template.replace(/\{(\d+)\}/g, function (_, i) { return args[+i]; });
  }
  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content !== undefined && content !== null) { node.textContent = content; }
    return node;
  }
  function connect(root) {
    var connection = new signalR.HubConnectionBuilder()
      // WebSockets straight away, no negotiate round trip: any node behind a plain load balancer
      // can take the connection, no sticky sessions needed (docs/deploy.md).
      .withUrl(root.dataset.hub + '?session=' + encodeURIComponent(root.dataset.session),
        { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
      .withAutomaticReconnect()
      .build();
    var status = document.getElementById('live-status');
    function show(key, cls) {
      if (!status) { return; }
      status.textContent = text(root, key);
      status.className = 'badge ' + cls;
    }
    connection.onreconnecting(function () { show('Reconnecting', 'text-bg-warning'); });
    connection.onreconnected(function () { show('Connected', 'text-bg-success'); });
    connection.onclose(function () { show('Disconnected', 'text-bg-secondary'); });
    return {
      connection: connection,
      // Automatic reconnect only covers a connection that was once up; a phone opening the page on a
      // poor network may fail the first start, so that is retried too, backing off to 30 s.
      start: function () {
        var delay = 2000;
        function attempt() {
          return connection.start().then(function () { show('Connected', 'text-bg-success'); root.dataset.ready = 'true'; })
            .catch(function () {
              show('Disconnected', 'text-bg-danger');
              setTimeout(attempt, delay);
              delay = Math.min(delay * 2, 30000);
            });
        }
        return attempt();
      }
    };
  }
  function phaseLabel(root, phase) { return text(root, 'Phase' + phase); }
  function errorMessage(error) {
    var message = (error && error.message) || '';
    var marker = 'HubException: ';
    var at = message.indexOf(marker);
    return at >= 0 ? message.substring(at + marker.length) : message;
  }
  // Draws the slide shown: a PDF page as an image (the next one fetched ahead, so advancing is
  // instant), or server-rendered Markdown with raw HTML escaped, or the "no slides" line.
  var preloaded = null;
  function showSlide(root, container, s) {
    container.classList.toggle('live-slide-image', !!s.image);
    if (!s.count) {
      container.textContent = text(root, 'NoSlides');
    } else if (s.image) {
      var img = container.querySelector('img');
      if (!img) {
        img = el('img', 'live-slide-img');
        img.decoding = 'async';
        container.replaceChildren(img);
      }
      img.src = s.image;
      img.alt = format(text(root, 'SlideOf'), s.index + 1, s.count);
      if (s.next) {
        preloaded = new Image();
        preloaded.src = s.next;
      }
    } else {
      container.innerHTML = s.html;
    }
    container.dataset.index = String(s.index);
  }
  window.LiveCommon = { text: text, format: format, el: el, connect: connect, phaseLabel: phaseLabel, errorMessage: errorMessage, showSlide: showSlide };
})();
