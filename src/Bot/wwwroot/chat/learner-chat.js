// Opens the learner's conversation with SupportBot through the self-hosted Direct Line.
// The signed learner link (from the course platform) buys a Direct Line token; the conversation id
// is kept in localStorage so a reload shows the same conversation and its history, and on another
// device (nothing stored) the server resumes the learner's latest conversation: the chat follows them.
(function () {
  'use strict';
  var script = document.currentScript;
  var learner = script.dataset.learner;
  var locale = script.dataset.locale;
  var storageKey = 'supportbot.conversation.' + script.dataset.learnerId;
  var container = document.getElementById('webchat');
  var french = locale.indexOf('fr') === 0;
  var narrow = window.matchMedia && window.matchMedia('(max-width: 480px)').matches;

  function fail(message) {
    container.innerHTML = '';
    var p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = message;
    container.appendChild(p);
  }

  function fetchSession(conversationId) {
    return fetch('/api/directline/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ learner: learner, conversationId: conversationId, resume: true, greet: true })
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (problem) { throw new Error(problem.detail || response.statusText); });
      }
      return response.json();
    });
  }

  var saved = null;
  try { saved = window.localStorage.getItem(storageKey); } catch (e) { /* private mode */ }

  fetchSession(saved).then(function (session) {
    try { window.localStorage.setItem(storageKey, session.conversationId); } catch (e) { /* private mode */ }
    var directLine = window.WebChat.createDirectLine({
      token: session.token,
      conversationId: session.conversationId,
      domain: window.location.origin + '/v3/directline',
      webSocket: 'WebSocket' in window
    });
    container.innerHTML = '';
    window.WebChat.renderWebChat({
      directLine: directLine,
      userID: session.userId,
      username: session.userName,
      locale: locale,
      styleOptions: {
        botAvatarInitials: 'SB',
        // On a phone the learner's own avatar only takes width from the bubbles.
        userAvatarInitials: narrow ? undefined : (session.userName || '?').slice(0, 1).toUpperCase(),
        avatarSize: narrow ? 32 : 40,
        bubbleMaxWidth: 600,
        hideUploadButton: false,
        suggestedActionLayout: 'flow',
        primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
      }
    }, container);
    // No join event from here: the server greeted a new conversation before handing out its token, so the hello comes
    // before anything the learner types.
    document.querySelector('#webchat input, #webchat textarea') && document.querySelector('#webchat input, #webchat textarea').focus();
  }).catch(function (error) {
    fail((french ? 'Le chat ne peut pas s\u2019ouvrir : ' : 'The chat cannot open: ') + error.message);
  });
}());
