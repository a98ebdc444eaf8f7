#!/usr/bin/env bash
# Makes Pulumi's own CLI and language hosts available for the engine tests and
# prints, as the last line of standard output, the absolute path of the folder
# that holds them (laid out like the bin/ folder of an official release).
#
#   scripts/pulumi-toolchain.sh            build once, then print the folder
#   PULUMI_TOOLCHAIN_DIR=~/.pulumi/bin scripts/pulumi-toolchain.sh
#                                          use a Pulumi CLI you already have
#
# Everything is built from Pulumi's Go modules through the Go module proxy into
# a cache outside the checkout (CHATMAID_PULUMI_CACHE, default
# ${XDG_CACHE_HOME:-$HOME/.cache}/chatmaid-pulumi-toolchain). Nothing built is committed.
# Progress goes to stderr; only the folder goes to stdout.
set -euo pipefail

# The pinned versions. Bump RECIPE when the way of building changes, so a
# cached folder built the old way is not reused.
PULUMI_VERSION=v3.276.0
PULUMI_YAML_VERSION=v1.38.1
# The Go proxy refuses the language-host modules of pulumi/pulumi
# (sdk/nodejs/cmd/pulumi-language-nodejs/v3 and sdk/python/cmd/pulumi-language-python/v3
# are untagged and served at no version here). Until v3.68.0 both hosts were
# packages of the tagged sdk/v3 module, which is served: they are built from there.
LANGUAGE_HOSTS_SDK_VERSION=v3.68.0
# The Go host (sdk/go/pulumi-language-go/v3) is refused too; it was a package of
# sdk/v3 until v3.44.0, the last such release the proxy serves.
LANGUAGE_GO_SDK_VERSION=v3.44.0
# The code generators for C# and Java. Their hosts live in their own tagged
# repositories, which the proxy serves at these versions (it refuses
# pulumi-java/pkg's version list and v1.36.1, the latest Maven release). They are
# built into the same folder as an extension step (see extra_hosts), so that a
# folder built before they were added is completed without rebuilding the CLI.
LANGUAGE_DOTNET_VERSION=v3.112.1
LANGUAGE_JAVA_VERSION=v1.12.0
RECIPE=2
CLIPBOARD_REPLACE='github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e'

say() { echo "pulumi-toolchain: $*" >&2; }
die() {
  say "error: $*"
  exit 1
}

works() { [ -x "$1/pulumi" ] && "$1/pulumi" version >/dev/null 2>&1; }

if [ -n "${PULUMI_TOOLCHAIN_DIR:-}" ]; then
  dir=$(cd "$PULUMI_TOOLCHAIN_DIR" 2>/dev/null && pwd) || die "PULUMI_TOOLCHAIN_DIR=$PULUMI_TOOLCHAIN_DIR is not a folder"
  works "$dir" || die "PULUMI_TOOLCHAIN_DIR=$dir has no working 'pulumi' (tried '$dir/pulumi version')"
  say "using the Pulumi CLI in PULUMI_TOOLCHAIN_DIR ($("$dir/pulumi" version))"
  echo "$dir"
  exit 0
fi

cache_root=${CHATMAID_PULUMI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chatmaid-pulumi-toolchain}
key="pulumi-$PULUMI_VERSION-yaml-$PULUMI_YAML_VERSION-hosts-$LANGUAGE_HOSTS_SDK_VERSION-go-$LANGUAGE_GO_SDK_VERSION-r$RECIPE"
home="$cache_root/$key"
bin="$home/bin"

# host name, version, module path, package path, then the replace lines of the
# host's own go.mod (they apply only inside its repository, so a scratch module
# repeats them). Each module's version package is <module>/version.
extra_hosts=(
  "pulumi-language-dotnet|$LANGUAGE_DOTNET_VERSION|github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3|github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet/v3|github.com/Sirupsen/logrus => github.com/sirupsen/logrus v1.8.3;github.com/gogo/protobuf => github.com/gogo/protobuf v1.3.2;$CLIPBOARD_REPLACE"
  "pulumi-language-java|$LANGUAGE_JAVA_VERSION|github.com/pulumi/pulumi-java/pkg|github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java|github.com/Sirupsen/logrus => github.com/sirupsen/logrus v1.5.0;github.com/gogo/protobuf => github.com/gogo/protobuf v1.3.2"
)
# A host is built when its stamp names the pinned version.
extra_hosts_built() {
  local entry name version
  for entry in "${extra_hosts[@]}"; do
    IFS='|' read -r name version _ <<<"$entry"
    [ -x "$bin/$name" ] && [ "$(head -n1 "$home/.$name" 2>/dev/null)" = "$version" ] || return 1
  done
}

if [ -f "$home/.complete" ] && works "$bin" && extra_hosts_built; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null || die "Go is needed to build the Pulumi CLI (Go 1.26.6 or later); or set PULUMI_TOOLCHAIN_DIR to the folder of a Pulumi CLI you have"
command -v flock >/dev/null || die "flock (util-linux) is needed so that two builds do not collide"
mkdir -p "$cache_root"
# One build at a time; a second caller waits, then finds the folder built.
exec 9>"$cache_root/$key.lock"
flock 9
if [ -f "$home/.complete" ] && works "$bin" && extra_hosts_built; then
  echo "$bin"
  exit 0
fi

started=$(date +%s)
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
go_version=$(go env GOVERSION)
# A folder whose CLI is built only lacks hosts added since: those are built into it (under a minute).
extending=
if [ -f "$home/.complete" ] && works "$bin"; then
  extending=1
else
  say "building pulumi $PULUMI_VERSION from Go modules with $go_version, first run only (about 10 minutes on 2 cores)"
  rm -rf "$home"
fi
mkdir -p "$bin" "$home/share" "$home/modules"

# Go's checksum database verifies every module downloaded below. Where it
# cannot be reached, verification is not simply switched off: the build goes on
# without it and every module is then checked against the go.sum that ships
# inside pkg/v3 (see cross_check below); a mismatch refuses the build.
verification="Go's checksum database ($(go env GOSUMDB))"
if ! probe=$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" 2>&1); then
  if grep -qiE 'sum\.golang\.org|verifying|checksum database|sumdb' <<<"$probe"; then
    say "Go's checksum database cannot be reached: checking every module against pkg/v3's go.sum instead"
    export GONOSUMDB='*' GOSUMDB=off
    verification="pkg/v3's go.sum (checksum database unreachable)"
    go mod download -json "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" >/dev/null ||
      die "the Go module proxy does not serve github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION"
  else
    die "the Go module proxy does not serve github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION: $probe"
  fi
fi
pkg_dir=$(go mod download -json "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
[ -f "$pkg_dir/go.sum" ] || die "pkg/v3@$PULUMI_VERSION has no go.sum in $pkg_dir"

# Every "module version h1:hash" line of a build's go.sum that a reference
# go.sum (pkg/v3's, and the built module's own) also names must carry the same
# hash: a mismatch refuses the build. Lines no reference names are counted.
cross_check() {
  local sum_file=$1 label=$2
  shift 2
  local report ok bad unknown
  report=$(awk '
    FNR == 1 { file++ }
    file <= nrefs { known[$1 " " $2] = $3; next }
    {
      k = $1 " " $2
      if (k in known) { if (known[k] != $3) { print "MISMATCH " k " " $3 " expected " known[k]; bad++ } else ok++ }
      else unknown++
    }
    END { printf "SUMMARY %d %d %d\n", ok, bad, unknown }
  ' nrefs="$#" "$@" "$sum_file")
  if grep '^MISMATCH' <<<"$report" >&2; then
    die "$label: a module's hash differs from Pulumi's own go.sum (above); refusing to build"
  fi
  read -r _ ok bad unknown < <(grep '^SUMMARY' <<<"$report")
  say "$label: $ok module hashes match Pulumi's go.sum files, $bad differ, $unknown named in none of them; downloads verified by $verification"
}

scratch_module() { # name, then go.mod body lines
  local dir="$home/modules/$1"
  shift
  mkdir -p "$dir"
  printf '%s\n' "module local/chatmaid-pulumi-toolchain/${dir##*/}" "" "go 1.26" "" "$@" >"$dir/go.mod"
  echo "$dir"
}

ldflags_for() { echo "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$1"; }
build_flags=(-trimpath -tags osusergo,grpcnotrace)

# The C# and Java hosts (the code generators behind `pulumi package gen-sdk
# --language dotnet|java`), each from its own tagged module; their go.sum is
# cross-checked like the others. Each leaves a stamp with its version.
build_extra_hosts() {
  local entry name version module package replaces host_mod host_started lines=()
  for entry in "${extra_hosts[@]}"; do
    IFS='|' read -r name version module package replaces <<<"$entry"
    [ -x "$bin/$name" ] && [ "$(head -n1 "$home/.$name" 2>/dev/null)" = "$version" ] && continue
    host_started=$(date +%s)
    say "building $name from $module@$version"
    IFS=';' read -r -a lines <<<"$replaces"
    host_mod=$(scratch_module "$name" "${lines[@]/#/replace }")
    (cd "$host_mod" &&
      go get "$package@$version" >&2 &&
      go build "${build_flags[@]}" -ldflags "-s -w -X $module/version.Version=$version" -o "$bin/$name" "$package" >&2) ||
      die "could not build $name from $module@$version"
    cross_check "$host_mod/go.sum" "$name $version" "$pkg_dir/go.sum" \
      "$(cd "$host_mod" && go list -m -f '{{.Dir}}' "$module")/go.sum"
    printf '%s\n' "$version" "build-seconds=$(($(date +%s) - host_started))" "verified-by=$verification" >"$home/.$name"
    say "built $name $version in $(($(date +%s) - host_started)) s"
  done
}

if [ -n "$extending" ]; then
  build_extra_hosts
  extra_hosts_built || die "the language hosts were not all built into $bin"
  echo "$bin"
  exit 0
fi

# 1. The CLI. `go install …/cmd/pulumi@version` is refused (pkg/v3's go.mod has
# replace lines), so a throwaway module requires it. Of pkg/v3's replace lines
# only the clipboard one applies outside the pulumi repository; no `go mod tidy`
# (the module has no Go files, tidy would drop the requirements).
cli_mod=$(scratch_module cli "replace $CLIPBOARD_REPLACE")
(cd "$cli_mod" &&
  go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" >&2 &&
  [ "$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/sdk/v3)" = "$PULUMI_VERSION" ] ||
  die "sdk/v3 did not resolve to $PULUMI_VERSION in the CLI's module")
cross_check "$cli_mod/go.sum" "pulumi $PULUMI_VERSION" "$pkg_dir/go.sum"
say "compiling pulumi $PULUMI_VERSION"
(cd "$cli_mod" && go build "${build_flags[@]}" -ldflags "$(ldflags_for "$PULUMI_VERSION")" -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2)

# 2. The Node.js and Python language hosts. Ask for the current host modules
# first, so the day the proxy serves them shows in this output.
for host_module in github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3 github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3; do
  if answer=$(cd "$cli_mod" && go list -m -json "$host_module@latest" 2>&1); then
    say "note: the proxy now serves $host_module ($(grep -m1 '"Version"' <<<"$answer")); this recipe still builds the hosts from sdk/v3@$LANGUAGE_HOSTS_SDK_VERSION"
  else
    say "the proxy refuses $host_module: $(tail -n1 <<<"$answer" | sed 's/^[[:space:]]*//')"
  fi
done
say "building pulumi-language-nodejs and pulumi-language-python from github.com/pulumi/pulumi/sdk/v3@$LANGUAGE_HOSTS_SDK_VERSION"
hosts_mod=$(scratch_module hosts)
(cd "$hosts_mod" &&
  go get "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@$LANGUAGE_HOSTS_SDK_VERSION" \
    "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python@$LANGUAGE_HOSTS_SDK_VERSION" >&2 &&
  go build "${build_flags[@]}" -ldflags "$(ldflags_for "$LANGUAGE_HOSTS_SDK_VERSION")" -o "$bin/" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
    github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python >&2)
hosts_sdk_dir=$(cd "$hosts_mod" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
cross_check "$hosts_mod/go.sum" "language hosts $LANGUAGE_HOSTS_SDK_VERSION" "$pkg_dir/go.sum" "$hosts_sdk_dir/go.sum"
# The Python host runs this script, found beside its own executable; it must be the host's own version.
install -m 0755 "$hosts_sdk_dir/python/cmd/pulumi-language-python-exec" "$bin/"

say "building pulumi-language-go from github.com/pulumi/pulumi/sdk/v3@$LANGUAGE_GO_SDK_VERSION"
go_host_mod=$(scratch_module gohost)
(cd "$go_host_mod" &&
  go get "github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go@$LANGUAGE_GO_SDK_VERSION" >&2 &&
  go build "${build_flags[@]}" -ldflags "$(ldflags_for "$LANGUAGE_GO_SDK_VERSION")" -o "$bin/pulumi-language-go" \
    github.com/pulumi/pulumi/sdk/v3/go/pulumi-language-go >&2)
cross_check "$go_host_mod/go.sum" "pulumi-language-go $LANGUAGE_GO_SDK_VERSION" "$pkg_dir/go.sum" \
  "$(cd "$go_host_mod" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)/go.sum"

# 3. The YAML host: pulumi-yaml is tagged and its go.mod has no replace lines.
say "building pulumi-language-yaml $PULUMI_YAML_VERSION"
yaml_mod=$(scratch_module yaml)
(cd "$yaml_mod" &&
  go get "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$PULUMI_YAML_VERSION" >&2 &&
  go build "${build_flags[@]}" -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$PULUMI_YAML_VERSION" \
    -o "$bin/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml >&2)
cross_check "$yaml_mod/go.sum" "pulumi-language-yaml $PULUMI_YAML_VERSION" "$pkg_dir/go.sum" \
  "$(cd "$yaml_mod" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-yaml)/go.sum"

# 4. The dynamic-provider launchers, shell scripts shipped in sdk/v3 (and in the
# npm and PyPI packages): they run the provider code installed in the program's folder.
sdk_dir=$(cd "$cli_mod" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
install -m 0755 "$sdk_dir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$sdk_dir/python/dist/pulumi-resource-pulumi-python" "$bin/"

build_extra_hosts

# Pulumi's package-schema metaschema, for the schema tests.
install -m 0644 "$pkg_dir/codegen/schema/pulumi.json" "$home/share/package-metaschema.json"

works "$bin" && extra_hosts_built || die "the built pulumi does not run ($bin/pulumi version), or a language host is missing"
elapsed=$(($(date +%s) - started))
{
  echo "pulumi=$PULUMI_VERSION"
  echo "pulumi-language-nodejs=$LANGUAGE_HOSTS_SDK_VERSION"
  echo "pulumi-language-python=$LANGUAGE_HOSTS_SDK_VERSION"
  echo "pulumi-language-go=$LANGUAGE_GO_SDK_VERSION"
  echo "pulumi-language-yaml=$PULUMI_YAML_VERSION"
  echo "go=$go_version"
  echo "verified-by=$verification"
  echo "build-seconds=$elapsed"
} >"$home/.complete"
say "built in ${elapsed} s into $bin ($(du -sh "$bin" | cut -f1)); modules verified by $verification"
echo "$bin"
