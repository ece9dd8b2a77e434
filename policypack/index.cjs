// The entry the Pulumi CLI loads (`main` in package.json). Pulumi's policy-pack runner `require`s
// the pack and registers its vendored ts-node for `.ts` files, which cannot load this ESM project;
// so this CommonJS shim registers tsx's ESM loader (unless the runtime's `nodeargs` already did)
// and imports the TypeScript pack through it. The runner awaits the exported promise, which
// rejects if the pack fails to load.
module.exports = import("tsx/esm/api").then(({ register }) => {
  register();
  return import("./index.ts");
});
