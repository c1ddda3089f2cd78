// Mints a development token:
//   npx -y pnpm@10.34.8 token -- --subject alice --role OFFICER --jurisdiction 320722 [--scope pii:read] [--expires 8h]
import { loadConfig } from "../env.js";
import { signToken } from "../auth/tokens.js";
import { failUsage, readFlags } from "./command-line.js";
import { TOKEN_FLAGS, TOKEN_USAGE, TokenFlagError, tokenInputOf } from "./token-flags.js";

const values = readFlags(TOKEN_USAGE, TOKEN_FLAGS);
const auth = loadConfig().auth;
let input;
try {
  input = tokenInputOf(values, auth);
} catch (error) {
  if (error instanceof TokenFlagError) failUsage(TOKEN_USAGE, error.message);
  throw error;
}
console.log(await signToken(auth, input));
