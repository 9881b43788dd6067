import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gatheredEnough, GATHER_CAP_MS, GATHER_GRACE_MS, parseCandidate, wantedCandidates, type CandidateType, type GatheringPeer } from './ice-gathering.ts';
import { FakePeerConnection, hostTcp, hostUdp, relay, srflx } from './testing/fake-peer-connection.ts';

const asPeer = (pc: FakePeerConnection) => pc as unknown as GatheringPeer;
const stun: RTCConfiguration = { iceServers: [{ urls: 'stun:stun.example.org:3478' }] };

/** Starts the wait and records the fake clock's time when it resolves. */
function track(pc: FakePeerConnection, wanted: ReadonlySet<CandidateType>) {
  const started = Date.now();
  const result = { at: null as number | null };
  void gatheredEnough(asPeer(pc), { wanted }).then(() => (result.at = Date.now() - started));
  return result;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('which candidates make the SDP sendable', () => {
  it('is a UDP host candidate without ICE servers, a reflexive or relay one with them, relay only under a relay policy', () => {
    expect([...wantedCandidates(undefined)]).toEqual(['host']);
    expect([...wantedCandidates({ iceServers: [] })]).toEqual(['host']);
    expect([...wantedCandidates({ iceServers: [{ urls: [] }] })]).toEqual(['host']);
    expect([...wantedCandidates(stun)]).toEqual(['srflx', 'relay']);
    expect([...wantedCandidates({ ...stun, iceTransportPolicy: 'relay' })]).toEqual(['relay']);
  });

  it('reads the type and transport of a candidate line', () => {
    expect(parseCandidate(hostUdp())).toEqual({ type: 'host', protocol: 'udp' });
    expect(parseCandidate(hostTcp())).toEqual({ type: 'host', protocol: 'tcp' });
    expect(parseCandidate(`a=${srflx()}`)).toEqual({ type: 'srflx', protocol: 'udp' });
    expect(parseCandidate('candidate:1 1 udp 2122194687 3f2c1a.local 60036 typ host')).toEqual({ type: 'host', protocol: 'udp' });
    expect(parseCandidate('not a candidate')).toBeNull();
  });
});

describe('gatheredEnough', () => {
  it('resolves a short grace after the first UDP host candidate, not waiting for the TCP ones', async () => {
    const pc = new FakePeerConnection();
    const done = track(pc, wantedCandidates(undefined));
    await vi.advanceTimersByTimeAsync(30);
    pc.candidate(hostTcp(1));
    await vi.advanceTimersByTimeAsync(30);
    expect(done.at).toBeNull();
    pc.candidate(hostUdp(1));
    await vi.advanceTimersByTimeAsync(2);
    pc.candidate(hostUdp(2));
    await vi.advanceTimersByTimeAsync(GATHER_GRACE_MS);
    expect(done.at).toBe(60 + GATHER_GRACE_MS);
    expect(pc.listenerCount()).toBe(0);
  });

  it('with STUN configured, waits for a server-reflexive candidate', async () => {
    const pc = new FakePeerConnection(stun);
    const done = track(pc, wantedCandidates(stun));
    pc.candidate(hostUdp());
    await vi.advanceTimersByTimeAsync(100);
    expect(done.at).toBeNull();
    pc.candidate(srflx());
    await vi.advanceTimersByTimeAsync(GATHER_GRACE_MS);
    expect(done.at).toBe(100 + GATHER_GRACE_MS);
  });

  it('gives up waiting at the cap when STUN never answers', async () => {
    const pc = new FakePeerConnection(stun);
    const done = track(pc, wantedCandidates(stun));
    pc.candidate(hostUdp());
    await vi.advanceTimersByTimeAsync(GATHER_CAP_MS - 1);
    expect(done.at).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(done.at).toBe(GATHER_CAP_MS);
    expect(pc.listenerCount()).toBe(0);
  });

  it('resolves at once when gathering completes first, and when it already had', async () => {
    const pc = new FakePeerConnection();
    const done = track(pc, wantedCandidates(stun));
    await vi.advanceTimersByTimeAsync(5);
    pc.complete();
    await vi.advanceTimersByTimeAsync(0);
    expect(done.at).toBe(5);
    const again = track(pc, wantedCandidates(stun));
    await vi.advanceTimersByTimeAsync(0);
    expect(again.at).toBe(0);
  });

  // Property: whatever order and timing candidates and completion come in, the wait ends at
  // min(complete, first usable + grace, cap).
  it('ends at the earliest of completion, first usable candidate plus grace, and the cap', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const kinds = [hostUdp, hostTcp, srflx, relay];
    const usable: Record<string, (typeof kinds)[number][]> = { none: [hostUdp], stun: [srflx, relay] };
    for (let run = 0; run < 200; run++) {
      const config = random() < 0.5 ? undefined : stun;
      const pc = new FakePeerConnection(config);
      const events = Array.from({ length: Math.floor(random() * 6) }, (_, i) => ({ at: Math.floor(random() * 2000), make: kinds[Math.floor(random() * kinds.length)]!, n: i + 1 }));
      const completeAt = random() < 0.5 ? Math.floor(random() * 2500) : Infinity;
      const firstUsable = Math.min(...events.filter((e) => usable[config ? 'stun' : 'none']!.includes(e.make)).map((e) => e.at));
      const expected = Math.min(completeAt, firstUsable + GATHER_GRACE_MS, GATHER_CAP_MS);

      const done = track(pc, wantedCandidates(config));
      const timeline = [...events.map((e) => ({ at: e.at, run: () => pc.candidate(e.make(e.n)) })), { at: completeAt, run: () => pc.complete() }]
        .filter((e) => e.at < Infinity)
        .sort((a, b) => a.at - b.at);
      let now = 0;
      for (const step of timeline) {
        if (step.at > GATHER_CAP_MS) break;
        await vi.advanceTimersByTimeAsync(step.at - now);
        now = step.at;
        if (done.at === null) step.run();
      }
      await vi.advanceTimersByTimeAsync(GATHER_CAP_MS + 1 - now);
      expect(done.at, `run ${run}: ${JSON.stringify({ config: Boolean(config), events: events.map((e) => [e.at, e.make.name]), completeAt })}`).toBe(expected);
    }
  });
});
