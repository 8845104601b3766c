// A minimal HTML start-tag scanner: enough to read attributes from generated
// (possibly minified, unquoted-attribute) HTML without adding a parser dependency.

// Elements whose content is raw text: tags inside them are not tags.
const RAW_TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noembed', 'noframes']);

/** Returns [{ name, attrs }] for every start tag, in document order. attrs keys are lower-case. */
export function scanTags(html) {
  const lower = html.toLowerCase();
  const tags = [];
  let index = 0;
  while (index < html.length) {
    const open = html.indexOf('<', index);
    if (open === -1) break;
    if (html.startsWith('<!--', open)) {
      index = endOf(html, '-->', open + 4);
      continue;
    }
    const nameMatch = /^<([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(open, open + 80));
    if (!nameMatch) {
      // End tags, doctype, processing instructions, stray '<'.
      index = /^<[/!?]/.test(html.slice(open, open + 2)) ? endOf(html, '>', open) : open + 1;
      continue;
    }
    const name = nameMatch[1].toLowerCase();
    const { attrs, end } = readAttributes(html, open + nameMatch[0].length);
    tags.push({ name, attrs });
    index = end;
    if (RAW_TEXT_ELEMENTS.has(name)) {
      const close = lower.indexOf(`</${name}`, index);
      index = close === -1 ? html.length : close;
    }
  }
  return tags;
}

function endOf(html, marker, from) {
  const found = html.indexOf(marker, from);
  return found === -1 ? html.length : found + marker.length;
}

// Sticky patterns match at lastIndex without copying the rest of the document.
const ATTRIBUTE_NAME = /[^\s"'>/=]+/y;
const UNQUOTED_VALUE = /[^\s>]*/y;

function readAttributes(html, start) {
  const attrs = {};
  let index = start;
  while (index < html.length) {
    while (/[\s/]/.test(html[index] ?? '')) index += 1;
    if (index >= html.length || html[index] === '>') return { attrs, end: index + 1 };
    ATTRIBUTE_NAME.lastIndex = index;
    const nameMatch = ATTRIBUTE_NAME.exec(html);
    if (!nameMatch) {
      index += 1;
      continue;
    }
    const name = nameMatch[0].toLowerCase();
    index += nameMatch[0].length;
    while (/\s/.test(html[index] ?? '')) index += 1;
    let value = '';
    if (html[index] === '=') {
      index += 1;
      while (/\s/.test(html[index] ?? '')) index += 1;
      ({ value, index } = readValue(html, index));
    }
    // The HTML parser keeps the first of duplicated attributes.
    if (!(name in attrs)) attrs[name] = decodeEntities(value);
  }
  return { attrs, end: html.length };
}

function readValue(html, index) {
  const quote = html[index];
  if (quote === '"' || quote === "'") {
    const close = html.indexOf(quote, index + 1);
    const end = close === -1 ? html.length : close;
    return { value: html.slice(index + 1, end), index: end + 1 };
  }
  UNQUOTED_VALUE.lastIndex = index;
  const match = UNQUOTED_VALUE.exec(html);
  return { value: match[0], index: index + match[0].length };
}

const NAMED_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, body) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Ids (and legacy a[name] anchors) that a #fragment can point at. */
export function fragmentTargets(tags) {
  const targets = new Set();
  for (const { name, attrs } of tags) {
    if (attrs.id) targets.add(attrs.id);
    if (name === 'a' && attrs.name) targets.add(attrs.name);
  }
  return targets;
}
