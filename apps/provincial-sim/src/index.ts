export { startSimulator, type RunningSimulator, type SimulatorOptions } from "./server.js";
export { FaultController, FaultPlan, FaultSettings } from "./faults.js";
export { openApiDocument } from "./openapi.js";
