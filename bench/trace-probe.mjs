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
await cdp.send('Tracing.start', { categories: process.env.CATS ?? 'devtools.timeline,v8.wasm', transferMode: 'ReportEvents' });
await page.goto(`${servers.origin}/bench/${kind}.html?endpoint=${encodeURIComponent(isso.endpoint)}&thread=/t&n=30`);
await page.waitForTimeout(3000);
await cdp.send('Tracing.end');
await done;
const TOP_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'BlinkScheduler_PerformMicrotaskCheckpoint']);
const taskEvents = events.filter((e) => TOP_NAMES.has(e.name) && e.dur > 2000);
const outer = taskEvents.filter((t) => !taskEvents.some((o) => o !== t && o.tid === t.tid && o.ts <= t.ts && o.ts + o.dur >= t.ts + t.dur && o.dur > t.dur));
for (const t of outer.filter((t) => t.dur > 30000)) {
  const kids = events.filter((e) => e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur && e !== t && e.dur > 2000 && !TOP_NAMES.has(e.name));
  console.log(`TASK ${(t.dur / 1000).toFixed(1)} ms at ${((t.ts - outer[0].ts) / 1000).toFixed(0)}`);
  for (const k of kids.sort((a, b) => a.ts - b.ts)) console.log(`   +${((k.ts - t.ts) / 1000).toFixed(1)} ${(k.dur / 1000).toFixed(1)} ms ${k.name} ${JSON.stringify(k.args?.data?.functionName ?? k.args?.data?.url ?? k.args?.beginData ?? "").slice(0, 160)}`);
}
await browser.close();
await servers.close();
await isso.stop();
if (process.env.TOP) for (const e of events.filter((e) => e.dur).sort((a, b) => b.dur - a.dur).slice(0, 15)) console.log((e.dur / 1000).toFixed(1), e.name, e.cat, e.tid);
