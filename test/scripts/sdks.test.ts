/**
 * The generated SDKs (sdk/python, sdk/go, sdk/dotnet, sdk/java) are what
 * `npm run sdks` makes of schema.json today (a stale SDK fails here, naming the
 * files that differ); the Go SDK builds and vets against
 * github.com/pulumi/pulumi/sdk/v3 from the Go module proxy; the Java SDK
 * compiles with Maven against the com.pulumi:pulumi its build.gradle names; the
 * .NET SDK's project is checked against the schema (no .NET SDK here to build it).
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describeResult, runCommand } from "../package/commands";
import { ROOT } from "../support/pulumiToolchain";

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  const found: string[] = [];
  const visit = (sub: string): void => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) visit(rel);
      else found.push(rel);
    }
  };
  visit("");
  return found.sort();
}

/** Files that differ between two trees, or exist in only one. */
function differences(a: string, b: string): string[] {
  const inA = files(a);
  const inB = files(b);
  const all = [...new Set([...inA, ...inB])].sort();
  return all.filter(
    (f) =>
      !inA.includes(f) ||
      !inB.includes(f) ||
      statSync(path.join(a, f)).size !== statSync(path.join(b, f)).size ||
      !readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f))),
  );
}

describe("generated SDKs (npm run sdks)", function () {
  // The generator compiles Pulumi's code generators on first use (minutes with a cold Go cache).
  this.timeout(30 * 60_000);
  const temp = mkdtempSync(path.join(tmpdir(), "chatmaid-sdks-"));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it("sdk/python, sdk/go, sdk/dotnet and sdk/java are up to date with schema.json", async () => {
    const out = path.join(temp, "fresh");
    const run = await runCommand("bash", [path.join(ROOT, "scripts", "sdks.sh"), out], {
      cwd: ROOT,
      deadlineMs: 30 * 60_000,
      env: { ...process.env },
    });
    assert.equal(run.code, 0, describeResult(run, "npm run sdks failed"));
    for (const language of ["python", "go", "dotnet", "java"]) {
      const stale = differences(path.join(ROOT, "sdk", language), path.join(out, language));
      assert.deepEqual(stale, [], `sdk/${language} is stale against schema.json: run \`npm run sdks\``);
    }
  });

  it("the Go SDK builds and vets", async () => {
    const copy = path.join(temp, "go");
    cpSync(path.join(ROOT, "sdk", "go"), copy, { recursive: true });
    const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod" };
    for (const args of [
      ["build", "./..."],
      ["vet", "./..."],
    ]) {
      const run = await runCommand("go", args, { cwd: copy, deadlineMs: 20 * 60_000, env });
      assert.equal(run.code, 0, describeResult(run, `go ${args.join(" ")} of sdk/go failed`));
    }
  });
});

/** The parts of schema.json the .NET and Java checks read. */
interface Schema {
  name: string;
  version: string;
  description: string;
  pluginDownloadURL: string;
  language: {
    csharp: { rootNamespace?: string; namespaces?: Record<string, string>; packageReferences?: Record<string, string> };
    java: { basePackage?: string; packages?: Record<string, string> };
  };
}

const schema = JSON.parse(
  readFileSync(path.join(ROOT, "provider", "cmd", "pulumi-resource-chatmaid", "schema.json"), "utf8"),
) as Schema;

/**
 * The C# namespace the generator derives from the schema (pulumi-language-dotnet:
 * rootNamespace, default `Pulumi`, then the package's entry in `namespaces`, or
 * its name with each `-`-separated part capitalised). It names the project file too.
 */
function expectedNamespace(): string {
  const { rootNamespace = "Pulumi", namespaces = {} } = schema.language.csharp;
  const own =
    namespaces[schema.name] ?? schema.name.replace(/(^|-)(.)/g, (_m, _d: string, c: string) => c.toUpperCase());
  return `${rootNamespace}.${own}`;
}

/** The text of an MSBuild project without its comments. */
function projectText(file: string): string {
  return readFileSync(file, "utf8").replace(/<!--[\s\S]*?-->/g, "");
}

/** The values of every `<name>value</name>` property element. */
function properties(project: string, name: string): string[] {
  return [...project.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1]!.trim());
}

/** The attributes of every `<element .../>` or `<element ...>` item. */
function items(project: string, element: string): Record<string, string>[] {
  return [...project.matchAll(new RegExp(`<${element}\\s([^>]*?)/?>`, "g"))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

describe("the generated .NET SDK (sdk/dotnet)", () => {
  const dir = path.join(ROOT, "sdk", "dotnet");
  const namespace = expectedNamespace();

  it("has one project, named for the schema's namespace, with the schema's version, description and the Pulumi package", () => {
    const projects = readdirSync(dir).filter((f) => f.endsWith(".csproj"));
    assert.deepEqual(projects, [`${namespace}.csproj`]);
    const project = projectText(path.join(dir, projects[0]!));
    // NuGet's package ID is the <PackageId>, or else the assembly name, which is the project file's name.
    const packageId = properties(project, "PackageId")[0] ?? properties(project, "AssemblyName")[0] ?? namespace;
    assert.equal(packageId, namespace);
    assert.deepEqual(properties(project, "Version"), [schema.version]);
    assert.equal(readFileSync(path.join(dir, "version.txt"), "utf8"), schema.version);
    assert.deepEqual(properties(project, "Description"), [schema.description]);
    const pulumi = items(project, "PackageReference").filter((r) => r.Include === "Pulumi");
    assert.equal(pulumi.length, 1, "no single PackageReference to Pulumi");
    assert.equal(pulumi[0]!.Version, schema.language.csharp.packageReferences?.Pulumi);
    const frameworks = [...properties(project, "TargetFramework"), ...properties(project, "TargetFrameworks")]
      .flatMap((f) => f.split(";"))
      .filter((f) => f !== "");
    assert.ok(frameworks.length > 0, "no TargetFramework(s)");
    for (const framework of frameworks) assert.match(framework, /^(net\d+\.\d+|netstandard\d+\.\d+)$/);
  });

  it("ships the files its project names: logo, version and plugin file; a README from the schema", () => {
    const project = projectText(path.join(dir, `${namespace}.csproj`));
    const named = [
      ...properties(project, "PackageIcon"),
      ...properties(project, "PackageReadmeFile"),
      ...["None", "EmbeddedResource", "Content", "Compile"].flatMap((e) => items(project, e).map((i) => i.Include!)),
    ].filter((f) => f !== undefined);
    assert.ok(named.includes("logo.png") && named.includes("pulumi-plugin.json"), `named: ${named.join(", ")}`);
    for (const file of named)
      assert.ok(existsSync(path.join(dir, file)), `the project names ${file}, which is missing`);
    const png = readFileSync(path.join(dir, properties(project, "PackageIcon")[0]!));
    assert.ok(png.subarray(0, 8).equals(Buffer.from("\x89PNG\r\n\x1a\n", "latin1")), "the package icon is not a PNG");
    assert.equal(readFileSync(path.join(dir, "README.md"), "utf8"), `${schema.description}\n`);
    const plugin = JSON.parse(readFileSync(path.join(dir, "pulumi-plugin.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual(plugin, {
      resource: true,
      name: schema.name,
      version: schema.version,
      server: schema.pluginDownloadURL,
    });
  });

  it("declares the schema's namespace in every .cs file, and reads version.txt under it", () => {
    const sources = files(dir).filter((f) => f.endsWith(".cs"));
    assert.ok(sources.includes("PhoneNumber.cs") && sources.includes("Provider.cs"), sources.join(", "));
    for (const file of sources) {
      const declared = [...readFileSync(path.join(dir, file), "utf8").matchAll(/^namespace\s+([\w.]+)/gm)].map(
        (m) => m[1]!,
      );
      assert.equal(declared.length, 1, `${file} declares ${declared.length} namespaces`);
      assert.ok(
        declared[0] === namespace || declared[0]!.startsWith(`${namespace}.`),
        `${file} is in namespace ${declared[0]}, not ${namespace}`,
      );
    }
    // An embedded resource is named <the project's root namespace>.<file>; the generated code looks it up by this name.
    assert.match(
      readFileSync(path.join(dir, "Utilities.cs"), "utf8"),
      new RegExp(`"${namespace.replace(/\./g, "\\.")}\\.version\\.txt"`),
    );
  });
});

describe("the generated Java SDK (sdk/java)", function () {
  // Maven downloads its plugins and com.pulumi:pulumi from Maven Central on first use.
  this.timeout(20 * 60_000);
  const dir = path.join(ROOT, "sdk", "java");
  const temp = mkdtempSync(path.join(tmpdir(), "chatmaid-sdk-java-"));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it("puts every class in the schema's base package", () => {
    const { basePackage = "com.pulumi", packages = {} } = schema.language.java;
    const expected = `${basePackage}.${packages[schema.name] ?? schema.name}`;
    const sources = files(path.join(dir, "src", "main", "java")).filter((f) => f.endsWith(".java"));
    assert.ok(sources.length > 0, "no Java sources");
    for (const file of sources) {
      const declared = /^package\s+([\w.]+);/m.exec(
        readFileSync(path.join(dir, "src", "main", "java", file), "utf8"),
      )?.[1];
      assert.ok(declared === expected || declared?.startsWith(`${expected}.`), `${file} is in package ${declared}`);
      assert.equal(path.dirname(file).split(path.sep).join("."), declared, `${file} is not in its package's folder`);
    }
  });

  it("compiles with Maven against the dependencies its build.gradle names", async () => {
    // No Gradle here: the dependencies and Java release of build.gradle go into a minimal pom instead.
    const gradle = readFileSync(path.join(dir, "build.gradle"), "utf8");
    const dependencies = [...gradle.matchAll(/^\s*implementation\("([^:"]+):([^:"]+):([^:"]+)"\)/gm)].map(
      ([, groupId, artifactId, version]) => ({ groupId: groupId!, artifactId: artifactId!, version: version! }),
    );
    assert.ok(
      dependencies.some((d) => d.groupId === "com.pulumi" && d.artifactId === "pulumi"),
      "no com.pulumi:pulumi dependency",
    );
    const release = /JavaLanguageVersion\.of\((\d+)\)/.exec(gradle)?.[1];
    assert.ok(release, "build.gradle names no Java version");
    const copy = path.join(temp, "java");
    cpSync(path.join(dir, "src"), path.join(copy, "src"), { recursive: true });
    writeFileSync(
      path.join(copy, "pom.xml"),
      [
        `<project xmlns="http://maven.apache.org/POM/4.0.0">`,
        `  <modelVersion>4.0.0</modelVersion>`,
        `  <groupId>local.chatmaid</groupId><artifactId>sdk-java-check</artifactId><version>0</version>`,
        `  <properties>`,
        `    <maven.compiler.release>${release}</maven.compiler.release>`,
        `    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>`,
        `  </properties>`,
        `  <dependencies>`,
        ...dependencies.map(
          (d) =>
            `    <dependency><groupId>${d.groupId}</groupId><artifactId>${d.artifactId}</artifactId><version>${d.version}</version></dependency>`,
        ),
        `  </dependencies>`,
        // Maven's default compiler plugin (3.1) predates `release`.
        `  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin></plugins></build>`,
        `</project>`,
        ``,
      ].join("\n"),
    );
    const run = await runCommand("mvn", ["-B", "-q", "compile"], {
      cwd: copy,
      deadlineMs: 15 * 60_000,
      env: { ...process.env },
    });
    assert.equal(run.code, 0, describeResult(run, "mvn compile of sdk/java failed (Maven 3 and a JDK 11+ are needed)"));
    const classes = files(path.join(copy, "target", "classes")).filter((f) => f.endsWith(".class"));
    assert.ok(
      classes.some((f) => f.endsWith("PhoneNumber.class")),
      `compiled: ${classes.join(", ")}`,
    );
  });
});
