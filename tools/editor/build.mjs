// Builds the admin's rich editor into internal/admin/static (run by
// `go generate ./internal/admin/...`, or `npm run build` here). The output
// is committed and must be byte-for-byte what these sources make: CI
// rebuilds it and fails on any difference.
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "..", "..", "internal", "admin", "static");
const common = { bundle: true, minify: true, logLevel: "warning", legalComments: "eof", charset: "utf8", absWorkingDir: here };

await esbuild.build({ ...common, entryPoints: ["src/main.js"], outfile: path.join(out, "editor.js"), format: "iife", target: ["es2020"] });
await esbuild.build({ ...common, entryPoints: ["src/editor.css"], outfile: path.join(out, "editor.css") });
