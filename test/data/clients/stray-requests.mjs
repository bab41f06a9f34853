/* global process, Buffer, setTimeout, console */
// Stray messages, as an earlier scenario's client still running would send them to a port the
// system handed out again (test/conformance/stray-requests.test.ts): at each offset given (ms),
// or with `every <ms>` again and again until it is stopped, a BYE, an INFO and an ACK of a
// dialog this scenario never had, and a 200 OK to a NOTIFY it never sent, to the SIP/IP Core the
// upper tester's variables name, over their transport, from another port of the client's
// address. Every Call-ID starts "stray-", so the test can tell them.
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';

const env = process.env;
const args = process.argv.slice(2);
// `every 20 <file>`: a burst each 20 ms for as long as the scenario lasts (its end ends this
// process's group), and <file> created once the first burst is sent, for the rejoin to wait on.
const every = args[0] === 'every' ? Number(args[1]) : undefined;
const sentFile = every !== undefined ? args[2] : undefined;
const offsets = every !== undefined ? Array.from({ length: 30_000 / every }, (_, i) => i * every) : args.map(Number);
const sent = () => sentFile && !fs.existsSync(sentFile) && fs.writeFileSync(sentFile, '');
const proxy = { host: env.IM_PROXY_HOST, port: Number(env.IM_PROXY_PORT) };
const transport = env.IM_TRANSPORT === 'tcp' ? 'tcp' : 'udp';
const conference = env.IM_CONFERENCE_URI ?? 'sip:conf@conference.example.invalid';
const user = env.IM_USER_URI ?? 'sip:alice@example.invalid';
const rand = () => Math.random().toString(36).slice(2, 10);

function messages(localPort) {
  const via = `Via: SIP/2.0/${transport.toUpperCase()} ${env.IM_LOCAL_HOST}:${localPort};branch=z9hG4bK${rand()}`;
  const dialog = [`From: <${user}>;tag=${rand()}`, `To: <${conference}>;tag=old-${rand()}`, `Call-ID: stray-${rand()}@${env.IM_LOCAL_HOST}`];
  const request = (method, cseq) => [`${method} ${conference} SIP/2.0`, via, 'Max-Forwards: 70', ...dialog, `CSeq: ${cseq} ${method}`, 'Content-Length: 0'];
  const answer = ['SIP/2.0 200 OK', `Via: SIP/2.0/${transport.toUpperCase()} ${proxy.host}:${proxy.port};branch=z9hG4bK${rand()}`, `From: <${conference}>;tag=old-${rand()}`, `To: <${user}>;tag=${rand()}`, `Call-ID: stray-${rand()}@${env.IM_LOCAL_HOST}`, 'CSeq: 7 NOTIFY', 'Content-Length: 0'];
  return [request('BYE', 2), request('INFO', 3), request('ACK', 1), answer].map((lines) => Buffer.from(`${lines.join('\r\n')}\r\n\r\n`));
}

const at = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const started = Date.now();
  if (transport === 'udp') {
    const socket = dgram.createSocket('udp4');
    await new Promise((resolve) => socket.bind(0, env.IM_LOCAL_HOST, resolve));
    for (const offset of offsets) {
      await at(offset - (Date.now() - started));
      const burst = messages(socket.address().port);
      await Promise.all(burst.map((m) => new Promise((resolve) => socket.send(m, proxy.port, proxy.host, resolve))));
      sent();
    }
    await at(20);
    socket.close();
    return;
  }
  const socket = net.connect({ host: proxy.host, port: proxy.port, localAddress: env.IM_LOCAL_HOST });
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  for (const offset of offsets) {
    await at(offset - (Date.now() - started));
    for (const m of messages(socket.localPort)) socket.write(m);
    sent();
  }
  await at(20);
  socket.destroy();
}

// A stray that cannot be sent is no failure of the client: the test counts what arrived.
main().catch((e) => console.error(`stray-requests: ${e.message}`));
