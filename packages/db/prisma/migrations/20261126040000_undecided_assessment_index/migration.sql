-- The 免申即享 list of a region's year (eligibilityAssessments with eligible: true and
-- undecidedOnly: true) is a page of this index in (region, id) order: a page reads its rows
-- and no more, where the (year, region, id) index has it step over every assessment decided
-- or not eligible (nine in ten of a county's) to find them. The page statement binds each
-- query's values as parameters of its own, so the planner sees the filter and picks it.
-- A partial index: Prisma's schema cannot state one (see the EligibilityAssessment model).
CREATE INDEX "eligibility_assessment_undecided_idx" ON "eligibility_assessment"("year", "region_code", "id") WHERE "eligible" AND NOT "decided";
