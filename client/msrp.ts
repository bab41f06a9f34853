import * as crypto from 'node:crypto';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { MsrpTls } from './msrp-tls';

/**
 * The client's side of the MSRP session (RFC 4975), as far as a rejoin needs it: the active
 * party (a=setup:active, RFC 6135) connects to the a=path of the SDP answer and sends the first
 * SEND at once (RFC 4975 5.4), so the session is really usable. An msrps: path is connected over
 * TLS (RFC 4975 14.1), the IM Server's certificate checked against the IP address in that path.
 */

/** The last URI of the answer's a=path in its first m=message section: the peer's own. */
export function answerPath(sdp: string): string | undefined {
  const section = sdp.split(/\r?\n(?=m=)/).find((s) => /^m=message /.test(s));
  const path = section?.split(/\r?\n/).find((l) => l.startsWith('a=path:'));
  return path?.slice('a=path:'.length).trim().split(/\s+/).pop();
}

/** Host and port of an msrp: or msrps: URI with an IP host (the only kind the client connects to), and whether it is msrps:. */
export function msrpAddress(uri: string): { host: string; port: number; secure: boolean } | undefined {
  const m = /^(msrps?):\/\/(?:[^@/]*@)?([0-9.]+|\[[0-9a-fA-F:.]+\]):(\d{1,5})\//i.exec(uri);
  if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535) return undefined;
  const host = m[2].replace(/^\[|\]$/g, '');
  return net.isIP(host) ? { host, port: Number(m[3]), secure: m[1].toLowerCase() === 'msrps' } : undefined;
}

export interface SendRequest {
  transactionId: string;
  toPath: string;
  fromPath: string;
  messageId: string;
  /** text/plain content; an empty SEND when absent (Byte-Range 1-0/0). */
  text?: string;
}

/** An MSRP SEND (RFC 4975 7.1): start line, To-Path, From-Path, Message-ID, Byte-Range, end-line. */
export function buildSend(r: SendRequest): Buffer {
  const body = Buffer.from(r.text ?? '', 'utf8');
  const lines = [`MSRP ${r.transactionId} SEND`, `To-Path: ${r.toPath}`, `From-Path: ${r.fromPath}`, `Message-ID: ${r.messageId}`];
  if (body.length === 0) lines.push('Byte-Range: 1-0/0');
  else lines.push(`Byte-Range: 1-${body.length}/${body.length}`, 'Content-Type: text/plain');
  const head = Buffer.from(lines.join('\r\n') + '\r\n' + (body.length > 0 ? '\r\n' : ''), 'utf8');
  const tail = Buffer.from(`${body.length > 0 ? '\r\n' : ''}-------${r.transactionId}$\r\n`, 'utf8');
  return Buffer.concat([head, body, tail]);
}

/**
 * 200 OK to each complete MSRP request in `text` (RFC 4975 7.2: To-Path is the request's
 * From-Path, From-Path our own URI, the request's To-Path's last), and the bytes still incomplete.
 * Responses and REPORTs are not answered (RFC 4975 7.1.2).
 */
export function answerRequests(text: string): { answers: string[]; rest: string; requests: number } {
  const answers: string[] = [];
  let rest = text;
  let requests = 0;
  for (;;) {
    const head = /^MSRP ([A-Za-z0-9][A-Za-z0-9.\-+%=]{3,31}) ([A-Z]+|\d{3})\b/.exec(rest);
    if (!head) {
      // Not a start line: drop up to the next one, so one bad message cannot stall the session.
      const next = rest.indexOf('\r\nMSRP ');
      if (next < 0) return { answers, rest, requests };
      rest = rest.slice(next + 2);
      continue;
    }
    const endLine = new RegExp(`\r\n-------${head[1].replace(/[.+]/g, '\\$&')}[$+#]\r\n`).exec(rest);
    if (!endLine) return { answers, rest, requests };
    const message = rest.slice(0, endLine.index + endLine[0].length);
    rest = rest.slice(message.length);
    if (/^\d{3}$/.test(head[2]) || head[2] === 'REPORT') continue;
    requests++;
    const header = (name: string): string | undefined => new RegExp(`^${name}:[ \t]*(.*?)\r?$`, 'im').exec(message)?.[1]?.trim();
    const fromPath = header('From-Path');
    const toPath = header('To-Path');
    if (!fromPath || !toPath) continue;
    answers.push(`MSRP ${head[1]} 200 OK\r\nTo-Path: ${fromPath}\r\nFrom-Path: ${toPath.split(/\s+/).pop()}\r\n-------${head[1]}$\r\n`);
  }
}

/** The status of an MSRP response to `transactionId` in `text`, if one is there. */
export function responseStatus(text: string, transactionId: string): number | undefined {
  const m = new RegExp(`^MSRP ${transactionId.replace(/[.+]/g, '\\$&')} (\\d{3})\\b`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

export type MsrpState = 'none' | 'connected' | 'failed';

/**
 * Connects from `localHost` to the peer's path and sends the first SEND; resolves 'connected'
 * on its 200, 'failed' on an error, another status or no answer within `timeoutMs`. Never throws.
 */
export class MsrpSession {
  private socket?: net.Socket;
  /** Ends an open() still waiting for its answer (on close: no timer may outlive the session). */
  private settle?: (state: MsrpState, why: string) => void;
  state: MsrpState = 'none';

  /**
   * `tls`: what an msrps: path is connected with (the CA to trust, the certificate to present
   * when asked); without it an msrps: path is still connected over TLS, trusting the system's CAs.
   */
  async open(o: { localHost: string; ownPath: string; peerPath: string; timeoutMs: number; log: (line: string) => void; tls?: MsrpTls }): Promise<MsrpState> {
    const address = msrpAddress(o.peerPath);
    if (!address) {
      o.log(`!! MSRP: the answer's path ${o.peerPath} has no IP address and port to connect to`);
      return (this.state = 'failed');
    }
    const transactionId = crypto.randomBytes(6).toString('hex');
    const socket: net.Socket = address.secure ? connectTls(address, o.localHost, o.tls) : net.connect({ host: address.host, port: address.port, localAddress: o.localHost });
    this.socket = socket;
    socket.setNoDelay(true);
    this.state = await new Promise<MsrpState>((resolve) => {
      let received = '';
      const timer = setTimeout(() => done('failed', `no answer to the SEND within ${o.timeoutMs} ms`), o.timeoutMs);
      const done = (state: MsrpState, why: string): void => {
        this.settle = undefined;
        clearTimeout(timer);
        socket.removeAllListeners('data');
        o.log(`MSRP ${state}: ${why}`);
        resolve(state);
      };
      this.settle = done;
      socket.once('error', (e: NodeJS.ErrnoException) => done('failed', `${address.secure ? 'over TLS: ' : ''}${e.message}${e.code && !e.message.includes(e.code) ? ` (${e.code})` : ''}`));
      // Over TLS the first SEND waits for the handshake, and the IM Server's certificate check.
      socket.once(address.secure ? 'secureConnect' : 'connect', () => socket.write(buildSend({ transactionId, toPath: o.peerPath, fromPath: o.ownPath, messageId: crypto.randomBytes(6).toString('hex') })));
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        const status = responseStatus(received, transactionId);
        if (status !== undefined) done(status === 200 ? 'connected' : 'failed', `the first SEND was answered ${status}`);
      });
    });
    socket.on('error', () => socket.destroy());
    return this.state;
  }

  close(): void {
    this.settle?.('failed', 'the session was closed before the first SEND was answered');
    this.socket?.destroy();
    this.socket = undefined;
  }
}

/**
 * MSRP over TLS to the IM Server (RFC 4975 14.1): its certificate must chain to the CA the client
 * was given and name the IP address of the answer's path (RFC 6125 via Node's check, RFC 5922 7.2
 * in spirit); TLS 1.2 at least (RFC 8996). Our own certificate is offered when the server asks.
 */
function connectTls(address: { host: string; port: number }, localHost: string, own: MsrpTls | undefined): tls.TLSSocket {
  // tls.connect hands localAddress on to the TCP connection; its type does not say so.
  const options: tls.ConnectionOptions & Pick<net.TcpNetConnectOpts, 'localAddress'> = {
    host: address.host,
    port: address.port,
    localAddress: localHost,
    minVersion: 'TLSv1.2',
    ...(own?.ca !== undefined ? { ca: own.ca } : {}),
    ...(own ? { cert: own.cert, key: own.key } : {}),
    checkServerIdentity: (_name, cert) => tls.checkServerIdentity(address.host, cert),
  };
  return tls.connect(options);
}
