import type { RecordedMessage } from '../sip/recorded-message';
import { findHeaders, headerParams, headerValue, splitList } from '../sip/sip-parser';
import { uriFromNameAddr } from '../sip/sip-uri';
import type { Finding } from '../verdict';
import { fail, headerLine, pass, startLine, unparsable, unreadableHeader } from './finding';
import { sameSipUri } from './uri-of';

const RJ09 = 'RJ-09';

/**
 * RJ-09 (COND, IMS core only): session set-up as 3GPP TS 24.229 asks of an originating UE. The
 * TS text was not at hand: these are the catalogue's "at least" items, each its own sub-check so
 * a lab can waive one with a reason.
 */
export const IMS_SETUP_CHECKS = ['ims-preferred-identity', 'ims-route-to-pcscf', 'ims-icsi', 'ims-access-network-info'] as const;

export interface ImsDeclaration {
  /** The P-CSCF the client routes through: in this test bed, its configured outbound proxy. */
  pcscfUri: string;
  /** The IMS communication service identifier the profile says the client uses. */
  icsi?: string;
  /** Whether the access network provides P-Access-Network-Info (TS 24.229 5.1.2A.1). */
  accessNetworkInfo: boolean;
}

export function checkImsSetup(invite: RecordedMessage, ims: ImsDeclaration): Finding[] {
  const names = IMS_SETUP_CHECKS.filter((c) => (c !== 'ims-icsi' || ims.icsi) && (c !== 'ims-access-network-info' || ims.accessNetworkInfo));
  if (!invite.sip) return names.map((c) => unparsable(RJ09, c, invite, 'the IMS headers', 'RJ-01'));
  const sip = invite.sip;
  const seq = invite.seq;
  const findings: Finding[] = [];

  const ppi = findHeaders(sip, 'P-Preferred-Identity')[0];
  const ppiUri = ppi ? uriFromNameAddr(splitList(ppi.value)[0] ?? '') : '';
  findings.push(
    ppi && /^(sips?|tel):/i.test(ppiUri)
      ? pass(RJ09, 'ims-preferred-identity', `the INVITE names the preferred identity ${ppiUri}`, { expected: 'P-Preferred-Identity: <SIP or tel URI>', seen: ppi.value, line: headerLine(ppi), messageSeq: seq })
      : fail(RJ09, 'ims-preferred-identity', ppi ? `the P-Preferred-Identity "${ppi.value}" holds no SIP or tel URI` : 'the INVITE has no P-Preferred-Identity (TS 24.229 5.1.3.1)', {
          expected: 'P-Preferred-Identity: <SIP or tel URI>',
          seen: ppi?.value ?? 'none',
          line: ppi ? headerLine(ppi) : startLine(invite),
          messageSeq: seq,
        }),
  );

  const route = findHeaders(sip, 'Route')[0];
  const first = route ? uriFromNameAddr(splitList(route.value)[0] ?? '') : undefined;
  const same = first ? sameSipUri(first, ims.pcscfUri) : { equal: false, reason: 'there is no Route' };
  const lr = first !== undefined && /;lr(;|$|=)/i.test(first);
  findings.push(
    same.equal && lr
      ? pass(RJ09, 'ims-route-to-pcscf', `the first Route entry is the P-CSCF ${first}`, { expected: `<${ims.pcscfUri}>`, seen: route!.value, line: headerLine(route!), messageSeq: seq })
      : fail(RJ09, 'ims-route-to-pcscf', `the first Route entry ${first ?? '(none)'} is not the P-CSCF ${ims.pcscfUri} with lr: ${same.equal ? 'lr is missing' : same.reason}`, {
          expected: `<${ims.pcscfUri}>`,
          seen: route?.value ?? 'no Route',
          line: route ? headerLine(route) : startLine(invite),
          messageSeq: seq,
        }),
  );

  if (ims.icsi) {
    const icsi = ims.icsi;
    const carries = (name: string) => findHeaders(sip, name).find((h) => splitList(h.value).some((v) => icsiOf(v).includes(icsi.toLowerCase())));
    const contact = carries('Contact');
    const accept = carries('Accept-Contact');
    const expected = `+g.3gpp.icsi-ref="${encodeURIComponent(icsi)}" in the Contact and the Accept-Contact`;
    const where = !contact ? 'Contact' : !accept ? 'Accept-Contact' : undefined;
    const h = findHeaders(sip, where ?? 'Contact')[0];
    findings.push(
      !where
        ? pass(RJ09, 'ims-icsi', `the Contact and the Accept-Contact carry the ICSI ${icsi}`, { expected, seen: contact!.value, line: headerLine(contact!), messageSeq: seq })
        : fail(RJ09, 'ims-icsi', `the ${where} does not carry the ICSI ${icsi} in +g.3gpp.icsi-ref`, { expected, seen: h?.value ?? `no ${where}`, line: h ? headerLine(h) : startLine(invite), messageSeq: seq }),
    );
  }

  if (ims.accessNetworkInfo) {
    const pani = headerValue(sip, 'P-Access-Network-Info');
    const h = findHeaders(sip, 'P-Access-Network-Info')[0];
    findings.push(
      pani
        ? pass(RJ09, 'ims-access-network-info', `the INVITE says its access network: ${pani}`, { expected: 'P-Access-Network-Info', seen: pani, line: headerLine(h), messageSeq: seq })
        : fail(RJ09, 'ims-access-network-info', 'the INVITE has no P-Access-Network-Info, though the profile says the access provides it', { expected: 'P-Access-Network-Info', seen: 'none', line: startLine(invite), messageSeq: seq }),
    );
  }
  // A header that is absent may be a malformed line: RJ-01 FAILs that, here it is INCONC.
  return findings.map((f) => {
    const name = f.check === 'ims-icsi' ? (findHeaders(sip, 'Contact').length === 0 ? 'Contact' : 'Accept-Contact') : HEADER_OF[f.check];
    return f.verdict === 'FAIL' && name && findHeaders(sip, name).length === 0 ? (unreadableHeader(RJ09, f.check, sip, seq, name, 'RJ-01') ?? f) : f;
  });
}

/** The header each sub-check reads (ims-icsi reads two). */
const HEADER_OF: Readonly<Record<string, string>> = {
  'ims-preferred-identity': 'P-Preferred-Identity',
  'ims-route-to-pcscf': 'Route',
  'ims-access-network-info': 'P-Access-Network-Info',
};

/** The ICSI values of a Contact or Accept-Contact value, decoded and lower-cased. */
function icsiOf(value: string): string {
  const raw = headerParams(value.startsWith('*') ? `<x>${value.slice(1)}` : value).get('+g.3gpp.icsi-ref') ?? '';
  try {
    return decodeURIComponent(raw).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}
