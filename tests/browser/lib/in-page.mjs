// Functions that run inside the page (serialised by Playwright), so each one
// must be self-contained. installPageHelpers runs as an init script on every
// page and puts the shared helpers on window.__gate.

export function installPageHelpers() {
  const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"]), summary';

  // A readable, unique selector for reports: from the nearest id, or from body.
  const cssPath = (element) => {
    const parts = [];
    let current = element;
    while (current && current.nodeType === 1) {
      if (current.id) {
        parts.unshift(`#${CSS.escape(current.id)}`);
        break;
      }
      if (current.localName === 'body' || current.localName === 'html') {
        parts.unshift(current.localName);
        break;
      }
      const tag = current.localName;
      const parent = current.parentElement;
      const sameTag = parent ? [...parent.children].filter((child) => child.localName === tag) : [];
      parts.unshift(sameTag.length > 1 ? `${tag}:nth-of-type(${sameTag.indexOf(current) + 1})` : tag);
      current = parent;
    }
    return parts.join(' > ');
  };

  const collapse = (text) => (text ?? '').replace(/\s+/g, ' ').trim();

  // Text a screen reader would announce for a link: aria-label, aria-labelledby,
  // or its text (visually hidden text included, display:none and aria-hidden excluded) plus img alts.
  const accessibleName = (element) => {
    const label = collapse(element.getAttribute('aria-label'));
    if (label) return label;
    const labelledBy = (element.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
    if (labelledBy.length) {
      return collapse(labelledBy.map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    }
    const textOf = (node) => {
      if (node.nodeType === 3) return node.textContent;
      if (node.nodeType !== 1) return '';
      if (node.getAttribute('aria-hidden') === 'true' || node.hidden) return '';
      if (getComputedStyle(node).display === 'none') return '';
      if (node.localName === 'img') return ` ${node.getAttribute('alt') ?? ''} `;
      return [...node.childNodes].map(textOf).join('');
    };
    return collapse(textOf(element));
  };

  // What a sighted keyboard user can see of an element's focus state.
  const visualSignature = (element) => {
    const style = getComputedStyle(element);
    const transparent = (color) => color === 'transparent' || /^rgba\(.*,\s*0\)$/.test(color);
    // An outline or border that is absent, zero-width or transparent shows nothing
    // (GOV.UK's transparent outline only matters in forced colours).
    const visibleLine = (lineStyle, width, color) =>
      lineStyle === 'none' || lineStyle === 'hidden' || parseFloat(width) === 0 || transparent(color)
        ? 'none'
        : `${lineStyle} ${width} ${color}`;
    const outline = visibleLine(style.outlineStyle, style.outlineWidth, style.outlineColor);
    const signature = {
      outline: outline === 'none' ? 'none' : `${outline} offset ${style.outlineOffset}`,
      boxShadow: style.boxShadow,
      backgroundColor: style.backgroundColor,
      backgroundImage: style.backgroundImage,
      color: style.color,
      textDecoration: style.textDecorationLine === 'none'
        ? 'none'
        : `${style.textDecorationLine} ${style.textDecorationStyle} ${style.textDecorationThickness} ${style.textDecorationColor}`,
    };
    for (const side of ['Top', 'Right', 'Bottom', 'Left']) {
      signature[`border${side}`] = visibleLine(style[`border${side}Style`], style[`border${side}Width`], style[`border${side}Color`]);
    }
    return signature;
  };

  const isShown = (element) => element.checkVisibility({ visibilityProperty: true });

  window.__gate = { FOCUSABLE, cssPath, collapse, accessibleName, visualSignature, isShown };
}

/** Facts for the structure rules; judged in Node by structure-rules.mjs. */
export function collectStructure() {
  const { cssPath, collapse, accessibleName } = window.__gate;
  return {
    lang: document.documentElement.getAttribute('lang'),
    title: document.title,
    headings: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((heading) => ({
      level: Number(heading.localName[1]),
      text: collapse(heading.textContent).slice(0, 80),
      selector: cssPath(heading),
    })),
    links: [...document.querySelectorAll('a[href]')].map((link) => ({
      name: accessibleName(link),
      href: link.href,
      selector: cssPath(link),
    })),
    imagesWithoutAlt: [...document.querySelectorAll('img:not([alt])')].map(cssPath),
  };
}

/** Horizontal overflow at the current viewport, with the elements that start it. */
export function measureReflow() {
  const { cssPath } = window.__gate;
  const limit = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= limit) return { scrollWidth, innerWidth: limit, offenders: [] };
  const overflows = (element) => element.getBoundingClientRect().right > limit + 0.5;
  // Report where the overflow begins: an overflowing element whose parent fits.
  const offenders = [...document.body.querySelectorAll('*')]
    .filter((element) => overflows(element) && !(element.parentElement && overflows(element.parentElement)))
    .slice(0, 3)
    .map((element) => `${cssPath(element)} (right edge ${Math.round(element.getBoundingClientRect().right)}px)`);
  return { scrollWidth, innerWidth: limit, offenders };
}

/**
 * Snapshots every focusable element's unfocused look and records each focus
 * (after finishing any transition) so keyboard focus can be compared with it.
 */
export function startFocusRecording() {
  const { FOCUSABLE, visualSignature, isShown, cssPath } = window.__gate;
  const focusable = [...document.querySelectorAll(FOCUSABLE)].filter((element) => !element.disabled && isShown(element));
  const baseline = new Map(focusable.map((element) => [element, visualSignature(element)]));
  const visits = [];
  document.addEventListener('focusin', (event) => {
    const element = event.target;
    getComputedStyle(element).color; // flush style so transitions start, then jump them to their end
    for (const animation of element.getAnimations()) {
      try { animation.finish(); } catch { /* infinite animations cannot finish */ }
    }
    visits.push({ element, focused: visualSignature(element), focusVisible: element.matches(':focus-visible') });
  }, true);
  window.__gateFocus = { baseline, visits, first: focusable[0] ?? null };
  return { count: focusable.length, first: focusable[0] ? cssPath(focusable[0]) : null };
}

/** What keyboard focus visited, in order, each element once. */
export function readFocusVisits() {
  const { cssPath } = window.__gate;
  const { baseline, visits, first } = window.__gateFocus;
  const seen = new Set();
  const results = [];
  for (const visit of visits) {
    if (seen.has(visit.element)) continue;
    seen.add(visit.element);
    const before = baseline.get(visit.element);
    const changed = before ? Object.keys(before).filter((key) => before[key] !== visit.focused[key]) : null;
    results.push({
      selector: cssPath(visit.element),
      tag: visit.element.localName,
      href: visit.element.getAttribute('href'),
      isFirstFocusable: visit.element === first,
      checked: Boolean(before),
      changed,
      focusVisible: visit.focusVisible,
    });
  }
  return results;
}

/** Focuses the first element that keyboard focus visited (the skip link, when all is well). */
export function focusFirstVisited() {
  window.__gateFocus.visits[0]?.element.focus();
}

export function describeActiveElement() {
  const active = document.activeElement;
  if (!active || active === document.body) return null;
  return {
    tag: active.localName,
    id: active.id,
    tabindex: active.getAttribute('tabindex'),
    selector: window.__gate.cssPath(active),
  };
}
