/**
 * The shape of a From, To or Contact value (RFC 3261 section 25.1):
 *   ( name-addr / addr-spec ) *( SEMI param )
 *   name-addr = [ display-name ] LAQUOT addr-spec RAQUOT,  display-name = *(token LWS) / quoted-string
 * Returns why `value` does not have that shape, or undefined when it does. The parameters and the
 * URI's own grammar are left to the checks that need them; this catches what breaks every reader:
 * an unclosed quote, an unclosed angle bracket, text where none may be.
 */
export function nameAddrSyntaxError(value: string): string | undefined {
  let rest = value.trim();
  if (rest === '') return 'the value is empty';
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    if (end < 0) return 'the quoted display name is never closed';
    rest = rest.slice(end + 1).trimStart();
    if (!rest.startsWith('<')) return 'a quoted display name must be followed by <URI>';
  }
  const open = rest.indexOf('<');
  if (open >= 0) {
    const display = rest.slice(0, open).trim();
    if (display !== '' && !/^[A-Za-z0-9\-.!%*_+`'~]+(?:\s+[A-Za-z0-9\-.!%*_+`'~]+)*$/.test(display)) return `the display name ${display} is neither tokens nor a quoted string`;
    const close = rest.indexOf('>', open);
    if (close < 0) return 'the < is never closed by >';
    const uri = rest.slice(open + 1, close);
    if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"]+$/.test(uri)) return `<${uri}> does not hold a URI`;
    const after = rest.slice(close + 1).trim();
    if (after !== '' && !after.startsWith(';')) return `"${after}" follows the >, where only ;parameters may`;
    return undefined;
  }
  const uri = rest.split(';')[0].trim();
  if (/[<>"]/.test(rest)) return 'a > or " without a matching < or "';
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(uri)) return `${uri} is not a URI`;
  return undefined;
}

/** Index of the quote that closes the quoted-string at the start of `s` (backslash escapes), or -1. */
function closingQuote(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}
