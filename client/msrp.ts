import * as crypto from 'node:crypto';
import * as net from 'node:net';

/**
 * The client's side of the MSRP session (RFC 4975), as far as a rejoin needs it: the active
 * party (a=setup:active, RFC 6135) connects to the a=path of the SDP answer and sends the first
 * SEND at once (RFC 4975 5.4), so the session is really usable.
 */

/** The last URI of the answer's a=path in its first m=message section: the peer's own. */
export function answerPath(sdp: string): string | undefined {
  const section = sdp.split(/\r?\n(?=m=)/).find((s) => /^m=message /.test(s));
  const path = section?.split(/\r?\n/).find((l) => l.startsWith('a=path:'));
  return path?.slice('a=path:'.length).trim().split(/\s+/).pop();
}

/** Host and port of an msrp: URI with an IP host (the only kind the client connects to). */
export function msrpAddress(uri: string): { host: string; port: number } | undefined {
  const m = /^msrps?:\/\/(?:[^@/]*@)?([0-9.]+|\[[0-9a-fA-F:.]+\]):(\d{1,5})\//i.exec(uri);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return undefined;
  const host = m[1].replace(/^\[|\]$/g, '');
  return net.isIP(host) ? { host, port: Number(m[2]) } : undefined;
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

  async open(o: { localHost: string; ownPath: string; peerPath: string; timeoutMs: number; log: (line: string) => void }): Promise<MsrpState> {
    const address = msrpAddress(o.peerPath);
    if (!address) {
      o.log(`!! MSRP: the answer's path ${o.peerPath} has no IP address and port to connect to`);
      return (this.state = 'failed');
    }
    const transactionId = crypto.randomBytes(6).toString('hex');
    const socket = net.connect({ host: address.host, port: address.port, localAddress: o.localHost });
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
      socket.once('error', (e) => done('failed', e.message));
      socket.once('connect', () => socket.write(buildSend({ transactionId, toPath: o.peerPath, fromPath: o.ownPath, messageId: crypto.randomBytes(6).toString('hex') })));
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
