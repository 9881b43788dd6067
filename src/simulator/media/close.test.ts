import { createHook } from 'node:async_hooks';
import { expect, it, vi } from 'vitest';
import { TestBrowserPeer, within } from './test-browser-peer.ts';
import { createWeriftMediaEndpointFactory } from './werift-endpoint.ts';

/**
 * Records the UDP sockets and timers created while recording is on, and forgets each one when it
 * is destroyed (closed, cleared or fired): what is left would keep the process from exiting.
 */
function trackHandles(): { stopRecording(): void; alive(): string[]; disable(): void } {
  const alive = new Map<number, string>();
  let recording = true;
  const hook = createHook({
    init(id, type) {
      if (recording && (type === 'UDPWRAP' || type === 'Timeout')) alive.set(id, type);
    },
    destroy(id) {
      alive.delete(id);
    },
  }).enable();
  return {
    stopRecording: () => (recording = false),
    alive: () => [...alive.values()],
    disable: () => hook.disable(),
  };
}

const MDNS_CANDIDATE = 'a=candidate:1 1 udp 2113937151 0a1b2c3d-0000-4000-8000-000000000000.local 50000 typ host';

it('close() releases every socket and timer, is idempotent, and refuses later use', async () => {
  const handles = trackHandles();
  try {
    const factory = createWeriftMediaEndpointFactory();
    const endpoint = factory.create({ callId: 'close-playing' });
    const business = new TestBrowserPeer();
    // Chromium without mic permission hides its address behind mDNS; resolving it must not be
    // attempted (werift's resolver would leave a multicast socket and a 10 s timer behind).
    const offer = (await business.offer()).replace(/^(a=candidate:.*\r\n)/m, `$1${MDNS_CANDIDATE}\r\n`);
    expect(offer).toContain(MDNS_CANDIDATE);
    await business.applyAnswer(await endpoint.answerBusinessOffer(offer));
    await within(5000, 'DTLS connected', business.connected());
    endpoint.startUserMedia('tone');
    await within(5000, 'tone at the business', business.waitForPackets(5));
    // A phone leg that never got its answer must be released too.
    const halfOpen = factory.create({ callId: 'close-half-open' });
    await halfOpen.openPhoneLeg();
    expect(handles.alive()).toContain('UDPWRAP');

    await Promise.all([endpoint.close(), endpoint.close(), halfOpen.close()]);
    await endpoint.close();
    await business.close();
    // From here on, only the test's own waiting creates timers; they are not ours to release.
    handles.stopRecording();
    await vi.waitFor(() => expect(handles.alive()).toEqual([]), { timeout: 5000 });

    expect(() => endpoint.startUserMedia('echo')).toThrow(/closed/);
    await expect(endpoint.openPhoneLeg()).rejects.toThrow(/closed/);
  } finally {
    handles.disable();
  }
});
