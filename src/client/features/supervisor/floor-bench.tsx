/**
 * The bench page for the live calls table (not part of the app): `e2e/bench/floor-fps.ts` bundles
 * this file, opens it in Chromium and calls `window.runFloorBench`. It renders the real
 * `LiveCalls` with synthetic calls, updates every call once a second (a quality sample each, as
 * agents report them), scrolls the table, and measures frames with requestAnimationFrame.
 */
import { createRoot } from 'react-dom/client';
import type { CallSummary } from '../../../shared/agent-api.ts';
import { createFloorStore, type FloorChange } from './floor-store.ts';
import { LiveCalls } from './live-calls.tsx';

const lines = [{ id: 'bn-1', label: 'Support BR' }, { id: 'bn-2', label: 'Sales US' }, { id: 'bn-3', label: 'Sandbox' }];

function syntheticCalls(n: number, now: number): CallSummary[] {
  return Array.from({ length: n }, (_, i): CallSummary => {
    const started = new Date(now - (i % 900) * 1000).toISOString();
    const ringing = i % 10 === 0;
    return {
      id: `wacid.bench-${i}`, direction: i % 3 === 0 ? 'user_initiated' : 'business_initiated', businessNumberId: lines[i % 3]!.id,
      waId: String(5511900000000 + i), contactName: `Customer ${i}`, displayNumber: `+55 11 9${String(i).padStart(4, '0')}-0000`,
      agentId: ringing ? null : `agent-${i % 200}`, agentName: ringing ? null : `Agent ${i % 200}`, status: ringing ? 'ringing' : 'active',
      startedAt: started, answeredAt: ringing ? null : started, endedAt: null, durationSeconds: null, outcome: null, endMessage: null, errorCode: null,
      ringAgentIds: ringing ? [`agent-${i % 200}`] : [], quality: null, context: null,
    };
  });
}

const sample = (i: number, tick: number) => {
  const figures = { rttMs: 40 + ((i + tick) % 60), jitterMs: 2 + ((i * 7 + tick) % 20), lossPct: ((i + tick) % 30) / 10, mos: 3.5 + ((i + tick) % 10) / 10 };
  return { last: { ...figures, at: new Date().toISOString() }, worst: figures, average: figures, samples: tick + 1 };
};

declare global {
  interface Window { runFloorBench(opts: { calls: number; seconds: number; scroll?: boolean; updates?: boolean }): Promise<{ fps: number; longestFrameMs: number; frames: number; rendered: number }> }
}

window.runFloorBench = async ({ calls, seconds, scroll = true, updates: update = true }) => {
  const store = createFloorStore();
  const now = Date.now();
  store.load({ calls: syntheticCalls(calls, now), agents: [], serverNow: new Date(now).toISOString() }, now);
  const host = document.getElementById('root')!;
  host.style.height = '720px';
  host.style.display = 'flex';
  createRoot(host).render(<LiveCalls store={store} lines={lines} onListen={() => undefined} />);
  await new Promise((r) => setTimeout(r, 500));
  const scroller = document.querySelector<HTMLElement>('[data-testid="live-calls-scroller"]')!;
  let tick = 0;
  const updates = setInterval(() => {
    if (!update) return;
    tick += 1;
    const changes: FloorChange[] = [];
    for (let i = 0; i < calls; i++) changes.push({ type: 'quality', callId: `wacid.bench-${i}`, quality: sample(i, tick) });
    store.apply(changes);
  }, 1000);
  const frames: number[] = [];
  await new Promise<void>((done) => {
    const end = performance.now() + seconds * 1000;
    let last = performance.now();
    const frame = (t: number) => {
      frames.push(t - last);
      last = t;
      // A supervisor scrolling through the floor while it updates: about a row per frame.
      if (scroll) scroller.scrollTop = (scroller.scrollTop + 36) % Math.max(1, scroller.scrollHeight - scroller.clientHeight);
      if (t < end) requestAnimationFrame(frame);
      else done();
    };
    requestAnimationFrame(frame);
  });
  clearInterval(updates);
  const measured = frames.slice(1);
  const total = measured.reduce((a, b) => a + b, 0);
  return { fps: (measured.length / total) * 1000, longestFrameMs: Math.max(...measured), frames: measured.length, rendered: document.querySelectorAll('[data-testid="live-call-row"]').length };
};
