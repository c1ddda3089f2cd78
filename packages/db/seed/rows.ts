// Row shapes for bulk loading, derived from the Prisma models (the one source of the data
// layer's types) with dates as ISO strings, which is how the generator and COPY handle them.
// Each area names the rows of its own tables: `type PersonRow = SeedRow<models.PersonModel>`.

/** A Prisma model's row with its dates as ISO strings. Json columns take the domain's objects. */
export type SeedRow<Model> = {
  [K in keyof Model]: Model[K] extends Date ? string : Model[K] extends Date | null ? string | null : Model[K];
};
