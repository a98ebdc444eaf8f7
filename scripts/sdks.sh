#!/usr/bin/env bash
# Regenerates the SDKs for Python (sdk/python) and Go (sdk/go) from the
# provider plugin's schema with Pulumi's code generators (scripts/sdkgen), at
# the Pulumi release the toolchain pins. `npm run sdks`; or, with a folder,
# writes <folder>/python and <folder>/go instead (the staleness test does).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/sdk}" && cd "${1:-$root/sdk}" && pwd)
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

(cd "$root/scripts/sdkgen" && go run . -schema "$root/provider/cmd/pulumi-resource-chatmaid/schema.json" -out "$out")

# The Go SDK is its own module, so a Go program can require it by path.
pulumi_version=$(sed -n 's/^PULUMI_VERSION=//p' "$root/scripts/pulumi-toolchain.sh")
cat >"$out/go/go.mod" <<GOMOD
module github.com/chatmaid/pulumi-chatmaid/sdk/go

go 1.26.6

require github.com/pulumi/pulumi/sdk/v3 $pulumi_version
GOMOD
(cd "$out/go" && go mod tidy >&2)
echo "sdks: wrote $out/python and $out/go" >&2
