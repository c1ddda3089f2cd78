-- CreateTable
CREATE TABLE "birth_channel_record" (
    "id" TEXT NOT NULL,
    "channel" "BirthChannel" NOT NULL,
    "mother_id_number" TEXT NOT NULL,
    "child_id_number" TEXT,
    "sex" "Sex" NOT NULL,
    "birth_date" DATE NOT NULL,
    "birth_order" INTEGER,
    "region_code" TEXT NOT NULL,
    "reported_on" DATE NOT NULL,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "birth_channel_record_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "birth_channel_record_mother_id_number_idx" ON "birth_channel_record"("mother_id_number");

-- CreateIndex
CREATE INDEX "birth_channel_record_region_code_birth_date_idx" ON "birth_channel_record"("region_code", "birth_date");

