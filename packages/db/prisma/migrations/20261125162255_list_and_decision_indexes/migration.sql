-- CreateIndex
CREATE INDEX "birth_region_code_id_idx" ON "birth"("region_code", "id");

-- CreateIndex
CREATE INDEX "death_region_code_id_idx" ON "death"("region_code", "id");

-- CreateIndex
CREATE INDEX "birth_registration_region_code_id_idx" ON "birth_registration"("region_code", "id");

-- CreateIndex
CREATE INDEX "rebirth_approval_region_code_id_idx" ON "rebirth_approval"("region_code", "id");

-- CreateIndex
CREATE INDEX "eligibility_decision_program_code_id_number_idx" ON "eligibility_decision"("program_code", "id_number");


-- Statistics for the planner: the embedded database has no autovacuum, and a database seeded
-- before this migration may never have been analyzed.
ANALYZE;
