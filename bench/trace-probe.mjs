// Throwaway: trace one load of the demo page and break down long tasks.
import { startServers } from '../tests/support/server.mjs';
import { launch } from '../tests/support/browser.mjs';
import { startIsso } from '../tests/support/isso.mjs';
const servers = await startServers();
const isso = await startIsso({ origins: [servers.origin] });
const N = Number(process.argv[3] ?? 100);
const tops = [];
for (let i = 0; i < N; i++) {
  const reply = tops.length > 0 && i % 10 >= 7;
  const c = await isso.post('/t', { text: 'لا أدري لماذا تليجرام ليس مشهورا مثل الواتسآب عندنا بالرغم أنه أفضل منه في كل النواحي ' + i, author: 'قارئ ' + i, parent: reply ? tops[(i * 7) % tops.length] : undefined });
  if (!reply) tops.push(c.id);
}
const kind = process.argv[2] ?? 'ours';
const browser = await launch();
const page = await browser.page();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
const events = [];
cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8,v8.wasm,disabled-by-default-devtools.timeline,blink,loading', transferMode: 'ReportEvents' });
await page.goto(`${servers.origin}/bench/${kind}.html?endpoint=${encodeURIComponent(isso.endpoint)}&thread=/t&n=30`);
await page.waitForTimeout(3000);
await cdp.send('Tracing.end');
await done;
const main = events.filter((e) => e.name === 'RunTask' && e.dur > 20000);
for (const t of main) {
  const kids = events.filter((e) => e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && e !== t && e.dur > 2000);
  console.log(`TASK ${(t.dur / 1000).toFixed(1)} ms tid ${t.tid}`);
  for (const k of kids.sort((a, b) => a.ts - b.ts)) console.log(`   +${((k.ts - t.ts) / 1000).toFixed(1)} ${(k.dur / 1000).toFixed(1)} ms ${k.name} ${JSON.stringify(k.args?.data?.functionName ?? k.args?.data?.url ?? '').slice(0, 80)}`);
}
await browser.close();
await servers.close();
await isso.stop();
