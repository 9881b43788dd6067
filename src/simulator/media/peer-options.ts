/**
 * How the simulator's werift peers gather candidates. Meta's relay offers host candidates only and
 * uses no STUN/TURN (reference §8.2); the simulator runs on the same machine as the browsers that
 * call it, so host candidates are all anyone needs.
 */
import type { RTCPeerConnectionConfig } from 'werift';
import { metaAudioCodecs } from './meta-codecs.ts';

/** Network knobs for the simulator's peers; the defaults suit loopback tests and a local Chromium. */
export interface MediaNetworkOptions {
  /**
   * Addresses advertised as host candidates on top of the machine's non-internal interfaces.
   * Default `['127.0.0.1']`: werift skips loopback when it lists interfaces, so on a host whose only
   * interface is `lo` (CI sandboxes) the SDP would otherwise carry no candidate at all. The sockets
   * bind the wildcard address, so one socket answers on loopback and on the LAN address alike.
   */
  extraHostAddresses?: string[];
  /**
   * Also gather IPv6. Default `false`: IPv6 in containers is often half-configured (ULA without a
   * route, link-local only), and an unreachable candidate only slows the browser's checks. Meta's
   * real SDP has one IPv6 candidate; nothing in the softphone depends on it.
   */
  useIpv6?: boolean;
  /** UDP port range (inclusive, min < max) for firewalled hosts; default: ephemeral ports. */
  portRange?: [number, number];
}

/** werift configuration for one leg. `iceLite` makes it behave like Meta's relay: controlled, no checks. */
export function peerConfig(network: MediaNetworkOptions, iceLite: boolean): RTCPeerConnectionConfig {
  return {
    iceLite,
    codecs: { audio: metaAudioCodecs() },
    // No header extensions: what we would negotiate on one leg means nothing on the other, and the
    // relay forwards packets between legs. Meta's current offers carry none either.
    headerExtensions: { audio: [] },
    // werift defaults to Google's STUN server; with no route out, gathering waits for it to time out.
    iceServers: [],
    iceUseIpv4: true,
    iceUseIpv6: network.useIpv6 ?? false,
    iceAdditionalHostAddresses: network.extraHostAddresses ?? ['127.0.0.1'],
    icePortRange: network.portRange,
  };
}
