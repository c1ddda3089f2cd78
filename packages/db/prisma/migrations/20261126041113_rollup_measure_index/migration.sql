-- A stock at a period's end (registry residents, childcare places, families in the archive) sums
-- one measure's flows over the years before the period and the months of its year. By
-- (region, period, measure) that is every measure of every earlier period of the region, read and
-- filtered; by (region, measure, period) it is two short runs of the index. The value is not in
-- the index, so a trigger's update of a count stays a HOT update.
-- CreateIndex
CREATE INDEX IF NOT EXISTS "region_rollup_measure_period" ON "region_rollup"("region_code", "measure", "period");
