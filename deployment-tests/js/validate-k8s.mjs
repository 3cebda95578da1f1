// Validates Kubernetes manifests against the Kubernetes API schemas shipped by the npm package kubernetes-models.
// Usage: node validate-k8s.mjs manifests.json   (a JSON array of manifest objects, e.g. from `helm template`)
// Prints one line per problem and exits 1 when any manifest is invalid, 0 when all are valid.
import { readFileSync } from "node:fs";

const manifests = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failures = 0;
for (const [index, manifest] of manifests.entries()) {
  const where = `#${index} ${manifest?.kind}/${manifest?.metadata?.name}`;
  const apiVersion = manifest?.apiVersion;
  const kind = manifest?.kind;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    console.log(`${where}: no apiVersion/kind`);
    failures++;
    continue;
  }
  let model;
  try {
    const module = await import(`kubernetes-models/${apiVersion}`);
    model = module[kind];
  } catch (e) {
    model = undefined;
  }
  if (typeof model !== "function") {
    console.log(`${where}: unknown apiVersion/kind ${apiVersion} ${kind}`);
    failures++;
    continue;
  }
  try {
    new model(manifest).validate();
  } catch (e) {
    console.log(`${where}: ${e.message}`);
    failures++;
  }
}
console.log(`validated ${manifests.length} manifests, ${failures} invalid`);
process.exit(failures === 0 ? 0 : 1);
