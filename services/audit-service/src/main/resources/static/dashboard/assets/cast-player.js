// Replays an SSH session's terminal recording (asciicast v2, masked by the proxy) on the session page.
// Deliberately small: output events in time order, pauses longer than MAX_GAP seconds shortened, and the
// terminal's control sequences reduced to text (no colours or cursor addressing; carriage return and
// backspace are honoured). The recording is untrusted text: it is only ever assigned to textContent.
(function () {
  'use strict';

  var MAX_GAP = 2;
  var CONTROL = /\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78cDEHM]/g;

  function parse(text) {
    var frames = [];
    var header = null;
    text.split('\n').forEach(function (line) {
      var value;
      if (!line.trim()) {
        return;
      }
      try {
        value = JSON.parse(line);
      } catch (e) {
        return;
      }
      if (header === null && !Array.isArray(value)) {
        header = value;
      } else if (Array.isArray(value) && value[1] === 'o' && typeof value[0] === 'number'
          && typeof value[2] === 'string') {
        frames.push({at: value[0], data: value[2]});
      }
    });
    var shift = 0;
    var last = 0;
    frames.forEach(function (frame) {
      var gap = frame.at - last;
      last = frame.at;
      shift += Math.max(0, gap - MAX_GAP);
      frame.at -= shift;
    });
    return frames;
  }

  function Terminal(screen) {
    this.screen = screen;
    this.lines = [''];
    this.column = 0;
  }

  Terminal.prototype.write = function (data) {
    var text = data.replace(CONTROL, '');
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var row = this.lines.length - 1;
      if (c === '\n') {
        this.lines.push('');
        this.column = 0;
      } else if (c === '\r') {
        this.column = 0;
      } else if (c === '\b') {
        this.column = Math.max(0, this.column - 1);
      } else if (c >= ' ' || c === '\t') {
        var line = this.lines[row];
        while (line.length < this.column) {
          line += ' ';
        }
        this.lines[row] = line.substring(0, this.column) + c + line.substring(this.column + 1);
        this.column++;
      }
    }
    this.screen.textContent = this.lines.join('\n');
    this.screen.scrollTop = this.screen.scrollHeight;
  };

  function play(figure, frames) {
    var screen = figure.querySelector('.cast-screen');
    var clock = figure.querySelector('.cast-clock');
    var button = figure.querySelector('.cast-play');
    var terminal = new Terminal(screen);
    var started = performance.now();
    var next = 0;
    screen.textContent = '';
    figure.setAttribute('data-state', 'playing');
    button.disabled = true;
    function tick() {
      var elapsed = (performance.now() - started) / 1000;
      while (next < frames.length && frames[next].at <= elapsed) {
        terminal.write(frames[next].data);
        next++;
      }
      var shown = next < frames.length ? elapsed : (frames.length ? frames[frames.length - 1].at : 0);
      clock.textContent = shown.toFixed(1) + ' s';
      if (next < frames.length) {
        setTimeout(tick, Math.min(100, Math.max(10, (frames[next].at - elapsed) * 1000)));
      } else {
        figure.setAttribute('data-state', 'done');
        button.disabled = false;
        button.textContent = 'Replay';
      }
    }
    tick();
  }

  document.querySelectorAll('figure.cast').forEach(function (figure) {
    var source = figure.closest('li').querySelector('pre.payload');
    var frames = parse(source ? source.textContent : '');
    figure.querySelector('.cast-play').addEventListener('click', function () {
      play(figure, frames);
    });
  });
}());
