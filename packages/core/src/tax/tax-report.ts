import { Dec, formatAmount, type RoundingModeName, roundAmount } from "../money/decimal.js";
import type { Disposal, Finding, IncomeEvent, LotsResult } from "./lots-types.js";

/** One tax year of disposals and income, with totals (unrounded: round at the very end). */
export interface TaxReport {
  year: number;
  disposals: Disposal[];
  income: IncomeEvent[];
  /** what a person should check about this year's lines (see Finding) */
  findings: Finding[];
  totals: {
    proceeds: Dec;
    cost: Dec;
    gain: Dec;
    /** gains (net of losses) of short-term and long-term disposals, and of tax-free ones */
    shortTerm: Dec;
    longTerm: Dec;
    taxFree: Dec;
    income: Dec;
  };
}

const ZERO = new Dec(0);

/** [start, end) of a UTC calendar year, epoch ms */
export function yearSpan(year: number): [number, number] {
  return [Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1)];
}

/**
 * The tax year `year` (UTC) of a run of the lots engine: every disposal and income event in
 * it (of `accounts` only, when given), and their totals. A tax-free disposal counts in
 * `taxFree`, not in the short or long term.
 */
export function taxReport(
  result: LotsResult,
  year: number,
  accounts?: ReadonlySet<string>,
): TaxReport {
  const [from, to] = yearSpan(year);
  const keep = (accountId: string, t: number) =>
    t >= from && t < to && (!accounts || accounts.has(accountId));
  const disposals = result.disposals.filter((d) => keep(d.accountId, d.disposedAt));
  const income = result.income.filter((i) => keep(i.accountId, i.at));
  const findings = result.findings.filter((f) => keep(f.accountId, f.at));
  const sum = (xs: Disposal[], f: (d: Disposal) => Dec) => xs.reduce((s, d) => s.add(f(d)), ZERO);
  const taxable = disposals.filter((d) => !d.taxFree);
  return {
    year,
    disposals,
    income,
    findings,
    totals: {
      proceeds: sum(disposals, (d) => d.proceeds),
      cost: sum(disposals, (d) => d.cost),
      gain: sum(disposals, (d) => d.gain),
      shortTerm: sum(
        taxable.filter((d) => d.term === "short"),
        (d) => d.gain,
      ),
      longTerm: sum(
        taxable.filter((d) => d.term === "long"),
        (d) => d.gain,
      ),
      taxFree: sum(
        disposals.filter((d) => d.taxFree),
        (d) => d.gain,
      ),
      income: income.reduce((s, i) => s.add(i.value ?? ZERO), ZERO),
    },
  };
}

/** the columns of a common capital-gains form (IRS Form 8949's (a)–(e) and (h)) and the term */
export const TAX_CSV_HEADER = [
  "Description",
  "Date acquired",
  "Date sold",
  "Proceeds",
  "Cost",
  "Gain or loss",
  "Term",
];

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * The report's disposals as CSV lines (header first), one line at a time so a long year
 * streams: money rounded to `places` with `mode` only here, units as they are. A missing
 * acquisition's date acquired is `MISSING` (its basis is zero).
 */
export function* taxReportCsv(
  report: TaxReport,
  money: { places: number; mode: RoundingModeName },
): Generator<string> {
  const m = (d: Dec) => formatAmount(roundAmount(d, money.places, money.mode));
  yield `${TAX_CSV_HEADER.join(",")}\n`;
  for (const d of report.disposals)
    yield `${[
      `${formatAmount(d.amount)} ${d.asset}`,
      d.acquiredAt === null ? "MISSING" : day(d.acquiredAt),
      day(d.disposedAt),
      m(d.proceeds),
      m(d.cost),
      m(d.gain),
      d.taxFree ? "tax-free" : d.term,
    ]
      .map(cell)
      .join(",")}\n`;
}
