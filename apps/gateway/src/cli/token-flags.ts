// The token command's flags and what they mean, apart from the command itself: the README's
// examples give a token as these flags, and its test mints the same token from them.
import { isRegionCodeShape } from "@popfam/domain";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { parseTimeSpan, type GatewayConfig } from "../env.js";
import { Role, Scope } from "../auth/principal.js";
import { defaultLifetimeSeconds, type TokenInput } from "../auth/tokens.js";

export const TOKEN_USAGE = `Mints a token signed with the gateway's JWT_SECRET (development secret when unset).

usage: token -- --jurisdiction <code|*> [options]

  --jurisdiction <code>   region code the principal may see (6, 9 or 12 digits), or * for nationwide (required)
  --subject <id>          the user's or client's id (default: developer)
  --kind staff|vendor     a staff user or a vendor client (default: staff)
  --role <role>           ${Role.options.join(" | ")} (default: OFFICER)
  --operator <id>         a vendor client's operator: it writes only for the childcare institutions this operator runs
  --scope <scope>         ${Scope.options.join(" | ")}; repeat for several
  --expires <span>        lifetime, e.g. 30m, 8h (default: 8h); at most MAX_TOKEN_LIFETIME (default 12h)
  --help                  this text`;

export const TOKEN_FLAGS = {
  subject: { type: "string", default: "developer" },
  kind: { type: "string", default: "staff" },
  role: { type: "string", default: "OFFICER" },
  jurisdiction: { type: "string" },
  operator: { type: "string" },
  scope: { type: "string", multiple: true, default: [] as string[] },
  expires: { type: "string" },
} satisfies NonNullable<ParseArgsConfig["options"]>;

/** A flag that makes no token; its message names the flag. */
export class TokenFlagError extends Error {}

type TokenFlags = ReturnType<typeof parseArgs<{ args: string[]; options: typeof TOKEN_FLAGS }>>["values"];

/** The token the flags ask for, checked as the gateway will check it (a lifetime it would refuse fails here). */
export function tokenInputOf(values: TokenFlags, auth: GatewayConfig["auth"]): TokenInput {
  const fail = (message: string): never => {
    throw new TokenFlagError(message);
  };
  const jurisdiction = values.jurisdiction ?? fail("--jurisdiction is required: a region code (e.g. 320722) or * for nationwide");
  if (jurisdiction !== "*" && !isRegionCodeShape(jurisdiction)) fail(`--jurisdiction must be 6, 9 or 12 digits or *`);
  const kind = values.kind === "staff" || values.kind === "vendor" ? values.kind : fail("--kind must be staff or vendor");
  if (values.operator !== undefined && kind !== "vendor") fail("--operator is for a vendor client (--kind vendor)");
  const role = Role.safeParse(values.role);
  if (!role.success) fail(`--role must be one of ${Role.options.join(", ")}`);
  const scopes = values.scope.map((s) => Scope.safeParse(s));
  if (scopes.some((s) => !s.success)) fail(`--scope must be one of ${Scope.options.join(", ")}`);
  const lifetime = values.expires === undefined ? defaultLifetimeSeconds(auth) : parseTimeSpan(values.expires);
  if (lifetime === null) fail("--expires must be a number and a unit: s, m, h or d (e.g. 8h)");
  if (lifetime! > auth.maxTokenLifetimeSeconds) {
    fail(`--expires ${values.expires} is longer than MAX_TOKEN_LIFETIME allows (${auth.maxTokenLifetimeSeconds} s): the gateway would refuse the token`);
  }
  return {
    subject: values.subject,
    kind,
    role: role.data!,
    jurisdiction,
    operator: values.operator,
    scopes: scopes.map((s) => s.data!),
    expiresIn: `${lifetime}s`,
  };
}

/** The flags as given on a command line (without the command's own `--`). */
export function parseTokenFlags(args: string[]): TokenFlags {
  return parseArgs({ args, options: TOKEN_FLAGS }).values;
}
