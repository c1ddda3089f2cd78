-- CreateTable
CREATE TABLE "program_exclusion" (
    "program_code" TEXT NOT NULL,
    "excludes_code" TEXT NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "program_exclusion_pkey" PRIMARY KEY ("program_code","excludes_code")
);

-- CreateTable
CREATE TABLE "idempotent_command" (
    "idempotency_key" TEXT NOT NULL,
    "mutation" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "result_id" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotent_command_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateIndex
CREATE INDEX "program_exclusion_excludes_code_idx" ON "program_exclusion"("excludes_code");


-- 互斥项目 as data. None of these rows quotes a national document: the national and Shanghai
-- programs of this data set are synthetic, and so is their exclusion.
INSERT INTO "program_exclusion" ("program_code", "excludes_code", "source") VALUES
  ('RETIREE_ONE_TIME_REWARD', 'ONLY_CHILD_PARENT_OLD_AGE_REWARD',
   'synthetic: the one-time reward of a parent of an only child is paid once, at retirement to a certificate-holding employee (持证退休职工) or in old age to anyone else, never both; no document quoted'),
  ('SH_ONLY_CHILD_OLD_AGE_REWARD', 'ONLY_CHILD_PARENT_OLD_AGE_REWARD',
   'synthetic: Shanghai''s one-time old-age reward is the national one as Shanghai pays it (one reward under two program codes); no document quoted'),
  ('SH_ONLY_CHILD_OLD_AGE_REWARD', 'RETIREE_ONE_TIME_REWARD',
   'synthetic: Shanghai''s one-time old-age reward is the national one, which excludes the retirees'' one-time reward; no document quoted');

-- One idempotency key, one command, whichever mutation: every table a mutation writes its
-- record to registers the key here in the same statement (a set-based trigger, so bulk loads
-- register theirs too). A second use of a key by another table is a unique violation.
CREATE FUNCTION idempotent_command_register() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'eligibility_decision' THEN
    INSERT INTO idempotent_command (idempotency_key, mutation, request_hash, result_id)
    SELECT idempotency_key, 'confirmEligibility', request_hash, id FROM inserted;
  ELSIF TG_TABLE_NAME = 'payment_batch' THEN
    INSERT INTO idempotent_command (idempotency_key, mutation, request_hash, result_id)
    SELECT idempotency_key, 'recordPaymentBatch', request_hash, id FROM inserted;
  ELSIF TG_TABLE_NAME = 'beneficiary_exit' THEN
    INSERT INTO idempotent_command (idempotency_key, mutation, request_hash, result_id)
    SELECT idempotency_key, 'recordBeneficiaryExit', request_hash, beneficiary_id FROM inserted;
  ELSIF TG_TABLE_NAME = 'visit' THEN
    INSERT INTO idempotent_command (idempotency_key, mutation, request_hash, result_id)
    SELECT idempotency_key, 'recordVisit', request_hash, id FROM inserted WHERE idempotency_key IS NOT NULL;
  ELSIF TG_TABLE_NAME = 'family_doctor_contract' THEN
    INSERT INTO idempotent_command (idempotency_key, mutation, request_hash, result_id)
    SELECT idempotency_key, 'signFamilyDoctorContract', request_hash, id FROM inserted WHERE idempotency_key IS NOT NULL;
  ELSE
    RAISE EXCEPTION 'idempotent_command_register: no mutation writes to %', TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER eligibility_decision_command AFTER INSERT ON eligibility_decision
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register();
CREATE TRIGGER payment_batch_command AFTER INSERT ON payment_batch
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register();
CREATE TRIGGER beneficiary_exit_command AFTER INSERT ON beneficiary_exit
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register();
CREATE TRIGGER visit_command AFTER INSERT ON visit
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register();
CREATE TRIGGER family_doctor_contract_command AFTER INSERT ON family_doctor_contract
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register();

-- The keys already written.
INSERT INTO idempotent_command (idempotency_key, mutation, request_hash, result_id)
SELECT idempotency_key, 'confirmEligibility', request_hash, id FROM eligibility_decision
UNION ALL SELECT idempotency_key, 'recordPaymentBatch', request_hash, id FROM payment_batch
UNION ALL SELECT idempotency_key, 'recordBeneficiaryExit', request_hash, beneficiary_id FROM beneficiary_exit
UNION ALL SELECT idempotency_key, 'recordVisit', request_hash, id FROM visit WHERE idempotency_key IS NOT NULL
UNION ALL SELECT idempotency_key, 'signFamilyDoctorContract', request_hash, id FROM family_doctor_contract WHERE idempotency_key IS NOT NULL
ON CONFLICT (idempotency_key) DO NOTHING;
