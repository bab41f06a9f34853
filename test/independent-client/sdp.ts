/**
 * The independent client's SDP offer (RFC 4566, RFC 3264) for an MSRP session (RFC 4975), and
 * the little it reads of the answer.
 *
 * The session name holds non-ASCII text on purpose ("Réunion d'été", three two-byte characters
 * in UTF-8), so a receiver that counts characters instead of bytes shows it. The body ends with
 * a harmless attribute, a=x-note:ok, so the content-length-chars fault (a Content-Length three
 * bytes short) cuts only "k\r\n" off that line and nothing an MSRP offer needs.
 */

export const SESSION_NAME = "Réunion d'été";

export interface OfferParts {
  host: string;
  sessionId: string;
  msrpPort: number;
  msrpSession: string;
  audioPort: number;
  media: 'msrp' | 'audio-only' | 'audio-and-msrp';
}

export function buildOffer(p: OfferParts): string {
  const session = ['v=0', `o=- ${p.sessionId} 1 IN IP4 ${p.host}`, `s=${SESSION_NAME}`, `c=IN IP4 ${p.host}`, 't=0 0'];
  const audio = [`m=audio ${p.audioPort} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', 'a=sendrecv'];
  const msrp = [
    `m=message ${p.msrpPort} TCP/MSRP *`,
    'a=accept-types:message/cpim text/plain',
    `a=path:msrp://${p.host}:${p.msrpPort}/${p.msrpSession};tcp`,
    'a=setup:active',
  ];
  const media = p.media === 'msrp' ? msrp : p.media === 'audio-only' ? audio : [...audio, ...msrp];
  return [...session, ...media, 'a=x-note:ok', ''].join('\r\n');
}

/** The m= line index of the MSRP stream in an offer of this shape, if there is one. */
export function msrpIndexOf(media: OfferParts['media']): number | undefined {
  return media === 'msrp' ? 0 : media === 'audio-and-msrp' ? 1 : undefined;
}

export interface AnswerMedia {
  kind: string;
  port: number;
  proto: string;
  path?: string;
}

/** The answer's m= sections, in order, with the a=path of each. */
export function readAnswer(body: string): AnswerMedia[] {
  const out: AnswerMedia[] = [];
  for (const line of body.split(/\r?\n/)) {
    const m = /^m=(\S+) (\d+)(?:\/\d+)? (\S+)/.exec(line);
    if (m) out.push({ kind: m[1], port: Number(m[2]), proto: m[3] });
    else if (line.startsWith('a=path:') && out.length > 0) out[out.length - 1].path = line.slice(7).trim();
  }
  return out;
}
