// Arguments every area takes the same way.
import { Period } from "@popfam/domain";
import { z } from "zod";

/** A period argument: "2021", "2021Q2" or "2021-05". */
export const PeriodArg = z.string().pipe(Period);

/** A month argument: "2021-05". */
export const MonthArg = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "expected a month, YYYY-MM" });

/**
 * A global ID input, as the relay plugin hands it over once decoded: checked before the plugin
 * decodes it (a string), and usable after (typename and id).
 */
export const DecodedId = z.union([z.string().min(1), z.object({ typename: z.string(), id: z.string().min(1) })]);
