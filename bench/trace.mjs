// What a long task is made of: one cold load of a benchmark page, traced through the DevTools
// protocol, printing every main-thread task longer than --min ms with the events inside it
// (script and wasm calls, wasm compilation, style, layout, paint). Tracing adds overhead, so
// durations run higher than the benchmark's; use it to attribute, not to measure.
//
//   node bench/trace.mjs [--kind ours|own|isso] [--n 100] [--min 30] [--cpu 1]
//
// `own`: the page's own article and its first comments inside the element (bench/pages/own.html,
// rendered from the thread when the page is asked for); `--cpu 4` slows the CPU as the phone
// profile does.
//
// Expects a release build in dist/ (bench/run.sh makes one) and Isso in target/isso-venv.
import { startServers } from '../tests/support/server.mjs';
import { launch } from '../tests/support/browser.mjs';
import { startIsso } from '../tests/support/isso.mjs';
import { seed } from './seed.mjs';
import { opt } from './args.mjs';

const kind = ['isso', 'own'].includes(opt('kind', 'ours')) ? opt('kind') : 'ours';
const cpu = Math.min(8, Math.max(1, Number(opt('cpu', 1))));
const n = Math.min(5000, Math.max(1, Number(opt('n', 100))));
const minMs = Number(opt('min', 30));

const servers = await startServers();
const isso = await startIsso({ origins: [servers.origin] });
const browser = await launch();
try {
  await seed(isso, '/trace', n);
  const page = await browser.page();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,v8.wasm', transferMode: 'ReportEvents' });
  await page.goto(`${servers.origin}/bench/${kind}.html?endpoint=${encodeURIComponent(isso.endpoint)}&thread=/trace&n=${n}`);
  await page.waitForTimeout(Math.min(60_000, 3000 + n * 5));
  await cdp.send('Tracing.end');
  await complete;

  const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'BlinkScheduler_PerformMicrotaskCheckpoint']);
  const tasks = events.filter((e) => TASKS.has(e.name) && e.dur > 1000);
  const within = (outer, e) => e.tid === outer.tid && e.ts >= outer.ts && e.ts + (e.dur ?? 0) <= outer.ts + outer.dur;
  const outermost = tasks.filter((t) => !tasks.some((o) => o !== t && o.dur > t.dur && within(o, t)));
  const origin = Math.min(...outermost.map((t) => t.ts));
  for (const task of outermost.filter((t) => t.dur > minMs * 1000).sort((a, b) => a.ts - b.ts)) {
    console.log(`task ${(task.dur / 1000).toFixed(1)} ms at ${((task.ts - origin) / 1000).toFixed(0)} ms`);
    const inside = events.filter((e) => e !== task && !TASKS.has(e.name) && e.dur > 2000 && within(task, e));
    for (const e of inside.sort((a, b) => a.ts - b.ts)) {
      const what = e.args?.data?.functionName || e.args?.data?.url || (e.args?.beginData ? JSON.stringify(e.args.beginData) : '');
      console.log(`  +${((e.ts - task.ts) / 1000).toFixed(1)} ms  ${(e.dur / 1000).toFixed(1)} ms  ${e.name} ${what.slice(0, 100)}`);
    }
  }
} finally {
  await browser.close();
  await isso.close();
  await servers.close();
}
