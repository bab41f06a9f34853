import type { Reply } from './sip-transport';

/** Runs a callback later unless the owner has stopped; the owner clears what is left at stop. */
export type Later = (ms: number, action: () => void) => NodeJS.Timeout;

/**
 * One INVITE server transaction (RFC 3261 17.2.1), with the UAS core's 2xx retransmission
 * (13.3.1.4): keyed by Call-ID and CSeq number, which the ACK of a 2xx shares.
 */
export class InviteServerTransaction {
  /** The last response sent: a retransmitted INVITE gets it again (17.2.1). */
  private last?: Buffer;
  private acked = false;
  private retransmit?: NodeJS.Timeout;

  constructor(
    readonly toTag: string,
    private readonly send: Reply,
    private readonly timers: { t1: number; t2: number; later: Later },
    /** The script says the first ACK is lost: it is recorded and ignored, the 2xx keeps coming. */
    private dropFirstAck: boolean,
  ) {}

  respond(bytes: Buffer): void {
    this.last = bytes;
    this.send(bytes);
  }

  /**
   * A 2xx: sent, then again at T1, 2·T1, … capped at T2, until the ACK or 64·T1. On every
   * transport (RFC 3261 13.3.1.4): the UAS core, not the transport, retransmits a 2xx, because
   * the ACK can be lost beyond the first, reliable hop.
   */
  respond2xx(bytes: Buffer): void {
    this.respond(bytes);
    this.retransmitUntilAck(this.timers.t1, Date.now());
  }

  retransmittedInvite(): void {
    if (this.last) this.send(this.last);
  }

  ack(): void {
    if (this.dropFirstAck) {
      this.dropFirstAck = false; // "lost": the 2xx keeps coming until the next ACK
      return;
    }
    this.acked = true;
    clearTimeout(this.retransmit);
  }

  stop(): void {
    clearTimeout(this.retransmit);
  }

  private retransmitUntilAck(interval: number, started: number): void {
    this.retransmit = this.timers.later(interval, () => {
      if (this.acked || !this.last) return;
      if (Date.now() - started >= 64 * this.timers.t1) return;
      this.send(this.last);
      this.retransmitUntilAck(Math.min(interval * 2, this.timers.t2), started);
    });
  }
}
