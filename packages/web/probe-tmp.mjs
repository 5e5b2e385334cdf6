import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--headless'] });
const p = await b.newPage({ viewport: { width: +process.argv[2] || 1366, height: 800 }, locale: 'zh-CN' });
const base = 'http://127.0.0.1:18471';
await p.goto(base + '/login');
await p.getByLabel('用户名').fill('admin');
await p.getByLabel('密码', { exact: true }).fill('Duikou#Pass2026');
await p.getByRole('button', { name: /^登\s?录$/ }).click();
await p.waitForTimeout(3000);
if (p.url().includes('change-password')) { console.log('must change'); }
const stops = [];
await p.keyboard.press('Tab'); 
for (let i = 0; i < 3; i++) {
  await p.keyboard.press('Tab');
  stops.push(await p.evaluate(() => { const e = document.activeElement; const st = getComputedStyle(e); return `${e.tagName}.${e.className.toString().slice(0,30)} "${e.textContent.slice(0,10)}" outline=${st.outlineStyle} ${st.outlineWidth}`; }));
}
console.log(stops.join('\n'));
await p.screenshot({ path: '/tmp/probe.png', clip: { x: 0, y: 0, width: 400, height: 400 } });
await b.close();
