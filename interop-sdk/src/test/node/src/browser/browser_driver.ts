// Drives headless Chromium through chat_page.ts for BrowserChatTest:
//
//   node out/browser/browser_driver.js chat
//
// The contract (environment, JSON lines, exit codes) is driver.ts's; WARDEN_CHROMIUM names the browser to start.
// The page is bundled here with esbuild and served from a loopback port of its own, another origin than the
// host's. The scenario is what a user of the template's app does: open it (an anonymous identity is minted and its
// token saved), set a name, send a message, and reload: the page must reconnect with its saved token as the same
// user and show the same name and message.
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { main, print, required } from '../driver.js';

const uri = required('WARDEN_URI');
const database = required('WARDEN_DB');
const executablePath = required('WARDEN_CHROMIUM');

async function bundle(): Promise<Map<string, { type: string; body: Buffer | string }>> {
  const result = await build({
    entryPoints: ['src/browser/chat_page.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const files = new Map<string, { type: string; body: Buffer | string }>();
  files.set('/index.html', { type: 'text/html', body: await readFile('src/browser/index.html') });
  files.set('/chat_page.js', { type: 'text/javascript', body: result.outputFiles[0].text });
  return files;
}

function serve(files: Map<string, { type: string; body: Buffer | string }>): Promise<Server> {
  const server = createServer((request, response) => {
    const file = files.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function text(page: Page, id: string): Promise<string> {
  return (await page.textContent(`#${id}`)) ?? '';
}

async function connected(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const s = document.getElementById('status')?.textContent ?? '';
    return s === 'connected' || s.startsWith('connect error') || s.startsWith('disconnected') || s.startsWith('subscription error');
  });
  const status = await text(page, 'status');
  if (status !== 'connected') {
    throw new Error(`the page did not connect: ${status}`);
  }
}

async function chat(): Promise<void> {
  const server = await serve(await bundle());
  const page_origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', m => {
      if (m.type() === 'error') {
        problems.push(m.text());
      }
    });
    page.on('requestfailed', r => problems.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
    const url = `${page_origin}/index.html?host=${encodeURIComponent(uri)}&db=${encodeURIComponent(database)}`;

    await page.goto(url);
    await connected(page);
    const identity = await text(page, 'identity');
    const tokenKey = `${uri}/${database}/auth_token`;
    const saved = await page.evaluate(key => localStorage.getItem(key) !== null, tokenKey);
    print('connected', { identity, tokenSaved: saved, name: await text(page, 'name'), online: await text(page, 'online') });

    await page.fill('#name-input', 'TestUser');
    await page.click('#name-form button');
    await page.waitForFunction(() => document.getElementById('name')?.textContent === 'TestUser');
    print('named', { name: await text(page, 'name'), online: await text(page, 'online') });

    await page.fill('#message-input', 'Hello from Chromium');
    await page.click('#message-form button');
    await page.waitForSelector('#messages li');
    print('sent', { messages: await page.$$eval('#messages li', items => items.map(i => i.textContent ?? '')) });

    await page.reload();
    await connected(page);
    print('reloaded', {
      identity: await text(page, 'identity'),
      sameIdentity: (await text(page, 'identity')) === identity,
      name: await text(page, 'name'),
      messages: await page.$$eval('#messages li', items => items.map(i => i.textContent ?? '')),
      error: await text(page, 'error'),
    });
    print('problems', { problems });
  } finally {
    await browser.close();
    server.close();
  }
}

await main({ chat });
