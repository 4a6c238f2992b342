// Launches Debian's Chromium through playwright-core (no browser download is possible here), with a
// fresh profile per launch, and records what a page must never do: console errors, page errors,
// CSP violations and dialogs (an `alert` from a name would be one).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { setSecurityHeaders } from '../../main/server/headers.js';
import { serveStatic as serveFiles } from '../../main/server/static-files.js';

const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context is the only way to give Chromium its own user-data dir; it is removed on close. */
export async function launchBrowser(options: BrowserContextOptions = {}): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'murmur-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    timeout: 30_000,
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface PageProblems {
  /** Console errors, uncaught page errors, CSP violations and dialogs, in the order they happened. */
  list: string[];
}

/** Starts recording problems on a page; call before `goto`. */
export async function watchProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { list: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.list.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.list.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.list.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.exposeFunction('__reportCspViolation', (text: string) => problems.list.push(`csp: ${text}`));
  await page.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => " +
      "window.__reportCspViolation(e.violatedDirective + ' blocked ' + e.blockedURI));",
  });
  return problems;
}

/** Serves a built directory read-only on loopback, as `serve` does (for pages that get their data from an injected API). */
export async function serveStatic(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    setSecurityHeaders(response);
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    serveFiles(root, path, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
