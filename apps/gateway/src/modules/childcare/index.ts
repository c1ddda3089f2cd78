// 托育 — the childcare area of the graph: its types, what a region answers, its measures and its writes.
import "./types.js";
import "./regions.js";
import "./measures.js";
import "./writes.js";
