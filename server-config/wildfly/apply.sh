#!/bin/sh
# Applies herald.cli to a stopped WildFly (a fresh unpacked one is fine), offline, in one batch:
#   JBOSS_HOME=/opt/wildfly server-config/wildfly/apply.sh [server configuration, default standalone.xml]
# JAVA_OPTS is passed to the CLI, e.g. -Djboss.server.base.dir=... for an instance outside $JBOSS_HOME/standalone.
set -eu
: "${JBOSS_HOME:?set JBOSS_HOME to the WildFly directory}"
here=$(cd "$(dirname "$0")" && pwd)
script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat > "$script" <<CLI
embed-server --server-config=${1:-standalone.xml} --std-out=discard
run-batch --file="$here/herald.cli"
stop-embedded-server
CLI
# no client-side validation: the batch adds the health extension and its subsystem together
"$JBOSS_HOME/bin/jboss-cli.sh" --no-operation-validation --file="$script"
