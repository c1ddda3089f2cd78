// popfam seed, from the gateway's build: writes the synthetic data set into DATABASE_URL (or the
// embedded database), holding the seed advisory lock.   node dist/cli/seed.js -- --scale 1
import "@popfam/db/seed/cli";
