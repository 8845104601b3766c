// A tiny static file server that behaves like the production host:
// directory paths serve index.html, unknown paths serve 404.html with status 404.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { resolveUrlPath } from './site-files.mjs';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Starts serving siteDir on 127.0.0.1 with an ephemeral port; resolves to { origin, close }. */
export async function startStaticServer(siteDir) {
  const server = http.createServer((request, response) => handle(siteDir, request, response));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

function handle(siteDir, request, response) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const urlPath = new URL(request.url, 'http://localhost').pathname;
  const found = resolveUrlPath(siteDir, urlPath);
  if (found?.redirectTo) {
    response.writeHead(301, { Location: found.redirectTo }).end();
  } else if (found) {
    sendFile(response, request.method, 200, found.file);
  } else {
    sendNotFound(siteDir, response, request.method);
  }
}

function sendNotFound(siteDir, response, method) {
  const notFoundPage = path.join(siteDir, '404.html');
  if (fs.existsSync(notFoundPage)) {
    sendFile(response, method, 404, notFoundPage);
  } else {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  }
}

function sendFile(response, method, status, file) {
  const body = fs.readFileSync(file);
  response.writeHead(status, {
    'Content-Type': contentTypeFor(file),
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
  });
  response.end(method === 'HEAD' ? undefined : body);
}
