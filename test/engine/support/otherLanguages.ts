/**
 * Python, Go and Java user projects on the generated SDKs (sdk/python,
 * sdk/go, sdk/java), made as a user makes them: a virtualenv with the SDK's
 * wheel and `pulumi` from PyPI, a Go module that requires the SDK's module, or
 * a Maven project that depends on the SDK's artifact (installed from sdk/java
 * into a local Maven repository of the run's own).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { cleanEnv, expectSuccess, runCommand } from "../../package/commands";
import { INSTALL_DEADLINE_MS } from "../../package/freshProject";
import { ROOT } from "../../support/pulumiToolchain";

/** What `python -m build` made of sdk/python. */
export interface PythonDistributions {
  readonly wheel: string;
  readonly sdist: string;
}

let built: Promise<PythonDistributions> | undefined;

async function run(file: string, args: string[], cwd: string, why: string, env: NodeJS.ProcessEnv = {}) {
  return expectSuccess(
    await runCommand(file, args, { cwd, env: { ...cleanEnv(), ...env }, deadlineMs: INSTALL_DEADLINE_MS }),
    why,
  );
}

/** A wheel and an sdist of sdk/python, built once per run with PyPI's `build` in a virtualenv of its own. */
export function pythonDistributions(): Promise<PythonDistributions> {
  built ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "chatmaid-python-build-"));
    // A copy: `build` writes build/ and *.egg-info/ beside the sources.
    cpSync(path.join(ROOT, "sdk", "python"), path.join(dir, "src"), { recursive: true });
    await run("python3", ["-m", "venv", path.join(dir, "venv")], dir, "creating a virtualenv failed");
    const python = path.join(dir, "venv", "bin", "python");
    await run(python, ["-m", "pip", "install", "--quiet", "build"], dir, "pip install build (from PyPI) failed");
    await run(
      python,
      ["-m", "build", "--outdir", path.join(dir, "dist"), path.join(dir, "src")],
      dir,
      "python -m build failed",
    );
    const files = readdirSync(path.join(dir, "dist"));
    const wheel = files.find((f) => f.endsWith(".whl"));
    const sdist = files.find((f) => f.endsWith(".tar.gz"));
    if (!wheel || !sdist) throw new Error(`python -m build made ${files.join(", ")}: no wheel or no sdist`);
    return { wheel: path.join(dir, "dist", wheel), sdist: path.join(dir, "dist", sdist) };
  })();
  return built;
}

/**
 * examples/python copied into `parent/name` with a virtualenv `venv` (the
 * folder its Pulumi.yaml names) holding the wheel and `pulumi` from PyPI.
 * @returns the project folder and the virtualenv's bin folder (to put first on PATH, as `activate` does).
 */
export async function createPythonProject(parent: string, name: string): Promise<{ dir: string; venvBin: string }> {
  const dir = path.join(parent, name);
  mkdirSync(dir, { recursive: true });
  for (const file of ["Pulumi.yaml", "__main__.py", "requirements.txt"])
    cpSync(path.join(ROOT, "examples", "python", file), path.join(dir, file));
  const { wheel } = await pythonDistributions();
  await run("python3", ["-m", "venv", "venv"], dir, "creating the project's virtualenv failed");
  const venvBin = path.join(dir, "venv", "bin");
  // The example's requirements, with the SDK from its wheel (it is not on PyPI yet).
  const requirements = readFileSync(path.join(dir, "requirements.txt"), "utf8").replace(/^pulumi_chatmaid.*$/m, wheel);
  writeFileSync(path.join(dir, "requirements.local.txt"), requirements);
  await run(
    path.join(venvBin, "pip"),
    ["install", "--quiet", "-r", "requirements.local.txt"],
    dir,
    "pip install -r requirements.txt (pulumi from PyPI and the SDK's wheel) failed",
  );
  return { dir, venvBin };
}

/**
 * examples/go copied into `parent/name`, its `replace` pointed at a copy of
 * sdk/go (a user's would name the published module's version instead).
 */
export async function createGoProject(parent: string, name: string): Promise<string> {
  const dir = path.join(parent, name);
  const sdk = path.join(parent, `${name}-sdk-go`);
  cpSync(path.join(ROOT, "examples", "go"), dir, { recursive: true });
  cpSync(path.join(ROOT, "sdk", "go"), sdk, { recursive: true });
  const goMod = path.join(dir, "go.mod");
  const text = readFileSync(goMod, "utf8");
  const replaced = text.replace(/=> \.\.\/\.\.\/sdk\/go$/m, `=> ${sdk}`);
  if (replaced === text) throw new Error("examples/go/go.mod has no replace of the SDK module to ../../sdk/go");
  writeFileSync(goMod, replaced);
  if (!existsSync(path.join(dir, "go.sum"))) throw new Error("examples/go has no go.sum");
  await run("go", ["build", "-o", path.join(dir, "chatmaid-go-example"), "."], dir, "go build of examples/go failed", {
    GOTOOLCHAIN: "local",
    GOFLAGS: "-mod=mod",
  });
  return dir;
}

/** Maven's options for a local repository: `MAVEN_OPTS` reaches every `mvn` the Java host runs, too. */
export function mavenOptions(repository: string): NodeJS.ProcessEnv {
  return { MAVEN_OPTS: `-Dmaven.repo.local=${repository}` };
}

/** Maven's own arguments: batch mode, quiet, no colour codes in the output the tests keep. */
const MAVEN_ARGS = ["-B", "-q", "-Dstyle.color=never"];

/**
 * examples/java copied into `parent/name`, and a local Maven repository of its
 * own, `parent/name-maven`, with sdk/java installed into it as
 * com.chatmaid.pulumi:chatmaid (what `mvn install` of the SDK does for a user;
 * so the developer's ~/.m2 never holds a build of this checkout's SDK, and the
 * repository goes with `parent`). The project is compiled once here, which
 * fetches com.pulumi:pulumi from Maven Central, so the Java host's own
 * `mvn compile exec:java` has little left to fetch.
 * @returns the project folder and the environment its `pulumi` commands need.
 */
export async function createJavaProject(
  parent: string,
  name: string,
): Promise<{ dir: string; env: NodeJS.ProcessEnv }> {
  const dir = path.join(parent, name);
  const sdk = path.join(parent, `${name}-sdk-java`);
  const env = mavenOptions(path.join(parent, `${name}-maven`));
  // A copy: Maven writes target/ beside the sources.
  cpSync(path.join(ROOT, "sdk", "java"), sdk, { recursive: true });
  await run(
    "mvn",
    [...MAVEN_ARGS, "install"],
    sdk,
    "mvn install of sdk/java failed (Maven 3 and a JDK 11+ are needed)",
    env,
  );
  mkdirSync(dir, { recursive: true });
  for (const file of ["Pulumi.yaml", "pom.xml", "src"])
    cpSync(path.join(ROOT, "examples", "java", file), path.join(dir, file), { recursive: true });
  await run("mvn", [...MAVEN_ARGS, "compile"], dir, "mvn compile of examples/java failed", env);
  return { dir, env };
}
