// Run a Python script in Pyodide (Node), with wheels installed from a local folder: no network.
//
//   node run.mjs WHEELS_DIR SCRIPT.py INPUT.json OUTPUT.json
//
// Every wheel in WHEELS_DIR except xltools is installed first without dependencies (micropip itself
// is unpacked from its wheel); then xltools is installed *with* its dependencies and an index that
// does not answer, so a dependency that Pyodide would need and that is not in the folder fails the
// run instead of being fetched. SCRIPT must define `async def run_file(source, target)`; it is
// called with INPUT at /work/input.json and writes /work/output.json, which is copied to OUTPUT.
// Timings (seconds) are added under "node_timings". XLWINGS_ON_SERVER=true makes `xlwings.script`
// the decorator xlwings Lite and Server run scripts with; xlwings' remote engine wants a licence key
// outside Lite (inside Lite the add-in handles it): XLWINGS_LICENSE_KEY is passed on.
import { loadPyodide } from "pyodide";
import fs from "node:fs";
import path from "node:path";

const seconds = (a, b) => (b - a) / 1000;

async function main(wheelsDir, scriptPath, inputPath, outputPath) {
  const t0 = performance.now();
  const env = { HOME: "/home/pyodide", XLWINGS_ON_SERVER: "true" };
  if (process.env.XLWINGS_LICENSE_KEY) env.XLWINGS_LICENSE_KEY = process.env.XLWINGS_LICENSE_KEY;
  const pyodide = await loadPyodide({ env });
  const t1 = performance.now();

  const wheels = fs.readdirSync(wheelsDir).filter((f) => f.endsWith(".whl")).sort();
  pyodide.FS.mkdirTree("/wheels");
  for (const f of wheels) {
    pyodide.FS.writeFile("/wheels/" + f, new Uint8Array(fs.readFileSync(path.join(wheelsDir, f))));
  }
  const micropip = wheels.find((f) => f.startsWith("micropip-"));
  if (!micropip) throw new Error("micropip-hjulet saknas i " + wheelsDir);
  pyodide.unpackArchive(new Uint8Array(fs.readFileSync(path.join(wheelsDir, micropip))), "wheel");
  pyodide.globals.set("wheel_names", pyodide.toPy(wheels));
  await pyodide.runPythonAsync(`
import micropip
deps = ["emfs:/wheels/" + w for w in wheel_names if not w.startswith(("micropip-", "xltools-"))]
ours = ["emfs:/wheels/" + w for w in wheel_names if w.startswith("xltools-")]
await micropip.install(deps, deps=False)
# xltools with its dependencies: all must be installed already (nothing is fetched)
await micropip.install(ours, deps=True, index_urls=["http://127.0.0.1:9/simple"])
`);
  const t2 = performance.now();

  pyodide.FS.mkdirTree("/work");
  pyodide.FS.writeFile("/work/input.json", fs.readFileSync(inputPath, "utf8"));
  await pyodide.runPythonAsync(fs.readFileSync(scriptPath, "utf8"), { filename: path.basename(scriptPath) });
  await pyodide.runPythonAsync('await run_file("/work/input.json", "/work/output.json")');
  const t3 = performance.now();

  const output = JSON.parse(pyodide.FS.readFile("/work/output.json", { encoding: "utf8" }));
  output.node_timings = { start: seconds(t0, t1), install: seconds(t1, t2), script: seconds(t2, t3) };
  fs.writeFileSync(outputPath, JSON.stringify(output));
}

const args = process.argv.slice(2);
if (args.length !== 4) {
  console.error("användning: node run.mjs HJULMAPP SKRIPT.py INDATA.json UTDATA.json");
  process.exit(2);
}
try {
  await main(...args);
} catch (err) {
  // the message only: Node would print a line of minified Pyodide source
  console.error(err && err.message ? err.message : String(err));
  process.exit(1);
}
