// 托育计数 — the childcare measures of a region and period, as the filing system keeps them in
// the rollups: one batched read for every region of a drill-down.
import { countMeasuresWith } from "../indicator/area-measures.js";

countMeasuresWith("CHILDCARE", "CHILDCARE", (context, regionCode, period) => context.loaders.childcare.measures.load({ regionCode, period: period.key }));
