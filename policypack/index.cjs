// The entry the Pulumi CLI loads (`main` in package.json). Pulumi's policy-pack runner `require`s
// the pack and registers its vendored ts-node for `.ts` files, which cannot load this ESM project;
// so this CommonJS shim registers tsx's ESM loader (unless the runtime's `nodeargs` already did)
// and imports the TypeScript pack through it. The runner awaits the exported promise, which
// rejects if the pack fails to load — first with what to install when the Pulumi packages, optional
// peer dependencies of ai-iam, are missing.
module.exports = import("tsx/esm/api")
  .then(({ register }) => {
    register();
    return import("../src/input/capture/peers.ts");
  })
  .then(({ missingPeersDiagnostic, PEERS_NEEDED }) => {
    const missing = missingPeersDiagnostic("ai-iam's policy pack", PEERS_NEEDED.policyPack, __filename);
    if (missing) throw new Error(`${missing.message}: ${missing.hint}`);
    return import("./index.ts");
  });
