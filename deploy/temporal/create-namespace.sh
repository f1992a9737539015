#!/bin/sh
# The `temporal-namespace` job of docker-compose.yml, run in the temporalio/admin-tools image: waits
# for the cluster, creates the namespace payments run in, and registers the search attributes the
# workflows upsert. Idempotent: an existing namespace is kept as it is, and re-registering an
# attribute with the same type succeeds; the same name with another type fails, loudly, because the
# workflows would then fail on every upsert.
set -eu

: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${SEARCH_ATTRIBUTES:?}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-720h}"
# Each step gets this many tries, 2 s apart: a new namespace takes a few seconds to reach every
# service's cache, and the server may still be finishing its start.
ATTEMPTS="${ATTEMPTS:-30}"

temporal_cli() {
  temporal --address "$TEMPORAL_ADDRESS" "$@"
}

# retry DESCRIPTION COMMAND...: runs COMMAND until it succeeds. Output naming something that
# "already exists" counts as success, except a search attribute that exists with a different type.
retry() {
  description=$1
  shift
  attempt=1
  while :; do
    if output=$("$@" 2>&1); then
      echo "$description: done"
      return 0
    fi
    case "$output" in
      *'different type'*)
        echo "$description: failed: $output" >&2
        return 1
        ;;
      *'already exists'* | *'AlreadyExists'*)
        echo "$description: already there"
        return 0
        ;;
    esac
    if [ "$attempt" -ge "$ATTEMPTS" ]; then
      echo "$description: failed after $attempt attempts: $output" >&2
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

retry "cluster at $TEMPORAL_ADDRESS is serving" temporal_cli operator cluster health
retry "namespace $TEMPORAL_NAMESPACE (retention $RETENTION)" \
  temporal_cli operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$RETENTION"
for pair in $SEARCH_ATTRIBUTES; do
  name=${pair%%=*}
  type=${pair#*=}
  retry "search attribute $name ($type)" temporal_cli operator search-attribute create \
    --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type"
done
