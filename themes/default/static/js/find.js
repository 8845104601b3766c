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
  holder.innerHTML =
    '<label class="find-label" for="find-input">Search for a school, children\u2019s centre or area</label>' +
    '<input id="find-input" class="find-input" type="search" autocomplete="off" spellcheck="false">' +
    '<p id="find-count" class="find-count" role="status" aria-live="polite"></p>';
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
    count.textContent = query ? shown + (shown === 1 ? ' result' : ' results') : '';
  }
  input.addEventListener('input', update);
})();
