/**
 * The dashboard page's files: plain HTML, CSS and a JavaScript module in ./page, served as they
 * are (no build step; the package build copies the folder next to the compiled module, so the
 * same relative path works in a checkout and installed). Read once, on first use.
 * The CSP allows the page's own files and nothing else: no inline script or style, no other
 * origin to fetch from (every call goes to this port), no framing, no form posts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PAGE_DIR = join(import.meta.dirname, 'page');

const HTML_HEADERS = {
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
};

export interface PageFile {
  route: string;
  name: string;
  type: string;
  headers: Record<string, string>;
  operationId: string;
  summary: string;
}

export const PAGE_FILES: readonly PageFile[] = [
  {
    route: '/',
    name: 'index.html',
    type: 'text/html; charset=utf-8',
    headers: HTML_HEADERS,
    operationId: 'dashboardPage',
    summary: 'The dashboard page: every simulator of the process (no token needed to load it; it asks for one)',
  },
  {
    route: '/app.js',
    name: 'app.js',
    type: 'text/javascript; charset=utf-8',
    headers: {},
    operationId: 'dashboardScript',
    summary: "The dashboard's script (an ES module)",
  },
  {
    route: '/app.css',
    name: 'app.css',
    type: 'text/css; charset=utf-8',
    headers: {},
    operationId: 'dashboardStyle',
    summary: "The dashboard's style sheet",
  },
];

const cache = new Map<string, Buffer>();

export function pageFile(name: string): Buffer {
  let body = cache.get(name);
  if (!body) cache.set(name, (body = readFileSync(join(PAGE_DIR, name))));
  return body;
}
