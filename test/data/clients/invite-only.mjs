/* global process, Buffer, setTimeout */
// A half client, for the report's categories (test/report/categories.test.ts): it sends the
// rejoin INVITE once over UDP through its outbound proxy, as the upper tester's variables say,
// and then nothing at all (no ACK, no retransmission, no SUBSCRIBE, no BYE). Its INVITE has no
// User-Agent and no IMS headers, so RJ-01 and RJ-09 FAIL on it, RJ-05 FAILs for the missing
// ACK, RJ-08 (MAY) for the missing SUBSCRIBE, and RJ-07 is INCONC: no later request to judge.
import dgram from 'node:dgram';

const env = process.env;
const conference = env.IM_CONFERENCE_URI;
const host = env.IM_LOCAL_HOST;
const port = Number(env.IM_LOCAL_PORT);
const tag = Math.random().toString(36).slice(2, 10);
const sdp = [
  'v=0',
  `o=- 1 1 IN IP4 ${host}`,
  's=-',
  `c=IN IP4 ${host}`,
  't=0 0',
  `m=message ${port + 1} TCP/MSRP *`,
  'a=accept-types:message/cpim text/plain',
  `a=path:msrp://${host}:${port + 1}/${tag};tcp`,
  'a=setup:active',
  '',
].join('\r\n');
const invite = [
  `INVITE ${conference} SIP/2.0`,
  `Via: SIP/2.0/UDP ${host}:${port};branch=z9hG4bK${tag};rport`,
  'Max-Forwards: 70',
  `Route: <${env.IM_OUTBOUND_PROXY}>`,
  `From: <${env.IM_USER_URI}>;tag=${tag}`,
  `To: <${conference}>`,
  `Call-ID: ${tag}@${host}`,
  'CSeq: 1 INVITE',
  `Contact: <sip:half@${host}:${port};transport=udp>;+g.oma.sip-im`,
  'Accept-Contact: *;+g.oma.sip-im',
  'Content-Type: application/sdp',
  `Content-Length: ${Buffer.byteLength(sdp)}`,
  '',
  sdp,
].join('\r\n');

const socket = dgram.createSocket('udp4');
socket.bind(port, host, () => {
  socket.send(Buffer.from(invite), Number(env.IM_PROXY_PORT), env.IM_PROXY_HOST, () => setTimeout(() => socket.close(), 100));
});
