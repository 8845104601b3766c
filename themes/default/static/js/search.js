// Search on /search/ with the site's own Pagefind index (/pagefind/, made by
// the build). Without JavaScript, or if the index cannot load, the form
// reloads /search/ and "Help by topic" is the way in. Only /search/ loads this.
const form = document.getElementById('search-form');
const input = document.getElementById('search-input');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const none = document.getElementById('search-none');

let pagefind = null;
let latest = 0;

// `clustersite serve` marks its live-reload script: the preview makes no
// search index (it would slow every reload), so it says so plainly.
const preview = document.querySelector('script[data-clustersite-serve]') !== null;
const PREVIEW = 'This is the preview: search results need a full build (clustersite build). The topics below still work.';
if (preview) status.textContent = PREVIEW;

// The index is in parts (/pagefind/parts.json lists each language's, main
// part first): Pagefind loads the main part and merges the others into it.
async function load() {
  if (!pagefind) {
    pagefind = (async () => {
      const listing = await (await fetch('/pagefind/parts.json')).json();
      const language = (document.documentElement.lang || 'en').split('-')[0].toLowerCase();
      const [main, ...others] = listing[language] || listing.en;
      const loaded = await import(`${main}pagefind.js`);
      await loaded.options({ excerptLength: 24 });
      await loaded.init();
      await Promise.all(others.map((part) => loaded.mergeIndex(part)));
      return loaded;
    })();
    // A failed load may be tried again at the next search.
    pagefind.catch(() => { pagefind = null; });
  }
  return pagefind;
}

function item(data) {
  const li = document.createElement('li');
  const link = document.createElement('a');
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  li.append(link);
  const about = [data.meta.kind, data.meta.cluster ? data.meta.cluster + ' cluster' : ''].filter(Boolean);
  if (about.length) {
    const meta = document.createElement('p');
    meta.className = 'search-meta';
    meta.textContent = about.join(', ');
    li.append(meta);
  }
  // The excerpt as text: Pagefind marks matches with <mark>, which we drop
  // rather than insert HTML into the page.
  const excerpt = document.createElement('p');
  excerpt.textContent = data.excerpt.replace(/<\/?mark>/g, '');
  li.append(excerpt);
  return li;
}

async function run(query) {
  const ticket = ++latest;
  list.replaceChildren();
  none.hidden = true;
  if (!query.trim()) {
    status.textContent = '';
    return;
  }
  if (preview) {
    status.textContent = PREVIEW;
    return;
  }
  status.textContent = 'Searching…';
  try {
    const search = await (await load()).search(query);
    const results = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
    if (ticket !== latest) return;
    const count = search.results.length;
    status.textContent = count === 0
      ? `No results for “${query}”.`
      : `${count} ${count === 1 ? 'result' : 'results'} for “${query}”${count > results.length ? `, showing the first ${results.length}` : ''}.`;
    list.replaceChildren(...results.map(item));
    none.hidden = count !== 0;
  } catch (error) {
    if (ticket !== latest) return;
    status.textContent = 'Search is not working right now. Choose a topic below instead.';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = input.value;
  const url = new URL(location.href);
  url.searchParams.set('q', query);
  history.replaceState(null, '', url);
  run(query);
});

const asked = new URLSearchParams(location.search).get('q');
if (asked) {
  input.value = asked;
  run(asked);
}
