// The database adapters' batched reads by mother, by ID number and by region and period: one
// statement per call however many keys, answers in the keys' order, nothing (not an error) for
// an unknown key, and an invalid record failing its own key only.
import type { Database } from "@popfam/db";
import { openSeededTestDatabase, testDatabaseTargets } from "@popfam/db/testing";
import { BIRTH_CHANNEL_ORDER, generateIdNumber, type BirthChannelRecord } from "@popfam/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { birthChannelsFromDatabase } from "../src/birth-channels/db-adapter.js";
import { populationRegistryFromDatabase } from "../src/population-registry/db-adapter.js";
import { birthRegistrationFromDatabase } from "../src/registrations/db-adapter.js";
import { UpstreamError } from "../src/index.js";
import { countingSql } from "./counting-sql.js";


const CHANNEL_ORDER_SQL = `array_position(ARRAY['BIRTH_CERTIFICATE','HOUSEHOLD_REGISTRATION','VACCINATION']::text[], channel::text)`;

function inLinkageOrder(records: readonly BirthChannelRecord[]): boolean {
  const key = (r: BirthChannelRecord) => [r.birthDate, BIRTH_CHANNEL_ORDER.indexOf(r.channel), r.id] as const;
  return records.every((r, i) => {
    if (i === 0) return true;
    const [a, b] = [key(records[i - 1]!), key(r)];
    return a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])));
  });
}

// A mother, a person and a village the seed does not have, for the invalid rows.
const BAD_MOTHER = generateIdNumber({ regionCode: "110101", birthDate: "1990-01-01", sequence: 2, sex: "FEMALE" });
const BAD_PERSON = generateIdNumber({ regionCode: "110101", birthDate: "1991-02-02", sequence: 4, sex: "FEMALE" });

describe.each(testDatabaseTargets())("database adapters' batched reads on $name", (target) => {
  let db: Database;
  let sql: ReturnType<typeof countingSql>;
  const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);

  beforeAll(async () => {
    db = await openSeededTestDatabase(target);
    sql = countingSql(db.sql);
  });
  afterAll(async () => {
    await db?.close();
  });

  describe("channelRecordsByMothers", () => {
    it("answers every mother in one statement, in the order asked, each mother's records by birth date, channel, id", async () => {
      const mothers = (
        await db.sql.query<{ m: string }>(
          `SELECT mother_id_number AS m FROM birth_channel_record GROUP BY mother_id_number ORDER BY count(*) DESC, mother_id_number LIMIT 40`,
        )
      ).map((r) => r.m);
      expect(mothers).toHaveLength(40);
      const asked = [...mothers].reverse();
      asked.splice(5, 0, "110101199001019999", mothers[0]!);
      sql.statements = 0;
      const answers = await birthChannelsFromDatabase(sql).channelRecordsByMothers(asked);
      expect(sql.statements).toBe(1);
      expect(answers).toHaveLength(asked.length);
      for (const [i, mother] of asked.entries()) {
        const answer = answers[i]!;
        if (answer instanceof Error) throw answer;
        const raw = await db.sql.query<{ id: string }>(
          `SELECT id FROM birth_channel_record WHERE mother_id_number = $1 ORDER BY birth_date, ${CHANNEL_ORDER_SQL}, id COLLATE "C"`,
          [mother],
        );
        expect(ids(answer)).toEqual(ids(raw));
        expect(answer.every((r) => r.motherIdNumber === mother)).toBe(true);
        expect(inLinkageOrder(answer)).toBe(true);
      }
      expect(answers[5]).toEqual([]);
      expect(answers[6]).toEqual(answers[asked.lastIndexOf(mothers[0]!)]);
      // The busiest mother has had more than one birth, each with its channels' records.
      expect((answers[6] as BirthChannelRecord[]).length).toBeGreaterThan(3);
    });

    it("reads each record with ISO dates, the child's ID number on the household registration only", async () => {
      const [answer] = await birthChannelsFromDatabase(db.sql).channelRecordsByMothers([
        (await db.sql.query<{ m: string }>(`SELECT mother_id_number AS m FROM birth_channel_record WHERE channel = 'HOUSEHOLD_REGISTRATION' ORDER BY id LIMIT 1`))[0]!.m,
      ]);
      if (!Array.isArray(answer)) throw answer;
      for (const record of answer) {
        expect(record.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(record.reportedOn >= record.birthDate).toBe(true);
        expect(record.childIdNumber === null).toBe(record.channel !== "HOUSEHOLD_REGISTRATION");
        expect(record.birthOrder === null).toBe(record.channel !== "BIRTH_CERTIFICATE");
      }
    });

    it("answers an empty call with no statement", async () => {
      sql.statements = 0;
      expect(await birthChannelsFromDatabase(sql).channelRecordsByMothers([])).toEqual([]);
      expect(sql.statements).toBe(0);
    });
  });

  describe("channelRecordsInRegions", () => {
    it("answers every region and period in one statement, by code prefix and birth date, as the raw rows", async () => {
      const queries = [
        { regionCode: "320722", period: "2021" },
        { regionCode: "320722101", period: "2022Q1" },
        { regionCode: "360000", period: "2023-05" },
        { regionCode: "320700", period: "2024" },
        { regionCode: "320722", period: "2021" },
        { regionCode: "110101", period: "2021" },
      ];
      sql.statements = 0;
      const answers = await birthChannelsFromDatabase(sql).channelRecordsInRegions(queries);
      expect(sql.statements).toBe(1);
      const ranges: Record<string, [string, string]> = {
        "2021": ["2021-01-01", "2021-12-31"], "2022Q1": ["2022-01-01", "2022-03-31"], "2023-05": ["2023-05-01", "2023-05-31"], "2024": ["2024-01-01", "2024-12-31"],
      };
      for (const [i, query] of queries.entries()) {
        const answer = answers[i]!;
        if (answer instanceof Error) throw answer;
        const raw = await db.sql.query<{ id: string }>(
          `SELECT id FROM birth_channel_record WHERE region_code LIKE $1 || '%' AND birth_date BETWEEN $2::date AND $3::date
           ORDER BY birth_date, ${CHANNEL_ORDER_SQL}, id COLLATE "C"`,
          [query.regionCode.replace(/0+$/, ""), ...ranges[query.period]!],
        );
        expect(ids(answer)).toEqual(ids(raw));
        expect(inLinkageOrder(answer)).toBe(true);
      }
      expect((answers[0] as BirthChannelRecord[]).length).toBeGreaterThan(10);
      expect(answers[4]).toEqual(answers[0]);
      expect(answers[5]).toEqual([]);
    });

    it("gives a query with an invalid period its own error, the others their records", async () => {
      const [bad, good] = await birthChannelsFromDatabase(db.sql).channelRecordsInRegions([
        { regionCode: "320722", period: "2021-13" },
        { regionCode: "320722", period: "2021-03" },
      ]);
      expect(bad).toBeInstanceOf(Error);
      expect(Array.isArray(good) && good.length > 0).toBe(true);
    });
  });

  describe("registrationsByMothers", () => {
    it("answers every mother in one statement, her registrations oldest first", async () => {
      const twice = (
        await db.sql.query<{ m: string }>(`SELECT mother_id_number AS m FROM birth_registration GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 5`)
      ).map((r) => r.m);
      expect(twice.length).toBeGreaterThan(0);
      const once = (await db.sql.query<{ m: string }>(`SELECT mother_id_number AS m FROM birth_registration ORDER BY id DESC LIMIT 20`)).map((r) => r.m);
      const asked = [...once, "110101199001019999", ...twice];
      sql.statements = 0;
      const answers = await birthRegistrationFromDatabase(sql).registrationsByMothers(asked);
      expect(sql.statements).toBe(1);
      for (const [i, mother] of asked.entries()) {
        const answer = answers[i]!;
        if (answer instanceof Error) throw answer;
        const raw = await db.sql.query<{ id: string }>(
          `SELECT id FROM birth_registration WHERE mother_id_number = $1 ORDER BY registered_on, id COLLATE "C"`,
          [mother],
        );
        expect(ids(answer)).toEqual(ids(raw));
        expect(answer.map((r) => r.registeredOn)).toEqual(answer.map((r) => r.registeredOn).sort());
      }
      expect(answers[once.length]).toEqual([]);
      expect((answers[answers.length - 1] as unknown[]).length).toBeGreaterThan(1);
    });
  });

  describe("personsByIdNumbers", () => {
    it("answers every ID number in one statement, in the order asked, null for an unknown one", async () => {
      const persons = await db.sql.query<{ id: string; id_number: string }>(`SELECT id, id_number FROM person ORDER BY id DESC LIMIT 50`);
      const asked = [...persons.map((p) => p.id_number), "110101199001019999", persons[3]!.id_number];
      sql.statements = 0;
      const answers = await populationRegistryFromDatabase(sql).personsByIdNumbers(asked);
      expect(sql.statements).toBe(1);
      expect(answers.slice(0, persons.length).map((p) => (p instanceof Error ? p : p?.id))).toEqual(persons.map((p) => p.id));
      expect(answers[persons.length]).toBeNull();
      expect(answers[persons.length + 1]).toEqual(answers[3]);
    });
  });

  describe("region pages, each row read as one JSON text", () => {
    it("give the very records the columns give, for every list read so", async () => {
      const registry = populationRegistryFromDatabase(db.sql);
      const channels = birthChannelsFromDatabase(db.sql);
      const registrations = birthRegistrationFromDatabase(db.sql);
      const query = { regionCode: "320722", period: null, first: 40, after: null };
      const lists: [string, (q: (typeof query)[]) => Promise<unknown[]>, (ids: string[]) => Promise<unknown[]>][] = [
        ["persons", registry.personPages, registry.personsByIds],
        ["deaths", registry.deathPages, registry.deathsByIds],
        ["births", channels.birthPages, channels.birthsByIds],
        ["registrations", registrations.registrationPages, registrations.registrationsByIds],
        ["approvals", registrations.approvalPages, registrations.approvalsByIds],
      ];
      for (const [name, pages, byIds] of lists) {
        const [page] = (await pages([query])) as { items: { id: string }[] }[];
        expect(page!.items.length, name).toBeGreaterThan(0);
        // Dates, nulls, numbers and enums as the columns read them: the records are equal field for field.
        expect(page!.items, name).toEqual(await byIds(page!.items.map((item) => item.id)));
      }
    });
  });

  describe("an invalid record", () => {
    beforeAll(async () => {
      // A record reported before the birth, a registration of a fourth child, a person whose sex
      // disagrees with the ID number: each breaks its schema.
      await db.sql.query(
        `INSERT INTO birth_channel_record (id, channel, mother_id_number, child_id_number, sex, birth_date, birth_order, region_code, reported_on)
         VALUES ('C-bad-1', 'VACCINATION', $1, NULL, 'MALE', '2030-06-10', NULL, '320722101001', '2030-06-01'),
                ('C-good-1', 'BIRTH_CERTIFICATE', $1, NULL, 'MALE', '2030-06-10', 1, '320722101001', '2030-06-11')`,
        [BAD_MOTHER],
      );
      await db.sql.query(
        `INSERT INTO birth_registration (id, mother_person_id, mother_id_number, child_order, mode, registered_on, region_code)
         VALUES ('R-bad-1', NULL, $1, 4, 'ONLINE', '2030-01-01', '320722101001')`,
        [BAD_MOTHER],
      );
      await db.sql.query(
        `INSERT INTO person (id, id_number, name, sex, birth_date, hukou_region_code, residence_region_code, hukou_type, status, registered_on)
         VALUES ('P-bad-1', $1, '测试', 'MALE', '1991-02-02', '110101', '320722101001', 'URBAN', 'REGISTERED', '2020-01-01')`,
        [BAD_PERSON],
      );
    });

    it("fails its own key only, as an UpstreamError of the system naming the record", async () => {
      const good = (await db.sql.query<{ m: string }>(`SELECT mother_id_number AS m FROM birth_channel_record WHERE synthetic ORDER BY id LIMIT 1`))[0]!.m;
      const [badRecords, goodRecords] = await birthChannelsFromDatabase(db.sql).channelRecordsByMothers([BAD_MOTHER, good]);
      expect(badRecords).toBeInstanceOf(UpstreamError);
      expect(badRecords).toMatchObject({ system: "BIRTH_CHANNELS", code: "UPSTREAM_INVALID_DATA", message: expect.stringMatching(/C-bad-1.*reportedOn/) });
      expect(Array.isArray(goodRecords) && goodRecords.length > 0).toBe(true);

      const [badRegion, goodRegion] = await birthChannelsFromDatabase(db.sql).channelRecordsInRegions([
        { regionCode: "320722101", period: "2030" },
        { regionCode: "320722101", period: "2021" },
      ]);
      expect(badRegion).toBeInstanceOf(UpstreamError);
      expect(Array.isArray(goodRegion) && goodRegion.length > 0).toBe(true);

      const [badRegistrations, goodRegistrations] = await birthRegistrationFromDatabase(db.sql).registrationsByMothers([BAD_MOTHER, good]);
      expect(badRegistrations).toMatchObject({ system: "BIRTH_REGISTRATION", code: "UPSTREAM_INVALID_DATA" });
      expect(Array.isArray(goodRegistrations)).toBe(true);

      const goodPerson = (await db.sql.query<{ id_number: string }>(`SELECT id_number FROM person WHERE synthetic ORDER BY id LIMIT 1`))[0]!.id_number;
      const [badPerson, person] = await populationRegistryFromDatabase(db.sql).personsByIdNumbers([BAD_PERSON, goodPerson]);
      expect(badPerson).toMatchObject({ system: "POPULATION_REGISTRY", code: "UPSTREAM_INVALID_DATA", message: expect.stringMatching(/sex/) });
      expect(person).toMatchObject({ idNumber: goodPerson });
    });
  });
});
