// Prints, as JSON, the text of every page of a PDF as pdf.js (Firefox's
// viewer, also used for its find bar and text selection) extracts it:
// its text items joined in order, a line break where pdf.js ends a line.
// Usage: node tests/browser/lib/pdf-page-text.mjs file.pdf
import { readFileSync } from "node:fs";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const { items } = await page.getTextContent();
  pages.push(items.map((i) => i.str + (i.hasEOL ? "\n" : "")).join(""));
}
process.stdout.write(JSON.stringify(pages));
