// Campaigns page: the progress bars refresh themselves while a campaign runs, and the form shows
// only the fields of the chosen audience and schedule.
(function () {
  'use strict';
  var every = 2000;

  function refresh(box) {
    fetch(box.dataset.progressUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { return; }
        box.querySelector('.bar > span').style.width = p.percent + '%';
        box.querySelector('.bar').setAttribute('aria-valuenow', p.percent);
        ['percent', 'delivered', 'total', 'failed', 'skipped', 'waiting'].forEach(function (f) {
          var el = box.querySelector('[data-field="' + f + '"]');
          if (el) { el.textContent = p[f]; }
        });
        // An outage is "waiting for the mail server since 14:02 UTC", never "failed".
        var note = box.querySelector('[data-field="waiting-for"]');
        var texts = JSON.parse(box.dataset.waitingTexts || '{}');
        if (note) {
          var text = p.waitingFor && p.waitingSince && texts[p.waitingFor];
          note.textContent = text ? text.replace('{time}', new Date(p.waitingSince).toISOString().substring(11, 16) + ' UTC') : '';
          note.hidden = !text;
        }
        box.dataset.status = p.status;
        var names = JSON.parse(box.dataset.statusNames);
        document.querySelectorAll('[data-status-of="' + p.id + '"]').forEach(function (badge) {
          badge.textContent = names[p.status] || p.status;
          badge.className = 'badge ' + p.status;
        });
        schedule(box);
      })
      .catch(function () { schedule(box); });
  }

  // Only a scheduled campaign moves; a paused, cancelled or finished one stays as it is.
  function schedule(box) {
    if (box.dataset.status === 'scheduled') { setTimeout(function () { refresh(box); }, every); }
  }

  document.querySelectorAll('[data-progress-url]').forEach(schedule);

  function toggle(select) {
    var name = select.dataset.toggles;
    document.querySelectorAll('[data-when^="' + name + '="]').forEach(function (el) {
      var values = el.dataset.when.split('=')[1].split(',');
      el.hidden = values.indexOf(select.value) < 0;
    });
  }

  document.querySelectorAll('select[data-toggles]').forEach(function (select) {
    toggle(select);
    select.addEventListener('change', function () { toggle(select); });
  });
})();
