import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GATHER_GRACE_MS } from './ice-gathering.ts';
import { createBusinessOffer } from './peer-session.ts';
import { fakeMic } from './testing/fakes.ts';
import { FakePeerConnection, hostTcp, hostUdp } from './testing/fake-peer-connection.ts';

let peers: FakePeerConnection[] = [];
/** Runs inside each new peer's `setLocalDescription`. */
let onSetLocal: ((pc: FakePeerConnection) => void) | null = null;

beforeEach(() => {
  vi.useFakeTimers();
  peers = [];
  vi.stubGlobal('RTCPeerConnection', class extends FakePeerConnection {
    constructor(config?: RTCConfiguration) {
      super(config);
      this.onSetLocal = onSetLocal;
      peers.push(this);
    }
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('createBusinessOffer', () => {
  it('sends the offer with the UDP host candidates a grace after the first, before the TCP ones and completion', async () => {
    let sent: string | null = null;
    // A candidate can surface while setLocalDescription is still running: it must not be missed.
    onSetLocal = (pc) => pc.candidate(hostUdp(1));
    const offer = createBusinessOffer(fakeMic().stream).then((local) => (sent = local.sdp));
    const pc = peers[0]!;
    await vi.advanceTimersByTimeAsync(1);
    pc.candidate(hostUdp(2));
    await vi.advanceTimersByTimeAsync(GATHER_GRACE_MS - 1);
    await offer;
    expect(sent).toContain(`a=${hostUdp(1)}`);
    expect(sent).toContain(`a=${hostUdp(2)}`);
    pc.candidate(hostTcp(1));
    pc.complete();
    expect(sent).not.toContain('tcp');
  });
});
