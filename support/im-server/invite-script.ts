/**
 * What the scripted IM Server answers to the client's INVITE. Each scenario sets what it
 * needs; the rest is a plain successful answer as RFC 4579 describes a focus giving it.
 */
export interface InviteScript {
  /** Final status code; 100 Trying always goes first. */
  status: number;
  /** Reason phrase; the RFC 3261 one when absent. */
  reason?: string;
  /** Methods for the Allow header of a 2xx; null sends no Allow header. */
  allow: string[] | null;
  /** Send each Allow method on its own header line (RFC 3261 7.3.1 makes that the same list). */
  allowSplit: boolean;
  /** The Contact URI of a 2xx (the IM Session Identity); the INVITE's Request-URI when absent. */
  contactUri?: string;
  /** Put the `isfocus` feature parameter on the Contact (RFC 4579 section 5.2). */
  isfocus: boolean;
  /** Wait this long after 100 Trying before the final response. */
  delayMs: number;
  /** Answer nothing at all (not even 100 Trying). */
  silent: boolean;
  /** Treat the client's first INVITE as lost on the way (recorded, never answered): only a copy gets answered. */
  loseFirstInvite: boolean;
  /** Treat the client's first ACK of a 2xx as lost: keep retransmitting until the next one. */
  dropFirstAck: boolean;
  /** When to send the NOTIFY of a conference subscription: after the 200 OK, before it, or never. */
  notify: 'after-200' | 'before-200' | 'none';
  /**
   * The IM Server side of the network Record-Routes too (a second entry after the SIP/IP Core's),
   * so the order of the client's route set can be seen (RFC 3261 12.1.2).
   */
  imServerRecordRoutes: boolean;
  /** What later INVITEs of the scenario get (e.g. the one that follows a 3xx); as the first when absent. */
  laterInvites?: Partial<Omit<InviteScript, 'laterInvites'>>;
}

export const DEFAULT_INVITE_SCRIPT: Readonly<InviteScript> = Object.freeze({
  status: 200,
  allow: ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'UPDATE', 'MESSAGE'],
  allowSplit: false,
  isfocus: true,
  delayMs: 0,
  silent: false,
  loseFirstInvite: false,
  dropFirstAck: false,
  notify: 'after-200',
  imServerRecordRoutes: false,
});

export const REASON_PHRASES: Readonly<Record<number, string>> = Object.freeze({
  100: 'Trying',
  180: 'Ringing',
  200: 'OK',
  302: 'Moved Temporarily',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
});
