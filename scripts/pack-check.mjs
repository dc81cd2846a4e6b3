#!/usr/bin/env node
// Packs every published package under packages/, lints each tarball with publint, installs all
// tarballs together into a scratch ESM project and a scratch CommonJS project, and checks that
// each package loads through `import` and `require` and has at least one export.
//
// Usage: node scripts/pack-check.mjs [--no-build] [package-dir ...]
//   package-dir: folder names under packages/ to check (default: every non-private package).

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const work = join(root, ".pack-check");
const tarballDir = join(work, "tarballs");

const args = process.argv.slice(2);
const skipBuild = args.includes("--no-build");
const only = args.filter((a) => !a.startsWith("--"));

function run(cmd, cmdArgs, cwd) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, cmdArgs, { cwd, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("error", (err) => resolvePromise({ code: 1, out: `${out}${err.message}\n` }));
    child.on("close", (code) => resolvePromise({ code: code ?? 1, out }));
  });
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

const packages = readdirSync(join(root, "packages"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "packages", d.name, "package.json")))
  .map((d) => {
    const dir = join(root, "packages", d.name);
    return { folder: d.name, dir, manifest: readJson(join(dir, "package.json")) };
  })
  .filter((p) => !p.manifest.private)
  .filter((p) => only.length === 0 || only.includes(p.folder));

if (packages.length === 0) {
  console.error("pack-check: no packages selected");
  process.exit(1);
}
const unknown = only.filter((name) => !packages.some((p) => p.folder === name));
if (unknown.length > 0) {
  console.error(`pack-check: unknown package folder(s): ${unknown.join(", ")}`);
  process.exit(1);
}

const failures = [];
const fail = (name, step, detail) => {
  failures.push(name);
  console.log(`FAIL ${name}: ${step}`);
  if (detail) console.log(detail.trimEnd().replace(/^/gm, "    "));
};

if (!skipBuild) {
  const filters = packages.flatMap((p) => ["--filter", p.manifest.name]);
  const build = await run("pnpm", ["exec", "turbo", "run", "build", ...filters], root);
  if (build.code !== 0) {
    console.log(build.out);
    console.log("FAIL build");
    process.exit(1);
  }
}

rmSync(work, { recursive: true, force: true });
mkdirSync(tarballDir, { recursive: true });

// 1. Pack (pnpm rewrites workspace: ranges to real versions) and publint each tarball.
for (const p of packages) {
  const before = new Set(readdirSync(tarballDir));
  const packed = await run("pnpm", ["pack", "--pack-destination", tarballDir], p.dir);
  const created = readdirSync(tarballDir).filter((f) => f.endsWith(".tgz") && !before.has(f));
  if (packed.code !== 0 || created.length !== 1) {
    fail(p.manifest.name, "pnpm pack", packed.out);
    continue;
  }
  p.tarball = join(tarballDir, created[0]);
  const lint = await run(
    "pnpm",
    ["exec", "publint", "run", p.tarball, "--level", "warning", "--pack", "false"],
    root,
  );
  if (lint.code !== 0) {
    fail(p.manifest.name, "publint", lint.out);
    p.tarball = undefined;
    continue;
  }
  p.publintWarnings = /Warnings:/.test(lint.out);
  if (p.publintWarnings) console.log(`warn ${p.manifest.name}: publint\n${lint.out.trimEnd()}`);
}

// 2. Install all tarballs together into a scratch ESM and a scratch CJS project (in parallel).
const installable = packages.filter((p) => p.tarball);
const names = installable.map((p) => p.manifest.name);

const esmDir = join(work, "esm");
const cjsDir = join(work, "cjs");
const projects = [
  {
    kind: "esm",
    dir: esmDir,
    type: "module",
    file: "check.mjs",
    source: `const names = ${JSON.stringify(names)};
const results = {};
for (const name of names) {
  try {
    const m = await import(name);
    results[name] = { ok: Object.keys(m).length > 0, exports: Object.keys(m) };
  } catch (err) {
    results[name] = { ok: false, error: String(err && err.stack ? err.stack : err) };
  }
}
console.log(JSON.stringify(results));
`,
  },
  {
    kind: "cjs",
    dir: cjsDir,
    type: "commonjs",
    file: "check.cjs",
    source: `const names = ${JSON.stringify(names)};
const results = {};
for (const name of names) {
  try {
    const m = require(name);
    results[name] = { ok: Object.keys(m).length > 0, exports: Object.keys(m) };
  } catch (err) {
    results[name] = { ok: false, error: String(err && err.stack ? err.stack : err) };
  }
}
console.log(JSON.stringify(results));
`,
  },
];

const loadResults = {};
if (installable.length > 0) {
  await Promise.all(
    projects.map(async (proj) => {
      mkdirSync(proj.dir, { recursive: true });
      writeFileSync(
        join(proj.dir, "package.json"),
        `${JSON.stringify({ name: `pack-check-${proj.kind}`, private: true, type: proj.type }, null, 2)}\n`,
      );
      writeFileSync(join(proj.dir, proj.file), proj.source);
      const install = await run(
        "npm",
        [
          "install",
          "--no-audit",
          "--no-fund",
          "--offline=false",
          "--no-package-lock",
          "--loglevel=error",
          ...installable.map((p) => p.tarball),
        ],
        proj.dir,
      );
      if (install.code !== 0) {
        loadResults[proj.kind] = { installError: install.out };
        return;
      }
      const check = await run(process.execPath, [proj.file], proj.dir);
      try {
        const jsonLine = check.out.trim().split("\n").at(-1) ?? "";
        loadResults[proj.kind] = JSON.parse(jsonLine);
      } catch {
        loadResults[proj.kind] = { checkError: check.out };
      }
    }),
  );
}

// 3. Report one line per package.
for (const p of installable) {
  const name = p.manifest.name;
  const problems = [];
  for (const proj of projects) {
    const res = loadResults[proj.kind];
    if (!res) problems.push(`${proj.kind}: not run`);
    else if (res.installError)
      problems.push(`${proj.kind}: npm install failed\n${res.installError}`);
    else if (res.checkError) problems.push(`${proj.kind}: check script failed\n${res.checkError}`);
    else if (!res[name]?.ok)
      problems.push(`${proj.kind}: ${res[name]?.error ?? "module has no exports"}`);
  }
  if (problems.length > 0) {
    fail(name, "load", problems.join("\n"));
  } else {
    const exportsCount = loadResults.esm[name].exports.length;
    console.log(
      `ok   ${name}: packed ${p.tarball.split("/").at(-1)}, publint ${p.publintWarnings ? "ok with warnings" : "clean"}, import + require load (${exportsCount} export${exportsCount === 1 ? "" : "s"})`,
    );
  }
}

if (failures.length > 0) {
  console.log(`pack-check: ${failures.length} of ${packages.length} package(s) failed`);
  process.exit(1);
}
console.log(`pack-check: all ${packages.length} package(s) passed`);
