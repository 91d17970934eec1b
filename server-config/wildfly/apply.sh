#!/bin/sh
# Applies herald.cli to a stopped WildFly (a fresh unpacked one is fine), offline:
#   JBOSS_HOME=/opt/wildfly server-config/wildfly/apply.sh [server configuration, default standalone.xml]
# standalone.xml, standalone-full.xml and standalone-microprofile.xml all work.
# JAVA_OPTS is passed to the CLI, e.g. -Djboss.server.base.dir=... for an instance outside $JBOSS_HOME/standalone.
set -eu
: "${JBOSS_HOME:?set JBOSS_HOME to the WildFly directory}"
here=$(cd "$(dirname "$0")" && pwd)
script=$(mktemp)
trap 'rm -f "$script"' EXIT
{
    echo "embed-server --server-config=${1:-standalone.xml} --std-out=discard"
    cat "$here/herald.cli"
    echo
    echo "stop-embedded-server"
} > "$script"
"$JBOSS_HOME/bin/jboss-cli.sh" --file="$script"
