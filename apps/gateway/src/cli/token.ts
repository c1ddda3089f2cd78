// Mints a development token:
//   pnpm --filter @popfam/gateway token -- --subject alice --role OFFICER --jurisdiction 320722 [--scope pii:read] [--expires 8h]
import { parseArgs } from "node:util";
import { loadConfig } from "../env.js";
import { Role, Scope } from "../auth/principal.js";
import { signToken } from "../auth/tokens.js";

const { values } = parseArgs({
  // `pnpm <script> -- --flag` hands the script a literal "--" first.
  args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--")),
  options: {
    subject: { type: "string", default: "developer" },
    kind: { type: "string", default: "staff" },
    role: { type: "string", default: "OFFICER" },
    jurisdiction: { type: "string" },
    scope: { type: "string", multiple: true, default: [] },
    expires: { type: "string", default: "8h" },
  },
});
if (!values.jurisdiction) {
  console.error("--jurisdiction is required: a region code (e.g. 320722) or * for nationwide");
  process.exit(2);
}
const token = await signToken(loadConfig().auth, {
  subject: values.subject,
  kind: values.kind === "vendor" ? "vendor" : "staff",
  role: Role.parse(values.role),
  jurisdiction: values.jurisdiction,
  scopes: values.scope.map((s) => Scope.parse(s)),
  expiresIn: values.expires,
});
console.log(token);
