// 资金发放 — the payment ledger: batches and their lines (append-only, a batch written once per
// idempotency key, all its lines or none), what was paid per program in a year, and the write
// that records a batch after checking every line against the roster and what is due.
import { scanCost } from "../cost.js";
import { checkPaymentBatch, PaymentFen, type PaymentBatch, type PaymentLine, type Region } from "@popfam/domain";
import type { PaidTotal } from "@popfam/sources";
import { RecordPaymentBatchCommand } from "@popfam/sources";
import { z } from "zod";
import { builder } from "../../builder.js";
import { gatewayError } from "../../errors.js";
import { MoneyRef } from "../../kit/money.js";
import { connectionComplexity, inMemoryPage, pageRequest, toConnection } from "../../kit/pagination.js";
import { freeText } from "../../kit/personal-data.js";
import { guardedRecord } from "../../kit/records.js";
import { RegionRef, regionByCode } from "../region/region.js";
import { authorizeWrite, existing, sendCommand } from "../../kit/writes.js";
import { BeneficiaryRef } from "./beneficiaries.js";
import { addAssistanceList } from "./lists.js";
import { dueByBeneficiary, ProgramRef, rostersWithRates, YearArg } from "./programs.js";

const LineRef = builder.objectRef<PaymentLine>("PaymentLine").implement({
  description: "发放明细 — an amount paid to a beneficiary",
  fields: (t) => ({
    beneficiary: t.field({ type: BeneficiaryRef, nullable: true, resolve: (l, _a, c) => c.loaders.assistance.beneficiariesByIds.load(l.beneficiaryId), description: "扶助对象 — beneficiary" }),
    amount: t.field({ type: MoneyRef, resolve: (l) => l.amountFen, description: "金额 — amount" }),
  }),
});

export const PaymentBatchRef = builder.objectRef<PaymentBatch>("PaymentBatch");
builder.node(PaymentBatchRef, {
  description: "发放批次 — a payment batch of the append-only ledger",
  id: { resolve: (b) => b.id },
  ...guardedRecord<PaymentBatch>("PaymentBatch", (b) => b.regionCode, (c) => c.loaders.assistance.paymentBatchesByIds),
  fields: (t) => ({
    program: t.field({ type: ProgramRef, nullable: true, resolve: (b, _a, c) => c.loaders.assistance.programsByCodes.load(b.programCode), description: "项目 — program" }),
    region: t.field({ type: RegionRef, nullable: true, resolve: (b, _a, c) => regionByCode(c, b.regionCode), description: "发放地区 — region" }),
    year: t.exposeInt("year", { description: "年度 — year" }),
    paidOn: t.expose("paidOn", { type: "Date", description: "发放日期 — paid on" }),
    lineCount: t.exposeInt("lineCount", { description: "明细条数 — lines" }),
    total: t.field({ type: MoneyRef, resolve: (b) => b.totalFen, description: "合计 — total" }),
    recordedBy: t.string({
      description: "登记人 — recorded by",
      resolve: (b, _a, c) => freeText(c, b.recordedBy, { entityType: "PaymentBatch", entityId: b.id, field: "recordedBy" }),
    }),
    lines: t.connection(
      {
        type: LineRef,
        description: "明细 — the lines",
        complexity: connectionComplexity,
        resolve: async (b, args, c) => {
          const lines = await c.loaders.assistance.paymentLinesByBatches.load(b.id);
          return toConnection(inMemoryPage(lines, "id", pageRequest(args)), "id");
        },
      },
      { name: "PaymentBatchLinesConnection", description: "发放明细（分页） — a page of lines" },
      { name: "PaymentBatchLinesEdge", description: "发放明细（一条） — a line" },
    ),
  }),
});

const PaidRef = builder.objectRef<{ programCode: string; total: PaidTotal }>("PaidTotal").implement({
  description: "已发放合计 — what was paid for a program in a year",
  fields: (t) => ({
    program: t.field({ type: ProgramRef, nullable: true, resolve: (p, _a, c) => c.loaders.assistance.programsByCodes.load(p.programCode), description: "项目 — program" }),
    beneficiaries: t.int({ resolve: (p) => p.total.beneficiaries, description: "已发放人数 — beneficiaries paid" }),
    amount: t.field({ type: MoneyRef, resolve: (p) => p.total.amountFen, description: "金额 — amount" }),
  }),
});

addAssistanceList({
  field: "paymentBatches",
  type: PaymentBatchRef,
  typeName: "RegionPaymentBatches",
  description: "发放批次 — the payment batches of a year",
  loader: (context) => context.loaders.assistance.paymentBatchPages,
});

builder.objectFields(RegionRef, (t) => ({
  paid: t.field({
    type: [PaidRef],
    nullable: true,
    description: "各项目年度已发放合计 — what was paid for each program in force in a year",
    authScopes: (region: Region) => ({ jurisdiction: region.code }),
    complexity: scanCost("paid"),
    args: { year: t.arg.int({ required: true, validate: YearArg, description: "年度 — year" }) },
    resolve: async (region, { year }, c) => {
      const programs = await c.loaders.assistance.programsInForce.load({ regionCode: region.code, year });
      // Summed by the system: the lines themselves (thousands for a county) are not fetched.
      const totals = await Promise.all(programs.map((p) => c.loaders.assistance.paidTotalsOfRosters.load({ regionCode: region.code, programCode: p.code, year })));
      return programs.map((p, i) => ({ programCode: p.code, total: totals[i]! }));
    },
  }),
}));

const LineInput = builder.inputType("PaymentLineInput", {
  description: "发放明细 — a line to pay",
  fields: (t) => ({
    beneficiaryId: t.globalID({ required: true, for: [BeneficiaryRef], description: "扶助对象的全局ID（Beneficiary.id） — the beneficiary's global ID" }),
    amountFen: t.field({ type: "SafeInt", required: true, description: "金额（分） — amount in fen" }),
  }),
});

const BatchInput = builder.inputType("RecordPaymentBatchInput", {
  description: "登记发放批次 — a payment batch to record",
  fields: (t) => ({
    idempotencyKey: t.string({ required: true, description: "幂等键（重试用同一键，绝不重复发放） — idempotency key: a retry never pays twice" }),
    programCode: t.string({ required: true, description: "项目代码 — program" }),
    regionCode: t.string({ required: true, description: "发放地区（县、乡） — region the batch pays in" }),
    year: t.int({ required: true, description: "年度 — year" }),
    paidOn: t.field({ type: "Date", required: true, description: "发放日期 — paid on" }),
    lines: t.field({ type: [LineInput], required: true, description: "明细（1–5000条） — lines (1 to 5,000)" }),
  }),
});

// The command's rules, with each line's beneficiary given by its global ID (checked before or after it is decoded).
const GlobalIdArgument = z.union([z.string().min(1), z.object({ typename: z.string(), id: z.string().min(1) })]);
const BatchArgument = RecordPaymentBatchCommand.omit({ recordedBy: true }).extend({
  lines: z.array(z.object({ beneficiaryId: GlobalIdArgument, amountFen: PaymentFen })).min(1).max(5000),
});

builder.mutationFields((t) => ({
  recordPaymentBatch: t.field({
    type: PaymentBatchRef,
    description: "登记一个发放批次（幂等；逐条核对名册与应发金额；整批写入或不写） — record a payment batch (idempotent; every line checked against the roster and what is due; all or nothing)",
    args: { input: t.arg({ type: BatchInput, required: true, validate: BatchArgument }) },
    resolve: async (_root, { input: given }, context) => {
      const input = { ...given, lines: given.lines.map((line) => ({ beneficiaryId: line.beneficiaryId.id, amountFen: line.amountFen })) };
      authorizeWrite(context, "assistance:write", input.regionCode, "recordPaymentBatch");
      const { loaders } = context;
      const program = await existing(loaders.assistance.programsByCodes.load(input.programCode), "programCode", "program");
      const key = { regionCode: input.regionCode, programCode: program.code, year: input.year };
      const [roster, { components }] = await Promise.all([loaders.assistance.rosters.load(key), rostersWithRates(context, input.regionCode, input.year)]);
      const due = await dueByBeneficiary(context, program, roster, input.year, components);
      // Checked here against the roster and the year's due; what was paid before is checked by the
      // system under its lock (a retry of this very batch must not count its own lines as paid).
      const problems = checkPaymentBatch(input.lines, roster, [], due);
      if (problems.length > 0) {
        const [first] = problems;
        throw gatewayError("INVALID_INPUT", `input.${first!.field}: ${first!.message}`, {
          field: `input.${first!.field}`,
          reason: "INVALID_PAYMENT",
          issues: problems.map((p) => ({ field: `input.${p.field}`, message: p.message })),
        });
      }
      const lines = input.lines.map((line) => ({ ...line, dueFen: due.get(line.beneficiaryId) ?? 0 }));
      return sendCommand(
        context,
        { action: "RECORD_PAYMENT_BATCH", entityType: "PaymentBatch", fields: ["programCode", "regionCode", "year", "paidOn", "lines"] },
        context.ports.ASSISTANCE.recordPaymentBatches,
        { ...input, lines, recordedBy: context.principal.subject },
      );
    },
  }),
}));
