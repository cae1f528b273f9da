// Distillery annotation pages: keyboard, labelling and live steps. No inline script (CSP).
(function () {
  'use strict';
  var body = document.body;
  var page = body.dataset.page;
  var runId = body.dataset.runId;
  var query = body.dataset.query || '';

  function $(id) { return document.getElementById(id); }

  function toast(text) {
    var el = $('toast');
    el.textContent = text;
    el.classList.add('show');
    setTimeout(function () { el.classList.remove('show'); }, 2500);
  }

  function annotate(payload) {
    return fetch('/api/runs/' + encodeURIComponent(runId) + '/annotations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(payload)
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (e) { throw new Error(e.error || response.status); });
      }
      return response.json();
    }).then(function () {
      location.reload();
    }).catch(function (e) { toast('not saved: ' + e.message); });
  }

  // Selection of steps (run page) or runs (list)
  // On the run page, the steps in view: those of folded machinery are skipped until opened
  function items() {
    var selector = page === 'run' ? 'li.step:not(.minor)' : 'tr.run';
    return Array.prototype.slice.call(document.querySelectorAll(selector)).filter(function (el) {
      return !el.closest('details:not([open])');
    });
  }

  function move(delta) {
    var all = items();
    if (all.length === 0) { return; }
    var current = all.findIndex(function (el) { return el.classList.contains('selected'); });
    var next = Math.max(0, Math.min(all.length - 1, current < 0 ? 0 : current + delta));
    if (current >= 0) { all[current].classList.remove('selected'); }
    all[next].classList.add('selected');
    all[next].scrollIntoView({ block: 'nearest' });
  }

  function selected() { return document.querySelector('.selected'); }

  function flag(step) {
    if (!step || !step.dataset.eventId) { toast('select a step with j / k first'); return; }
    var comment = window.prompt('What was wrong with this step? (optional)') || '';
    annotate({ eventId: step.dataset.eventId, tags: ['wrong step'], comment: comment });
  }

  function nextInQueue() {
    var params = query ? query + '&' : '';
    if (runId) { params += 'after=' + encodeURIComponent(runId); }
    location.href = '/queue/next' + (params ? '?' + params : '');
  }

  function toggleHelp(show) {
    var help = $('help');
    help.hidden = show === undefined ? !help.hidden : !show;
  }

  document.addEventListener('keydown', function (event) {
    var target = event.target;
    var typing = target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
    if (event.key === 'Escape') { toggleHelp(false); if (typing) { target.blur(); } return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var handled = true;
    switch (event.key) {
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case '?': toggleHelp(); break;
      case 'n': nextInQueue(); break;
      case '/':
        if ($('filter-q')) { $('filter-q').focus(); } else { location.href = '/?' + query; }
        break;
      case 'Enter':
        if (page === 'list' && selected()) { location.href = selected().dataset.href; } else { handled = false; }
        break;
      default: handled = false;
    }
    if (!handled && page === 'run') {
      handled = true;
      switch (event.key) {
        case 'c': annotate({ label: 'correct' }); break;
        case 'x': annotate({ label: 'incorrect' }); break;
        case 't': $('tag-input').focus(); break;
        case 'm': $('comment-input').focus(); break;
        case 'f': flag(selected()); break;
        default: handled = false;
      }
    }
    if (handled) { event.preventDefault(); }
  });

  $('help-button').addEventListener('click', function () { toggleHelp(); });
  $('help').addEventListener('click', function () { toggleHelp(false); });

  document.querySelectorAll('tr.run').forEach(function (row) {
    row.addEventListener('dblclick', function () { location.href = row.dataset.href; });
  });

  // Pending approvals (runs recording through this server ask here): shown on the list and run
  // pages, answered with the buttons or y (approve) / r (refuse) / a (always) for the first one.
  var approvalsBox = null;
  function approvalsRoot() {
    if (!approvalsBox) {
      approvalsBox = document.createElement('section');
      approvalsBox.id = 'approvals';
      approvalsBox.hidden = true;
      var main = document.querySelector('main');
      main.insertBefore(approvalsBox, main.firstChild);
    }
    return approvalsBox;
  }
  function answerApproval(id, answer) {
    return fetch('/api/approvals/' + encodeURIComponent(id) + '/answer', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ answer: answer })
    }).then(function (response) {
      return response.json().then(function (b) {
        if (!response.ok) { throw new Error(b.error || response.status); }
        toast(answer + ' — answered as ' + b.answeredBy);
      });
    }).catch(function (e) { toast('not answered: ' + e.message); })
      .then(loadApprovals);
  }
  var shownApprovals = null;
  function renderApprovals(list) {
    var shown = list.map(function (a) { return a.id; }).join('\n');
    if (shown === shownApprovals) { return; }
    shownApprovals = shown;
    var root = approvalsRoot();
    root.textContent = '';
    root.hidden = list.length === 0;
    if (list.length === 0) { return; }
    var h = document.createElement('h2');
    h.textContent = 'Waiting for approval (' + list.length + ')';
    root.appendChild(h);
    list.forEach(function (a, i) {
      var div = document.createElement('div');
      div.className = 'approval' + (i === 0 ? ' first' : '');
      div.dataset.approvalId = a.id;
      var what = document.createElement('p');
      var tool = document.createElement('code');
      tool.textContent = a.toolName + ' ' + (a.arguments || '');
      what.appendChild(document.createTextNode('The agent wants to run '));
      what.appendChild(tool);
      if (page !== 'run') {
        var link = document.createElement('a');
        link.href = '/runs/' + encodeURIComponent(a.runId);
        link.textContent = 'run ' + a.runId.substring(0, 8);
        what.appendChild(document.createTextNode(' in '));
        what.appendChild(link);
      }
      div.appendChild(what);
      var reason = document.createElement('p');
      reason.className = 'muted';
      reason.textContent = 'policy: ' + (a.reason || '') + ' · no answer by ' + a.deadline + ' is a no';
      div.appendChild(reason);
      [['yes', 'Approve (y)'], ['no', 'Deny (r)'], ['always', 'Always (a)']].forEach(function (b) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'approval-' + b[0];
        button.textContent = b[1];
        button.addEventListener('click', function () { answerApproval(a.id, b[0]); });
        div.appendChild(button);
      });
      root.appendChild(div);
    });
  }
  function loadApprovals() {
    var url = '/api/approvals' + (page === 'run' ? '?run=' + encodeURIComponent(runId) : '');
    return fetch(url, { credentials: 'same-origin' })
      .then(function (response) { return response.ok ? response.json() : { approvals: [] }; })
      .then(function (b) { renderApprovals(b.approvals || []); })
      .catch(function () { /* the server is gone: keep what is shown */ });
  }
  function firstApproval() {
    var first = document.querySelector('#approvals .approval.first');
    return first ? first.dataset.approvalId : null;
  }
  if (page === 'run' || page === 'list') {
    loadApprovals();
    setInterval(loadApprovals, 1000);
    document.addEventListener('keydown', function (event) {
      var target = event.target;
      if (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') { return; }
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      var answer = { y: 'yes', r: 'no', a: 'always' }[event.key];
      var id = answer ? firstApproval() : null;
      if (id) { event.preventDefault(); answerApproval(id, answer); }
    });
  }

  if (page !== 'run') { return; }

  document.querySelectorAll('[data-label]').forEach(function (button) {
    button.addEventListener('click', function () { annotate({ label: button.dataset.label }); });
  });
  document.querySelectorAll('.quick-tag').forEach(function (button) {
    button.addEventListener('click', function () { annotate({ tags: [button.dataset.tag] }); });
  });
  $('tag-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var tag = $('tag-input').value.trim();
    if (tag) { annotate({ tags: [tag] }); }
  });
  function saveComment() {
    var comment = $('comment-input').value.trim();
    if (comment) { annotate({ comment: comment }); }
  }
  $('comment-form').addEventListener('submit', function (event) { event.preventDefault(); saveComment(); });
  $('comment-input').addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); saveComment(); }
  });
  function wireFlags(root) {
    root.querySelectorAll('button.flag').forEach(function (button) {
      button.addEventListener('click', function () { flag(button.closest('li.step')); });
    });
  }
  wireFlags(document);

  // A step named by a judge's verdict: open the machinery it is folded in, select it
  document.querySelectorAll('a.step-link').forEach(function (link) {
    link.addEventListener('click', function () {
      var step = $('step-' + link.dataset.seq);
      if (!step) { return; }
      var fold = step.closest('details');
      if (fold) { fold.open = true; }
      items().forEach(function (el) { el.classList.remove('selected'); });
      step.classList.add('selected');
    });
  });

  // Live: new events of this run, rendered and escaped by the server. As on the server's page, a
  // model turn starts a new group; machinery goes into the group's folded line at its end.
  var timeline = $('timeline');
  var fold = timeline.lastElementChild && timeline.lastElementChild.classList.contains('machinery')
    ? timeline.lastElementChild : null;
  function foldSummary(group) {
    var titles = [];
    var counts = {};
    group.querySelectorAll('li.step .step-head b').forEach(function (b) {
      var title = b.textContent.split(' (turn ')[0];
      if (!counts[title]) { titles.push(title); counts[title] = 0; }
      counts[title]++;
    });
    var n = group.querySelectorAll('li.step').length;
    var summary = group.querySelector('summary');
    var flagged = summary.querySelector('.flagged');
    summary.textContent = n + (n === 1 ? ' machinery event: ' : ' machinery events: ')
      + titles.map(function (t) { return t + (counts[t] > 1 ? ' \u00d7' + counts[t] : ''); }).join(', ');
    // the server's count of flagged steps in the fold stays
    if (flagged) { summary.append(' ', flagged); }
  }
  function foldLive(li) {
    if (!fold) {
      fold = document.createElement('li');
      fold.className = 'machinery';
      fold.innerHTML = '<details><summary></summary><ol></ol></details>';
      timeline.appendChild(fold);
    }
    fold.querySelector('ol').appendChild(li);
    foldSummary(fold);
  }
  var lastSeq = Number(body.dataset.lastSeq);
  var source = new EventSource('/api/runs/' + encodeURIComponent(runId) + '/events/stream?after=' + lastSeq);
  source.addEventListener('step', function (message) {
    var step = JSON.parse(message.data);
    if (step.seq <= lastSeq) { return; }
    lastSeq = step.seq;
    var holder = document.createElement('ol');
    holder.innerHTML = step.html;
    var li = holder.firstElementChild;
    wireFlags(li);
    if (step.machinery) {
      foldLive(li);
    } else if (li.classList.contains('model_response') || !fold) {
      timeline.appendChild(li);
      fold = null;
    } else {
      timeline.insertBefore(li, fold);
    }
    $('live').textContent = 'live: step #' + step.seq + ' arrived';
  });
  window.addEventListener('beforeunload', function () { source.close(); });
})();
