-- rollup_apply's upsert takes its leaves as array parameters. The plan cache weighed each call's
-- custom plan (planned for the arrays' actual sizes) as cheaper than the generic one and so kept
-- planning the statement afresh at every call: a third of the database time of a birth written
-- alone. One generic plan serves every call; the statement's work (group the keys, sort them,
-- upsert in key order) is the same whatever the number of leaves.
ALTER FUNCTION rollup_apply(text[], date[], text[], bigint[]) SET plan_cache_mode = force_generic_plan;
