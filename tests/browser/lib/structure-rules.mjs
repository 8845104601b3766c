// Page structure rules, judged from the facts collectStructure() gathers in the page.

// Link texts that say nothing about where the link goes.
const GENERIC_LINK_TEXTS = new Set(['read more', 'click here', 'here', 'more']);

/** Returns failures [{ rule, detail }] for one page. */
export function judgeStructure(facts) {
  return [
    ...checkOneH1(facts.headings),
    ...checkHeadingOrder(facts.headings),
    ...checkLang(facts.lang),
    ...checkTitle(facts.title),
    ...checkLinkPurpose(facts.links),
    ...checkGenericLinkText(facts.links),
    ...facts.imagesWithoutAlt.map((selector) => ({ rule: 'structure/img-alt', detail: `${selector}: img has no alt attribute` })),
  ];
}

function checkOneH1(headings) {
  const count = headings.filter((heading) => heading.level === 1).length;
  return count === 1 ? [] : [{ rule: 'structure/one-h1', detail: `page has ${count} h1 elements; expected exactly 1` }];
}

// Going down, a level may only deepen by one (h2 -> h3); going up may jump.
// The page starts at level 1, so the first heading must be an h1 or h2.
function checkHeadingOrder(headings) {
  const failures = [];
  let previous = 1;
  for (const heading of headings) {
    if (heading.level > previous + 1) {
      failures.push({
        rule: 'structure/heading-order',
        detail: `${heading.selector}: h${heading.level} "${heading.text}" follows h${previous}; skipped a level`,
      });
    }
    previous = heading.level;
  }
  return failures;
}

function checkLang(lang) {
  return lang && lang.trim() ? [] : [{ rule: 'structure/html-lang', detail: '<html> has no lang attribute' }];
}

function checkTitle(title) {
  return title && title.trim() ? [] : [{ rule: 'structure/page-title', detail: '<title> is missing or empty' }];
}

// Links that sound the same must go to the same place.
function checkLinkPurpose(links) {
  const hrefsByName = new Map();
  for (const link of links) {
    const name = normaliseName(link.name);
    if (!name) continue;
    if (!hrefsByName.has(name)) hrefsByName.set(name, new Set());
    hrefsByName.get(name).add(link.href);
  }
  return [...hrefsByName]
    .filter(([, hrefs]) => hrefs.size > 1)
    .map(([name, hrefs]) => ({
      rule: 'structure/link-purpose',
      detail: `links named "${name}" go to different places: ${[...hrefs].map(stripOrigin).join(', ')}`,
    }));
}

function checkGenericLinkText(links) {
  return links
    .filter((link) => GENERIC_LINK_TEXTS.has(normaliseName(link.name)))
    .map((link) => ({ rule: 'structure/generic-link-text', detail: `${link.selector}: link text "${link.name}" does not say where it goes` }));
}

/** Titles used by more than one page: failures for each such page. */
export function duplicateTitleFailures(titlesByPage) {
  const pagesByTitle = new Map();
  for (const [page, title] of titlesByPage) {
    const key = (title ?? '').trim();
    if (!key) continue;
    if (!pagesByTitle.has(key)) pagesByTitle.set(key, []);
    pagesByTitle.get(key).push(page);
  }
  const failures = [];
  for (const [title, pages] of pagesByTitle) {
    if (pages.length < 2) continue;
    for (const page of pages) {
      failures.push({ page, rule: 'structure/title-unique', detail: `title "${title}" is also used by ${pages.filter((other) => other !== page).join(', ')}` });
    }
  }
  return failures;
}

// Names compare as a listener hears them: case and spacing do not matter.
function normaliseName(name) {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

function stripOrigin(href) {
  return href.replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
}
