/**
 * The methods of the Allow header(s) of a response (RFC 3261 20.5: Allow = "Allow" HCOLON
 * [Method *(COMMA Method)]), the union over every Allow line in order of first appearance.
 *
 * Input is what we have of the header: the `sip` package merges repeated Allow lines into one
 * string joined by ',' ("INVITE, ACK,BYE"), while wire-level parsers give one string per line;
 * both give the same union here. Method names are case-sensitive (RFC 3261 25.1 defines
 * INVITEm = %x49.4E.56.49.54.45, "INVITE in caps"), so they are kept as received and only
 * exact duplicates are dropped. Returns null when there is no Allow header at all, [] for an
 * empty one.
 */
export function parseAllow(header: string | readonly string[] | undefined | null): string[] | null {
  if (header === undefined || header === null) return null;
  const lines = typeof header === 'string' ? [header] : header;
  const methods: string[] = [];
  for (const line of lines) {
    for (const token of line.split(',')) {
      const method = token.trim();
      if (method.length > 0 && !methods.includes(method)) methods.push(method);
    }
  }
  return methods;
}

/** The value of a parsed header that the package may leave as a string or not at all. */
export function headerText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
