// Filters the find page's list as you type. Without this script the whole
// list stays visible, so the page works with JavaScript off.
(function () {
  var holder = document.getElementById('find-filter');
  var list = document.getElementById('find-list');
  if (!holder || !list || !list.querySelectorAll) return;
  // "St. Mary's" and "st marys" compare equal: case, apostrophes and punctuation are ignored.
  function normalise(text) {
    return text.toLowerCase().replace(/['’‘`]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
  }
  var items = Array.prototype.slice.call(list.querySelectorAll('li[data-name]'));
  var keys = items.map(function (li) { return normalise(li.getAttribute('data-name')); });
  var groups = Array.prototype.slice.call(list.querySelectorAll('.letter-group'));
  // The label and "N results" in the page's language, plural forms made by
  // the build (one per possible count): this script knows no language.
  var counts = (holder.getAttribute('data-counts') || '').split('|');
  var label = document.createElement('label');
  label.className = 'find-label';
  label.htmlFor = 'find-input';
  label.textContent = holder.getAttribute('data-label') || 'Search for a school, children\u2019s centre or area';
  holder.innerHTML =
    '<input id="find-input" class="find-input" type="search" autocomplete="off" spellcheck="false">' +
    '<p id="find-count" class="find-count" role="status" aria-live="polite"></p>';
  holder.insertBefore(label, holder.firstChild);
  var input = document.getElementById('find-input');
  var count = document.getElementById('find-count');
  function update() {
    var query = normalise(input.value);
    var shown = 0;
    items.forEach(function (li, i) {
      var match = !query || keys[i].indexOf(query) !== -1;
      li.hidden = !match;
      if (match) shown++;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector('li[data-name]:not([hidden])');
    });
    count.textContent = query ? (counts[shown] || shown + (shown === 1 ? ' result' : ' results')) : '';
  }
  input.addEventListener('input', update);
})();
