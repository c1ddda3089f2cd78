// Mints a development token:
//   npx -y pnpm@10.34.8 token -- --subject alice --role OFFICER --jurisdiction 320722 [--scope pii:read] [--expires 8h]
import { isRegionCodeShape } from "@popfam/domain";
import { loadConfig, parseTimeSpan } from "../env.js";
import { Role, Scope } from "../auth/principal.js";
import { defaultLifetimeSeconds, signToken } from "../auth/tokens.js";
import { failUsage, readFlags } from "./command-line.js";

const USAGE = `Mints a token signed with the gateway's JWT_SECRET (development secret when unset).

usage: token -- --jurisdiction <code|*> [options]

  --jurisdiction <code>   region code the principal may see (6, 9 or 12 digits), or * for nationwide (required)
  --subject <id>          the user's or client's id (default: developer)
  --kind staff|vendor     a staff user or a vendor client (default: staff)
  --role <role>           ${Role.options.join(" | ")} (default: OFFICER)
  --operator <id>         a vendor client's operator: it writes only for the childcare institutions this operator runs
  --scope <scope>         ${Scope.options.join(" | ")}; repeat for several
  --expires <span>        lifetime, e.g. 30m, 8h (default: 8h); at most MAX_TOKEN_LIFETIME (default 12h)
  --help                  this text`;

function fail(message: string): never {
  failUsage(USAGE, message);
}

const values = readFlags(USAGE, {
  subject: { type: "string", default: "developer" },
  kind: { type: "string", default: "staff" },
  role: { type: "string", default: "OFFICER" },
  jurisdiction: { type: "string" },
  operator: { type: "string" },
  scope: { type: "string", multiple: true, default: [] },
  expires: { type: "string" },
});
const jurisdiction = values.jurisdiction;
if (!jurisdiction) fail("--jurisdiction is required: a region code (e.g. 320722) or * for nationwide");
if (jurisdiction !== "*" && !isRegionCodeShape(jurisdiction)) fail(`--jurisdiction must be 6, 9 or 12 digits or *`);
if (values.kind !== "staff" && values.kind !== "vendor") fail("--kind must be staff or vendor");
if (values.operator !== undefined && values.kind !== "vendor") fail("--operator is for a vendor client (--kind vendor)");
const role = Role.safeParse(values.role);
if (!role.success) fail(`--role must be one of ${Role.options.join(", ")}`);
const scopes = values.scope.map((s) => Scope.safeParse(s));
if (scopes.some((s) => !s.success)) fail(`--scope must be one of ${Scope.options.join(", ")}`);
const auth = loadConfig().auth;
const lifetime = values.expires === undefined ? defaultLifetimeSeconds(auth) : parseTimeSpan(values.expires);
if (lifetime === null) fail("--expires must be a number and a unit: s, m, h or d (e.g. 8h)");
if (lifetime > auth.maxTokenLifetimeSeconds) {
  fail(`--expires ${values.expires} is longer than MAX_TOKEN_LIFETIME allows (${auth.maxTokenLifetimeSeconds} s): the gateway would refuse the token`);
}

const token = await signToken(auth, {
  subject: values.subject,
  kind: values.kind,
  role: role.data,
  jurisdiction,
  operator: values.operator,
  scopes: scopes.map((s) => s.data!),
  expiresIn: `${lifetime}s`,
});
console.log(token);
