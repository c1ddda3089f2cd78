-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "RegionLevel" AS ENUM ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE');

-- CreateEnum
CREATE TYPE "Sex" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "PersonStatus" AS ENUM ('REGISTERED', 'DECEASED', 'MOVED_OUT');

-- CreateEnum
CREATE TYPE "HukouType" AS ENUM ('RURAL', 'URBAN');

-- CreateEnum
CREATE TYPE "BirthChannel" AS ENUM ('BIRTH_CERTIFICATE', 'VACCINATION', 'HOUSEHOLD_REGISTRATION');

-- CreateEnum
CREATE TYPE "RegistrationMode" AS ENUM ('ONLINE', 'OFFLINE');

-- CreateEnum
CREATE TYPE "Comparator" AS ENUM ('LTE', 'GTE', 'LT', 'GT', 'BETWEEN');

-- CreateTable
CREATE TABLE "region" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "RegionLevel" NOT NULL,
    "parent_code" TEXT,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "population_base" (
    "region_code" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "resident_population" INTEGER NOT NULL,
    "registered_population" INTEGER NOT NULL,

    CONSTRAINT "population_base_pkey" PRIMARY KEY ("region_code","year")
);

-- CreateTable
CREATE TABLE "household" (
    "id" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "head_person_id" TEXT,
    "address" TEXT NOT NULL,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "household_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" TEXT NOT NULL,
    "id_number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sex" "Sex" NOT NULL,
    "birth_date" DATE NOT NULL,
    "hukou_region_code" TEXT NOT NULL,
    "residence_region_code" TEXT NOT NULL,
    "hukou_type" "HukouType" NOT NULL,
    "status" "PersonStatus" NOT NULL,
    "household_id" TEXT,
    "registered_on" DATE NOT NULL,
    "exited_on" DATE,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "birth" (
    "id" TEXT NOT NULL,
    "child_person_id" TEXT,
    "child_id_number" TEXT,
    "mother_person_id" TEXT,
    "mother_id_number" TEXT NOT NULL,
    "sex" "Sex" NOT NULL,
    "birth_date" DATE NOT NULL,
    "birth_order" INTEGER NOT NULL,
    "region_code" TEXT NOT NULL,
    "channel" "BirthChannel" NOT NULL,
    "reported_on" DATE NOT NULL,
    "key_items_checked" BOOLEAN NOT NULL,
    "key_items_match" BOOLEAN,
    "registration_id" TEXT,
    "rebirth_approval_id" TEXT,
    "policy_conforming" BOOLEAN NOT NULL,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "birth_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "death" (
    "id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "death_date" DATE NOT NULL,
    "reported_on" DATE NOT NULL,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "death_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "birth_registration" (
    "id" TEXT NOT NULL,
    "mother_person_id" TEXT,
    "mother_id_number" TEXT NOT NULL,
    "child_order" INTEGER NOT NULL,
    "mode" "RegistrationMode" NOT NULL,
    "registered_on" DATE NOT NULL,
    "region_code" TEXT NOT NULL,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "birth_registration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rebirth_approval" (
    "id" TEXT NOT NULL,
    "mother_id_number" TEXT NOT NULL,
    "child_order" INTEGER NOT NULL,
    "approved_on" DATE NOT NULL,
    "region_code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "rebirth_approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "target" (
    "id" TEXT NOT NULL,
    "indicator_code" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "comparator" "Comparator" NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "upper_threshold" DOUBLE PRECISION,
    "unit" TEXT NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "region_rollup" (
    "region_code" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "measure" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "region_rollup_pkey" PRIMARY KEY ("region_code","period","measure")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "subject" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "fields" TEXT[],
    "reason" TEXT NOT NULL,
    "operation" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seed_run" (
    "id" SERIAL NOT NULL,
    "seed" INTEGER NOT NULL,
    "scale" DOUBLE PRECISION NOT NULL,
    "residents" INTEGER NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "seed_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "region_parent_code_code_idx" ON "region"("parent_code", "code");

-- CreateIndex
CREATE INDEX "household_region_code_id_idx" ON "household"("region_code", "id");

-- CreateIndex
CREATE UNIQUE INDEX "person_id_number_key" ON "person"("id_number");

-- CreateIndex
CREATE INDEX "person_residence_region_code_id_idx" ON "person"("residence_region_code", "id");

-- CreateIndex
CREATE INDEX "person_household_id_idx" ON "person"("household_id");

-- CreateIndex
CREATE INDEX "birth_region_code_birth_date_idx" ON "birth"("region_code", "birth_date");

-- CreateIndex
CREATE INDEX "birth_mother_id_number_idx" ON "birth"("mother_id_number");

-- CreateIndex
CREATE INDEX "death_region_code_death_date_idx" ON "death"("region_code", "death_date");

-- CreateIndex
CREATE INDEX "birth_registration_region_code_registered_on_idx" ON "birth_registration"("region_code", "registered_on");

-- CreateIndex
CREATE INDEX "birth_registration_mother_id_number_idx" ON "birth_registration"("mother_id_number");

-- CreateIndex
CREATE INDEX "rebirth_approval_region_code_approved_on_idx" ON "rebirth_approval"("region_code", "approved_on");

-- CreateIndex
CREATE INDEX "rebirth_approval_mother_id_number_idx" ON "rebirth_approval"("mother_id_number");

-- CreateIndex
CREATE INDEX "target_region_code_year_idx" ON "target"("region_code", "year");

-- CreateIndex
CREATE UNIQUE INDEX "target_indicator_code_region_code_year_key" ON "target"("indicator_code", "region_code", "year");

-- CreateIndex
CREATE INDEX "audit_log_subject_at_idx" ON "audit_log"("subject", "at");

-- AddForeignKey
ALTER TABLE "region" ADD CONSTRAINT "region_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

