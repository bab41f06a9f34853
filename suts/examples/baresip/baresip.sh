#!/bin/sh
# Drives Debian's baresip (baresip-core 1.0) for the suite's command adapter
# (suts/examples/baresip.json, docs/adapters.md): start | rejoin | leave | stop; and, for
# suts/examples/baresip-dial.json (no control channel), dial | log.
# Everything it needs comes from the upper tester's variables; everything it writes is in
# $IM_WORK_DIR, which the suite removes at the scenario's end.
set -eu
dir="$IM_WORK_DIR/baresip"
ctl="$IM_WORK_DIR/ctl"

# One command line to baresip's stdin (the stdio and menu modules read it). Bounded: a FIFO
# nobody reads would block the writer forever.
say() { timeout 2 sh -c 'printf "%s\n" "$1" > "$2"' sh "$1" "$ctl"; }

# The configuration in $dir; $1 is the user-interface module (stdio reads commands on stdin).
configure() {
  mkdir -p "$dir"
  # Loopback only: bind the address and port the suite gave, G.711 and no audio device, the
  # proxy as the account's outbound proxy (baresip adds ";lr" itself), no REGISTER (regint=0).
  # The module path is Debian's (the folder of g711.so); BARESIP_MODULE_PATH overrides it.
  cat > "$dir/config" <<CONFIG
module_path		${BARESIP_MODULE_PATH:-/usr/lib/baresip/modules}
sip_listen		$IM_LOCAL_HOST:$IM_LOCAL_PORT
net_interface		$IM_LOCAL_HOST
audio_player		none
audio_source		none
audio_alert		none
module_tmp		account.so
module			g711.so
${1:+module			$1}
module_app		menu.so
CONFIG
  printf '<%s>;outbound="sip:%s:%s;transport=%s";regint=0\n' "$IM_USER_URI" "$IM_PROXY_HOST" "$IM_PROXY_PORT" "$IM_TRANSPORT" > "$dir/accounts"
  : > "$dir/contacts"
}

case "$1" in
start)
  configure stdio.so
  mkfifo "$ctl" "$IM_WORK_DIR/stderr"
  # baresip echoes every key it reads on stderr, each time the whole line after a carriage
  # return: keep only the last (the command as it read it; the line ends, so it is logged, only
  # when baresip next writes a newline there). It ends when baresip does.
  sed -u 's/.*\r//' < "$IM_WORK_DIR/stderr" >&2 &
  echo $$ > "$IM_WORK_DIR/pid"
  echo "baresip: config in $dir"
  # Read-write on the FIFO: baresip never sees end-of-file between commands. stdbuf: its
  # stdout is a pipe, line-buffered so the log's times are the times it printed.
  exec stdbuf -oL baresip -f "$dir" <> "$ctl" 2> "$IM_WORK_DIR/stderr"
  ;;
rejoin) say "/dial $IM_CONFERENCE_URI" ;;
leave) say "/hangup" ;;
stop)
  # Quit (hanging up a call still up) and give it a moment; the suite then kills what is left.
  say "/quit" || true
  pid=$(cat "$IM_WORK_DIR/pid" 2>/dev/null || true)
  n=0
  while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $n -lt 15 ]; do sleep 0.1; n=$((n + 1)); done
  ;;
dial)
  # No control channel: baresip runs the one command it is given (-e) and keeps running, in
  # the background, in this command's process group, which the suite ends at the scenario's
  # end. No stdio module: its stdin is nobody's. Its output goes to a file that `log` prints.
  configure
  baresip -f "$dir" -e "/dial $IM_CONFERENCE_URI" < /dev/null > "$IM_WORK_DIR/baresip.log" 2>&1 &
  ;;
# What baresip has printed so far; of each line it echoed key by key, the last form (as start's sed).
log) sed 's/.*\r//' "$IM_WORK_DIR/baresip.log" 2>/dev/null || true ;;
*) echo "usage: $0 start|rejoin|leave|stop|dial|log" >&2; exit 2 ;;
esac
