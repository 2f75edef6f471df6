#!/usr/bin/env bash
# Inbound mail parsing benchmark. Prints figures; it is not a pass/fail test.
#   bench/mail-parse.sh [ROUNDS] [BIG_MB]   (defaults 20000 typical mails, one 40 MB mail; heap capped at 256 MB)
# Compiles what it needs (offline; drop -o in the script when a dependency is missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cp_file="$here/patchdesk-server/target/bench-classpath.txt"
# The server module runs last in the reactor, so the file ends up holding its test classpath.
(cd "$here" && mvn -B -q -o -pl patchdesk-server -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file")
java -Xmx256m -cp "$here/patchdesk-server/target/test-classes:$here/patchdesk-server/target/classes:$(cat "$cp_file")" \
  com.patchdesk.server.mail.InboundMailParseBenchmark "${1:-20000}" "${2:-40}"
