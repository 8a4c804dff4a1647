#!/usr/bin/env bash
# The newcomer's demo: a private Prosody on 127.0.0.1 with alice and bob,
# bob answering every message, and Glint logged in as alice. Nothing of it
# touches your own accounts: Glint's settings, history and keyring for the
# demo live in a temporary directory that is removed afterwards.
set -euo pipefail
glint="$1"
shift
top="$(cd "$(dirname "$0")/.." && pwd)"
demo_home="$(mktemp -d -t glint-demo-XXXXXX)"
trap 'kill $(jobs -p) 2> /dev/null; rm -rf "$demo_home"' EXIT

coproc SERVER { exec /usr/bin/python3 "$top/tests/harness/xmpp-env.py" --demo; }
while read -r line <&"${SERVER[0]}"; do
  [ "$line" = "READY" ] && break
  case "$line" in *=*) export "${line?}" ;; esac
done
[ -n "${GLINT_TEST_PORT:-}" ] || { echo "The demo server did not start." >&2; exit 1; }

export XDG_CONFIG_HOME="$demo_home/config" XDG_DATA_HOME="$demo_home/data"

# alice and bob become contacts of each other before Glint starts.
bob="bob@$GLINT_TEST_DOMAIN"
{
  echo "{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='demo-roster'><query xmlns='jabber:iq:roster'><item jid='$bob' name='Bob (answers everything)'><group>Demo</group></item></query></iq>\"}"
  echo "{\"cmd\":\"subscribe\",\"to\":\"$bob\"}"
  sleep 2
  echo "{\"cmd\":\"approve\",\"to\":\"$bob\"}"
  sleep 1
  echo '{"cmd":"quit"}'
} | /usr/bin/python3 "$top/tests/harness/peer.py" "alice@$GLINT_TEST_DOMAIN" alice-pw > /dev/null 2>&1 &
seed=$!
# bob reads commands from a pipe that stays open as long as the demo runs.
mkfifo "$demo_home/bob"
/usr/bin/python3 "$top/tests/harness/peer.py" "bob@$GLINT_TEST_DOMAIN" bob-pw --echo \
  --accept-subscriptions < "$demo_home/bob" > /dev/null 2>&1 &
exec 4> "$demo_home/bob"
wait "$seed" || true

# The demo runs on a D-Bus session of its own with a keyring of its own
# (kept under $demo_home, removed at the end): its password never reaches
# the user's keyring, no unlock prompt can stop it, and a Glint the user
# already runs is left alone. Its notifications have no server to show them.
run_glint () {
  echo -n demo | gnome-keyring-daemon --unlock --components=secrets > /dev/null || {
    echo "The demo could not start a keyring of its own (gnome-keyring-daemon failed)." >&2
    return 1
  }
  echo alice-pw | "$glint" --configure-account "alice@$GLINT_TEST_DOMAIN" --server "$GLINT_TEST_HOST" \
    --port "$GLINT_TEST_PORT" --password-file - --autologin > /dev/null || {
    echo "The demo could not set up its account (see the message above)." >&2
    return 1
  }
  echo "Demo: you are alice@$GLINT_TEST_DOMAIN; write to bob@$GLINT_TEST_DOMAIN, who answers."
  "$glint" --open-chat "bob@$GLINT_TEST_DOMAIN" "$@" || "$glint" "$@"
}
export -f run_glint
export glint
dbus-run-session -- bash -c 'run_glint "$@"' _ "$@"
