// 金额 — money in the graph: the integer number of fen (the only arithmetic value) beside the
// amount in yuan formatted for display.
import { formatYuan } from "@popfam/domain";
import { builder } from "../builder.js";

export const MoneyRef = builder.objectRef<number>("Money").implement({
  description: "金额 — an amount of money",
  fields: (t) => ({
    fen: t.field({ type: "SafeInt", resolve: (fen) => fen, description: "金额（分，整数；用于计算） — amount in fen, an integer: compute with this" }),
    yuan: t.string({ resolve: (fen) => formatYuan(fen), description: "金额（元，格式化） — amount in yuan, formatted for display, e.g. 1,234.56元" }),
  }),
});
