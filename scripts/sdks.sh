#!/usr/bin/env bash
# Regenerates the SDKs for Python (sdk/python), Go (sdk/go), .NET (sdk/dotnet)
# and Java (sdk/java) from the provider plugin's schema with Pulumi's code
# generators, at the releases scripts/pulumi-toolchain.sh pins. `npm run sdks`;
# or, with a folder, writes <folder>/python, <folder>/go, <folder>/dotnet and
# <folder>/java instead (the staleness test does).
#
# Python and Go: scripts/sdkgen calls pkg/v3's generators (the language hosts
# the proxy serves predate GeneratePackage). .NET and Java: `pulumi package
# gen-sdk` of the toolchain's CLI, whose pulumi-language-dotnet and
# pulumi-language-java hosts generate them. With PULUMI_TOOLCHAIN_DIR set to a
# Pulumi install of one's own, its hosts' versions decide what is written.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mkdir -p "${1:-$root/sdk}" && cd "${1:-$root/sdk}" && pwd)
schema=$root/provider/cmd/pulumi-resource-chatmaid/schema.json
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod

(cd "$root/scripts/sdkgen" && go run . -schema "$schema" -out "$out")

# The Go SDK is its own module, so a Go program can require it by path.
pulumi_version=$(sed -n 's/^PULUMI_VERSION=//p' "$root/scripts/pulumi-toolchain.sh")
cat >"$out/go/go.mod" <<GOMOD
module github.com/chatmaid/pulumi-chatmaid/sdk/go

go 1.26.6

require github.com/pulumi/pulumi/sdk/v3 $pulumi_version
GOMOD
(cd "$out/go" && go mod tidy >&2)

toolchain=$(bash "$root/scripts/pulumi-toolchain.sh")
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The C# generator HTTP-GETs the schema's logoUrl into logo.png (and uses the
# URL for nothing else); without one, Pulumi's logo from raw.githubusercontent.com,
# which is out of reach offline. It gets that same logo, from the last sdk/v3
# module that ships it, served on loopback through a copy of the schema whose
# logoUrl points there: what it writes is what it writes online.
logo_module=github.com/pulumi/pulumi/sdk/v3@v3.44.0
logo=$(go mod download -json "$logo_module" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')/dotnet/pulumi_logo_64x64.png
[ -f "$logo" ] || {
  echo "sdks: $logo_module does not hold dotnet/pulumi_logo_64x64.png" >&2
  exit 1
}
node -e '
  const [file, portFile] = process.argv.slice(1);
  const fs = require("node:fs");
  const body = fs.readFileSync(file);
  const server = require("node:http").createServer((req, res) => {
    res.writeHead(req.url === "/logo.png" ? 200 : 404, { "content-type": "image/png" });
    res.end(req.url === "/logo.png" ? body : undefined);
  });
  server.listen(0, "127.0.0.1", () => {
    fs.writeFileSync(portFile + ".tmp", String(server.address().port));
    fs.renameSync(portFile + ".tmp", portFile);
  });
' "$logo" "$work/port" &
server=$!
for _ in $(seq 100); do
  [ -s "$work/port" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
[ -s "$work/port" ] || {
  echo "sdks: the loopback server for the logo did not start" >&2
  exit 1
}
node -e '
  const fs = require("node:fs");
  const [from, to, url] = process.argv.slice(1);
  fs.writeFileSync(to, JSON.stringify({ ...JSON.parse(fs.readFileSync(from, "utf8")), logoUrl: url }));
' "$schema" "$work/schema.json" "http://127.0.0.1:$(cat "$work/port")/logo.png"

for language in dotnet java; do
  PATH="$toolchain:$PATH" PULUMI_HOME="$work/home" PULUMI_SKIP_UPDATE_CHECK=1 PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=1 \
    "$toolchain/pulumi" package gen-sdk "$work/schema.json" --language "$language" --out "$work/gen" >&2
  rm -rf "${out:?}/$language"
  mv "$work/gen/$language" "$out/$language"
done
# The Java generator writes Gradle files only; Java programs are built with
# Maven as often, and Maven is what the Java language host runs (`mvn compile
# exec:java`) for a program with a pom.xml. So sdk/java also gets a pom.xml with
# the coordinates, Java release and dependencies of its build.gradle, which
# `mvn install` puts into the local Maven repository as
# <groupId>:<artifactId>:<version>. The generated code reads version.txt (and
# the Java host plugin.json) from its package's resource folder, which
# build.gradle's genPulumiResources task writes at build time; for Maven they
# are filtered resources under src/maven/, where Gradle does not look.
node -e '
  const fs = require("node:fs");
  const path = require("node:path");
  const [dir, schemaFile] = process.argv.slice(1);
  const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
  const gradle = fs.readFileSync(path.join(dir, "build.gradle"), "utf8");
  const one = (pattern, what) => {
    const m = pattern.exec(gradle);
    if (!m) throw new Error(`sdks: build.gradle of sdk/java has no ${what}`);
    return m[1];
  };
  const groupId = one(/^\s*groupId = "([^"]+)"/m, "groupId");
  const artifactId = one(/^\s*artifactId = "([^"]+)"/m, "artifactId");
  const release = one(/JavaLanguageVersion\.of\((\d+)\)/, "Java version");
  const dependencies = [...gradle.matchAll(/^\s*implementation\("([^:"]+):([^:"]+):([^:"]+)"\)/gm)];
  if (!dependencies.some((d) => d[1] === "com.pulumi" && d[2] === "pulumi"))
    throw new Error("sdks: build.gradle of sdk/java has no com.pulumi:pulumi dependency");
  const pkg = `${schema.language.java.basePackage}.${schema.name}`.replace(/\./g, "/");
  const xml = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  fs.writeFileSync(
    path.join(dir, "pom.xml"),
    [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<!-- Written by scripts/sdks.sh (npm run sdks) from build.gradle: the same coordinates, Java release and dependencies. -->`,
      `<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">`,
      `  <modelVersion>4.0.0</modelVersion>`,
      `  <groupId>${groupId}</groupId>`,
      `  <artifactId>${artifactId}</artifactId>`,
      `  <version>${schema.version}</version>`,
      `  <packaging>jar</packaging>`,
      `  <name>${artifactId}</name>`,
      `  <description>${xml(schema.description)}</description>`,
      `  <url>${xml(schema.repository)}</url>`,
      `  <licenses>`,
      `    <license>`,
      `      <name>The Apache License, Version 2.0</name>`,
      `      <url>http://www.apache.org/licenses/LICENSE-2.0.txt</url>`,
      `    </license>`,
      `  </licenses>`,
      `  <properties>`,
      `    <maven.compiler.release>${release}</maven.compiler.release>`,
      `    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>`,
      `  </properties>`,
      `  <dependencies>`,
      ...dependencies.flatMap(([, g, a, v]) => [
        `    <dependency>`,
        `      <groupId>${g}</groupId>`,
        `      <artifactId>${a}</artifactId>`,
        `      <version>${v}</version>`,
        `    </dependency>`,
      ]),
      `  </dependencies>`,
      `  <build>`,
      `    <resources>`,
      `      <resource>`,
      `        <directory>src/maven/resources</directory>`,
      `        <filtering>true</filtering>`,
      `      </resource>`,
      `    </resources>`,
      `    <plugins>`,
      `      <plugin>`,
      `        <!-- Maven 3.8 binds compiler plugin 3.1 by default, which predates <release>. -->`,
      `        <groupId>org.apache.maven.plugins</groupId>`,
      `        <artifactId>maven-compiler-plugin</artifactId>`,
      `        <version>3.13.0</version>`,
      `      </plugin>`,
      `    </plugins>`,
      `  </build>`,
      `</project>`,
      ``,
    ].join("\n"),
  );
  // What genPulumiResources writes (no final newline), with the version from the pom.
  const resources = path.join(dir, "src", "maven", "resources", pkg);
  fs.mkdirSync(resources, { recursive: true });
  fs.writeFileSync(path.join(resources, "version.txt"), "${project.version}");
  const plugin = { resource: true, name: schema.name, server: schema.pluginDownloadURL, version: "${project.version}" };
  fs.writeFileSync(path.join(resources, "plugin.json"), JSON.stringify(plugin, null, 4));
' "$out/java" "$schema"

echo "sdks: wrote $out/python, $out/go, $out/dotnet and $out/java" >&2
