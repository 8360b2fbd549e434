// What a long task is made of: one cold load of a benchmark page, traced through the DevTools
// protocol, printing every main-thread task longer than --min ms with the events inside it
// (script and wasm calls, wasm compilation, style, layout, paint). Tracing adds overhead, so
// durations run higher than the benchmark's; use it to attribute, not to measure.
//
//   node bench/trace.mjs [--kind ours|own|isso] [--n 100] [--min 30] [--cpu 1] [--profile 12]
//
// `own`: the page's own article and its first comments inside the element (bench/pages/own.html,
// rendered from the thread when the page is asked for); `--cpu 4` slows the CPU as the phone
// profile does. `--profile K` samples the JavaScript and wasm stacks too and lists, under each
// task, the K functions most of its samples were in (inclusive); wasm functions have names only in
// a build that keeps them (`MAQAL_WASM_NAMES=1 trunk build --release`).
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
const profileTop = Math.min(50, Math.max(0, Number(opt('profile', 0))));

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
  const categories = `toplevel,devtools.timeline,v8.wasm${profileTop ? ',disabled-by-default-v8.cpu_profiler' : ''}`;
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  await page.goto(`${servers.origin}/bench/${kind}.html?endpoint=${encodeURIComponent(isso.endpoint)}&thread=/trace&n=${n}`);
  await page.waitForTimeout(Math.min(60_000, 3000 + n * 5));
  await cdp.send('Tracing.end');
  await complete;

  const TASKS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'BlinkScheduler_PerformMicrotaskCheckpoint']);
  const tasks = events.filter((e) => TASKS.has(e.name) && e.dur > 1000);
  const within = (outer, e) => e.tid === outer.tid && e.ts >= outer.ts && e.ts + (e.dur ?? 0) <= outer.ts + outer.dur;
  const outermost = tasks.filter((t) => !tasks.some((o) => o !== t && o.dur > t.dur && within(o, t)));
  const origin = Math.min(...outermost.map((t) => t.ts));
  const samples = profileTop ? stackSamples(events) : null;
  for (const task of outermost.filter((t) => t.dur > minMs * 1000).sort((a, b) => a.ts - b.ts)) {
    console.log(`task ${(task.dur / 1000).toFixed(1)} ms at ${((task.ts - origin) / 1000).toFixed(0)} ms`);
    const inside = events.filter((e) => e !== task && !TASKS.has(e.name) && e.dur > 2000 && within(task, e));
    for (const e of inside.sort((a, b) => a.ts - b.ts)) {
      const what = e.args?.data?.functionName || e.args?.data?.url || (e.args?.beginData ? JSON.stringify(e.args.beginData) : '');
      console.log(`  +${((e.ts - task.ts) / 1000).toFixed(1)} ms  ${(e.dur / 1000).toFixed(1)} ms  ${e.name} ${what.slice(0, 100)}`);
    }
    if (samples) {
      const inside = samples.filter((x) => x.tid === task.tid && x.ts >= task.ts && x.ts <= task.ts + task.dur);
      const counts = new Map();
      for (const { stack } of inside) for (const name of new Set(stack)) counts.set(name, (counts.get(name) ?? 0) + 1);
      for (const [name, count] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, profileTop)) {
        console.log(`  ${String(Math.round((100 * count) / inside.length)).padStart(3)}% of ${inside.length} samples in ${name.slice(0, 110)}`);
      }
    }
  }
} finally {
  await browser.close();
  await isso.close();
  await servers.close();
}

/**
 * The sampled stacks of the trace's CPU profile (`ProfileChunk` events): each sample's time, thread
 * and the names of the functions on its stack, innermost first (Rust's mangled names shortened to
 * their path from the crate on).
 */
function stackSamples(events) {
  const nodes = new Map();
  const out = [];
  for (const profile of events.filter((e) => e.name === 'Profile')) {
    let ts = profile.args?.data?.startTime ?? 0;
    for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.id === profile.id)) {
      const data = chunk.args?.data ?? {};
      for (const node of data.cpuProfile?.nodes ?? []) nodes.set(`${profile.id}:${node.id}`, node);
      (data.cpuProfile?.samples ?? []).forEach((id, i) => {
        ts += data.timeDeltas?.[i] ?? 0;
        const stack = [];
        for (let node = nodes.get(`${profile.id}:${id}`); node && stack.length < 200; node = nodes.get(`${profile.id}:${node.parent}`)) {
          const frame = node.callFrame ?? {};
          const name = frame.functionName || frame.url?.split('/').pop() || '';
          if (name && name !== '(root)') stack.push(name.replace(/^_R\w*?(\d+maqal)/, '$1'));
        }
        out.push({ ts, tid: profile.tid, stack });
      });
    }
  }
  return out;
}
