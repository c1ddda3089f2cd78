-- CreateEnum
CREATE TYPE "TargetScope" AS ENUM ('REGION_AND_BELOW', 'REGION_ONLY');

-- AlterTable
ALTER TABLE "target" ADD COLUMN     "scope" "TargetScope" NOT NULL DEFAULT 'REGION_AND_BELOW';

-- CreateTable
CREATE TABLE "childcare_enrolment_report" (
    "id" TEXT NOT NULL,
    "institution_id" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "children" INTEGER NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "childcare_enrolment_report_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "childcare_enrolment_report_idempotency_key_key" ON "childcare_enrolment_report"("idempotency_key");

-- CreateIndex
CREATE INDEX "childcare_staff_class_id_idx" ON "childcare_staff"("class_id");

-- CreateIndex
CREATE INDEX "childcare_enrolment_report_institution_id_month_idx" ON "childcare_enrolment_report"("institution_id", "month");


-- Every target written before this migration is a rate, in force below its region too (the default).

-- A command's idempotency key registered by the table its mutation writes (see the writes
-- migration), the mutation and the column naming the record written now given by the trigger
-- itself, so that an area's tables register their commands where they are declared.
CREATE OR REPLACE FUNCTION idempotent_command_register() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_NARGS = 0 THEN RAISE EXCEPTION 'idempotent_command_register on %: the trigger names no mutation', TG_TABLE_NAME; END IF;
  EXECUTE format(
    'INSERT INTO idempotent_command (idempotency_key, mutation, request_hash, result_id)
     SELECT idempotency_key, %L, request_hash, %I FROM inserted WHERE idempotency_key IS NOT NULL',
    TG_ARGV[0], coalesce(TG_ARGV[1], 'id'));
  RETURN NULL;
END
$$;

DROP TRIGGER eligibility_decision_command ON eligibility_decision;
DROP TRIGGER payment_batch_command ON payment_batch;
DROP TRIGGER beneficiary_exit_command ON beneficiary_exit;
DROP TRIGGER visit_command ON visit;
DROP TRIGGER family_doctor_contract_command ON family_doctor_contract;

CREATE TRIGGER eligibility_decision_command AFTER INSERT ON eligibility_decision
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('confirmEligibility');
CREATE TRIGGER payment_batch_command AFTER INSERT ON payment_batch
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('recordPaymentBatch');
CREATE TRIGGER beneficiary_exit_command AFTER INSERT ON beneficiary_exit
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('recordBeneficiaryExit', 'beneficiary_id');
CREATE TRIGGER visit_command AFTER INSERT ON visit
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('recordVisit');
CREATE TRIGGER family_doctor_contract_command AFTER INSERT ON family_doctor_contract
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('signFamilyDoctorContract');

-- The childcare filing system's commands.
CREATE TRIGGER childcare_institution_command AFTER INSERT ON childcare_institution
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('fileChildcareInstitution');
CREATE TRIGGER childcare_filing_command AFTER INSERT ON childcare_filing
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('fileChildcareChange');
CREATE TRIGGER childcare_enrolment_report_command AFTER INSERT ON childcare_enrolment_report
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('reportChildcareEnrolment');
CREATE TRIGGER childcare_incident_command AFTER INSERT ON childcare_incident
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('recordChildcareIncident');
CREATE TRIGGER childcare_inspection_command AFTER INSERT ON childcare_inspection
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('recordChildcareInspection');
CREATE TRIGGER inclusive_recognition_command AFTER INSERT ON inclusive_recognition
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION idempotent_command_register('recogniseInclusiveChildcare');
