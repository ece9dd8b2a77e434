import { draftSpec } from "./src/analysis/draft-spec/draft.js";
import { generateAuthorizationDetails, authorizationDetailsText } from "./test/helpers/generate-account.js";
import { importAuthorizationDetails } from "./src/input/account/authorization-details.js";
const n = Number(process.argv[2] ?? 5000);
const g = generateAuthorizationDetails({ seed: 1, principals: n, policies: n * 2 });
const { model } = await importAuthorizationDetails([{ file: "a.json", text: authorizationDetailsText(g) }]);
const t0 = performance.now();
const d = draftSpec(model!, { organization: "bench" });
console.log("ms", performance.now() - t0, d.groups.length, d.diagnostics.slice(0, 5).map(x => x.message), process.resourceUsage().maxRSS/1024);
