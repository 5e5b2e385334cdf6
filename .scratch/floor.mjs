import { chromium } from 'playwright-core';
import http from 'node:http';
const server = http.createServer((req, res) => { res.setHeader('content-type', 'text/html; charset=utf-8'); res.end('<!doctype html><html><body><button>登录</button></body></html>'); }).listen(0);
const port = server.address().port;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run','--disable-quic'] });
const times = [];
for (let i = 0; i < 7; i++) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const t = performance.now();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByRole('button', { name: '登录' }).waitFor();
  times.push(performance.now() - t);
  await context.close();
}
console.log(times.map((x) => x.toFixed(0)).join(' '));
await browser.close(); server.close();
